using NJsonSchema.Validation;

namespace RpaRunner.Workflows.Catalog;

/// <summary>Turns JSON Schema validation errors into one line each, with a JSON path a person can follow.</summary>
public static class SchemaErrors
{
    public static IEnumerable<(string Path, string Message)> Describe(IEnumerable<ValidationError> errors) =>
        Flatten(errors).Select(e => (ToJsonPath(e.Path), Describe(e)));

    private static IEnumerable<ValidationError> Flatten(IEnumerable<ValidationError> errors)
    {
        foreach (var error in errors)
        {
            if (error is ChildSchemaValidationError child && child.Errors.Count > 0)
            {
                // For oneOf/anyOf, report the branch errors: they say what is wrong.
                var inner = child.Errors.SelectMany(e => e.Value).ToList();
                if (inner.Count > 0)
                {
                    foreach (var e in Flatten(inner))
                    {
                        yield return e;
                    }

                    continue;
                }
            }

            yield return error;
        }
    }

    private static string Describe(ValidationError error) => error.Kind switch
    {
        ValidationErrorKind.PropertyRequired => $"required property '{error.Property}' is missing",
        ValidationErrorKind.NoAdditionalPropertiesAllowed => $"unknown property '{error.Property}'",
        ValidationErrorKind.PatternMismatch => $"does not match the pattern {error.Schema?.Pattern}",
        ValidationErrorKind.NotInEnumeration => $"is not one of the allowed values: {string.Join(", ", error.Schema?.Enumeration ?? [])}",
        ValidationErrorKind.IntegerExpected or ValidationErrorKind.StringExpected or ValidationErrorKind.ObjectExpected or ValidationErrorKind.ArrayExpected
            or ValidationErrorKind.NumberExpected or ValidationErrorKind.BooleanExpected => $"has the wrong JSON type ({error.Kind})",
        _ => $"{error.Kind}",
    };

    /// <summary>NJsonSchema paths look like <c>#/steps[2].inputs</c>; bundle problems use <c>$.steps[2].inputs</c>.</summary>
    private static string ToJsonPath(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "#")
        {
            return "$";
        }

        var trimmed = path.TrimStart('#', '/');
        return trimmed.Length == 0 ? "$" : "$." + trimmed.Replace('/', '.');
    }
}
