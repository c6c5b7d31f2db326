using System.Text.Json.Nodes;

namespace RpaRunner.Workflows.Forms;

/// <summary>
/// One problem of submitted form data. <see cref="Path"/> is "section.field" (for a cross-field rule its first
/// field; for a structural problem the section id or ""); <see cref="Code"/> is one of <see cref="FormErrorCodes"/>.
/// <see cref="Fields"/> names every field a cross-field rule's problem concerns (the ID number and the sex it
/// contradicts), so each of them can show it; a problem of one field leaves it null.
/// </summary>
public sealed record FieldError(string Path, string Code, string Message, string MessageEn, IReadOnlyList<string>? Fields = null)
{
    /// <summary>Whether the problem concerns the field at <paramref name="path"/>: its own, or one of a rule's fields.</summary>
    public bool Concerns(string path) =>
        string.Equals(Path, path, StringComparison.Ordinal) || (Fields?.Contains(path, StringComparer.Ordinal) ?? false);
}

/// <summary>The outcome of <see cref="FormValidator.Validate"/>.</summary>
public sealed class FormValidationResult
{
    public FormValidationResult(IReadOnlyList<FieldError> errors, JsonObject normalized)
    {
        Errors = errors;
        Normalized = normalized;
    }

    public bool IsValid => Errors.Count == 0;

    /// <summary>Every problem found, in form order, then rule order.</summary>
    public IReadOnlyList<FieldError> Errors { get; }

    /// <summary>
    /// The valid values of known fields, cleaned: strings trimmed, ID numbers and credit codes upper-cased,
    /// spaces removed from bank cards, +86 removed from mobiles, money and integers as JSON numbers.
    /// Every section of the form is present (possibly empty).
    /// </summary>
    public JsonObject Normalized { get; }

    /// <summary>The problems a field shows: its own and those of the cross-field rules it takes part in.</summary>
    public IEnumerable<FieldError> ErrorsAt(string path) => Errors.Where(e => e.Concerns(path));
}
