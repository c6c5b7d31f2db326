using System.Text.Json;

namespace RpaRunner.Workflows.Forms;

/// <summary>
/// Which fields of a unified form are the applicant's own: the applicant's mobile is the form's first mobile field,
/// and the applicant's name the first Chinese-name field of that same section (新生儿: the mother; 退休: the
/// applicant; 企业开办: the legal representative). The receipt names the applicant by them, masked, and the public
/// progress page asks for the last four digits of that mobile.
/// </summary>
public static class ApplicantFields
{
    /// <summary>"section.field" of the applicant's mobile, or null when the form has none.</summary>
    public static string? PhonePath(FormDefinition form)
    {
        ArgumentNullException.ThrowIfNull(form);
        return PhoneSection(form) is { } section ? $"{section.Id}.{section.Fields.First(f => f.Type == FieldType.Mobile).Id}" : null;
    }

    /// <summary>"section.field" of the applicant's name, or null when the form has none beside the mobile.</summary>
    public static string? NamePath(FormDefinition form)
    {
        ArgumentNullException.ThrowIfNull(form);
        var section = PhoneSection(form);
        var name = section?.Fields.Find(f => f.Type == FieldType.ChineseName);
        return name is null ? null : $"{section!.Id}.{name.Id}";
    }

    /// <summary>The text at <paramref name="path"/> ("section.field") of a case's form, or null.</summary>
    public static string? ValueAt(JsonElement? form, string? path)
    {
        if (form is not { ValueKind: JsonValueKind.Object } data || path is null || path.Split('.') is not [var section, var field])
        {
            return null;
        }

        return data.TryGetProperty(section, out var s) && s.ValueKind == JsonValueKind.Object && s.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()
            : null;
    }

    private static FormSection? PhoneSection(FormDefinition form) =>
        form.Sections.Find(s => s.Fields.Exists(f => f.Type == FieldType.Mobile));
}
