using System.Text.Json.Nodes;

namespace RpaRunner.Workflows.Forms;

/// <summary>
/// One problem of submitted form data. <see cref="Path"/> is "section.field" (for a cross-field rule its first
/// field; for a structural problem the section id or ""); <see cref="Code"/> is one of <see cref="FormErrorCodes"/>.
/// </summary>
public sealed record FieldError(string Path, string Code, string Message, string MessageEn);

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

    public IEnumerable<FieldError> ErrorsAt(string path) =>
        Errors.Where(e => string.Equals(e.Path, path, StringComparison.Ordinal));
}
