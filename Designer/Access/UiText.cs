namespace RpaRunner.Designer.Access;

/// <summary>
/// The language of one browser: Chinese by default, English when the reader switched. Every text of the
/// UI is written in place as a pair, so a page reads in both languages and no key table drifts.
/// </summary>
public sealed class UiText
{
    public const string CookieName = "rpa.lang";

    public static readonly UiText Chinese = new(english: false);
    public static readonly UiText English = new(english: true);

    private UiText(bool english) => IsEnglish = english;

    public bool IsEnglish { get; }

    public string Code => IsEnglish ? "en" : "zh";

    public string T(string zh, string en) => IsEnglish ? en : zh;

    public string T(Workflows.LocalizedText? text) => text is null ? string.Empty : IsEnglish ? text.En : text.Zh;

    /// <summary>An organisation unit's name in this language, or its path when it has none.</summary>
    public string UnitName(IStaffDirectory staff, string? unit) => staff.UnitNameOf(unit) is { } name ? T(name) : unit ?? string.Empty;

    public static UiText For(string? code) => string.Equals(code, "en", StringComparison.OrdinalIgnoreCase) ? English : Chinese;
}
