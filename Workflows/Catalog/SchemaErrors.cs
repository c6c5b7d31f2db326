using System.Globalization;
using NJsonSchema.Validation;

namespace RpaRunner.Workflows.Catalog;

/// <summary>
/// Turns JSON Schema validation errors into one line each: a technical message with a JSON path a person can follow,
/// and the common ones (a required property missing, a value of the wrong kind, a value not among the allowed ones)
/// in plain words, Chinese and English.
/// </summary>
public static class SchemaErrors
{
    public static IEnumerable<(string Path, string Message, LocalizedText Text)> Describe(IEnumerable<ValidationError> errors) =>
        Flatten(errors).Select(e => (ToJsonPath(e.Path), Describe(e), Plain(e)));

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

    private static LocalizedText Plain(ValidationError error)
    {
        var where = Place(ToJsonPath(error.Path));
        return error.Kind switch
        {
            ValidationErrorKind.PropertyRequired => new($"{where.Zh}缺少必填项“{error.Property}”", $"{where.En} lacks the required item “{error.Property}”"),
            ValidationErrorKind.NoAdditionalPropertiesAllowed => new($"{where.Zh}有一项无法识别的内容“{error.Property}”", $"{where.En} has an item that is not understood: “{error.Property}”"),
            ValidationErrorKind.PatternMismatch => new($"{where.Zh}的写法不符合要求的格式", $"{where.En} is not written in the required format"),
            ValidationErrorKind.NotInEnumeration => new(
                $"{where.Zh}的值不在可选范围内（可选：{string.Join("、", error.Schema?.Enumeration ?? [])}）",
                $"{where.En} is not one of the allowed values ({string.Join(", ", error.Schema?.Enumeration ?? [])})"),
            ValidationErrorKind.IntegerExpected or ValidationErrorKind.NumberExpected => new($"{where.Zh}应为数字", $"{where.En} must be a number"),
            ValidationErrorKind.StringExpected => new($"{where.Zh}应为文字", $"{where.En} must be text"),
            ValidationErrorKind.BooleanExpected => new($"{where.Zh}应为“是”或“否”", $"{where.En} must be yes or no"),
            ValidationErrorKind.ObjectExpected or ValidationErrorKind.ArrayExpected => new($"{where.Zh}的结构不对", $"{where.En} has the wrong structure"),
            _ => new($"{where.Zh}不符合一件事定义的格式", $"{where.En} does not follow the bundle format"),
        };
    }

    /// <summary>Names the part of a bundle a JSON path points into, the way the designer shows it.</summary>
    private static LocalizedText Place(string path)
    {
        var step = BundlePaths.Step().Match(path);
        if (step.Success)
        {
            return new($"第 {int.Parse(step.Groups[1].ValueSpan, CultureInfo.InvariantCulture) + 1} 个步骤", $"Step {int.Parse(step.Groups[1].ValueSpan, CultureInfo.InvariantCulture) + 1}");
        }

        var field = BundlePaths.FormField().Match(path);
        if (field.Success)
        {
            var section = int.Parse(field.Groups[1].ValueSpan, CultureInfo.InvariantCulture) + 1;
            return field.Groups[2].Success
                ? new($"表单第 {section} 组第 {int.Parse(field.Groups[2].ValueSpan, CultureInfo.InvariantCulture) + 1} 个字段", $"Form section {section}, field {int.Parse(field.Groups[2].ValueSpan, CultureInfo.InvariantCulture) + 1}")
                : new($"表单第 {section} 组", $"Form section {section}");
        }

        return path.StartsWith("$.form", StringComparison.Ordinal) ? new("一次表单", "The form") : new("一件事定义", "The bundle");
    }

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
