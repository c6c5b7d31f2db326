using System.Text.RegularExpressions;

namespace RpaRunner.Workflows.Privacy;

/// <summary>
/// Masks personal data in text bound for logs and the audit trail: citizen ID numbers, mobile numbers and
/// bank cards wherever they appear, and names where the caller knows a value is a name.
/// </summary>
public static partial class PersonalDataMasker
{
    public static string MaskText(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        text = IdNumberPattern().Replace(text, m => m.Value[..6] + new string('*', 8) + m.Value[^4..]);
        text = BankCardPattern().Replace(text, m => m.Value[..4] + new string('*', m.Value.Length - 8) + m.Value[^4..]);
        return MobilePattern().Replace(text, m => m.Value[..3] + "****" + m.Value[^4..]);
    }

    /// <summary>A personal name: keep the first character (the family name, mostly), hide the rest.</summary>
    public static string MaskName(string name) =>
        name.Length <= 1 ? "*" : name[0] + new string('*', name.Length - 1);

    /// <summary>Masks a value by what its key says it is; other values are scanned as text.</summary>
    public static string? MaskValue(string key, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return value;
        }

        return LooksLikeNameKey(key) && !key.Contains("company", StringComparison.OrdinalIgnoreCase) && !key.Contains("bank", StringComparison.OrdinalIgnoreCase)
            ? MaskName(value)
            : MaskText(value);
    }

    public static bool LooksLikeNameKey(string key) =>
        key.Equals("name", StringComparison.OrdinalIgnoreCase) || key.EndsWith("Name", StringComparison.Ordinal);

    [GeneratedRegex(@"(?<![0-9A-Za-z])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[0-9Xx](?![0-9A-Za-z])")]
    private static partial Regex IdNumberPattern();

    [GeneratedRegex(@"(?<!\d)1[3-9]\d{9}(?!\d)")]
    private static partial Regex MobilePattern();

    [GeneratedRegex(@"(?<![0-9A-Za-z])[3-6]\d{15,18}(?![0-9A-Za-z])")]
    private static partial Regex BankCardPattern();
}
