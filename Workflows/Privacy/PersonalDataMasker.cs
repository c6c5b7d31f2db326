using System.Text.Json.Nodes;
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

    /// <summary>
    /// Masks free text such as a department system's message, which may quote the applicant: the known names
    /// (from the case's form) wherever they appear, then ID numbers, mobile numbers and bank cards.
    /// </summary>
    public static string MaskText(string text, IEnumerable<string> knownNames)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        foreach (var name in knownNames.Where(n => n.Length >= 2).Distinct(StringComparer.Ordinal).OrderByDescending(n => n.Length))
        {
            text = text.Replace(name, MaskName(name), StringComparison.Ordinal);
        }

        return MaskText(text);
    }

    /// <summary>The values of a form (JSON) that are personal names, by their keys.</summary>
    public static IEnumerable<string> NamesIn(JsonNode? node, string? key = null)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (childKey, child) in obj)
                {
                    foreach (var name in NamesIn(child, childKey))
                    {
                        yield return name;
                    }
                }

                break;
            case JsonArray array:
                foreach (var name in array.SelectMany(item => NamesIn(item, key)))
                {
                    yield return name;
                }

                break;
            case JsonValue value when key is not null && IsPersonalNameKey(key) && value.TryGetValue<string>(out var text):
                yield return text;
                break;
        }
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

        return IsPersonalNameKey(key) && CouldBeAPersonsName(value) ? MaskName(value) : MaskText(value);
    }

    /// <summary>
    /// A key that names a person: "name", "motherName", "UserName" — not the name of a thing ("SchedulerName",
    /// "companyName", "bankName", "FileName"), which a log line or an output may carry and which must stay readable.
    /// </summary>
    private static bool IsPersonalNameKey(string key)
    {
        if (!LooksLikeNameKey(key))
        {
            return false;
        }

        var owner = key[..^4];
        return !ThingsWithNames.Any(thing => owner.EndsWith(thing, StringComparison.OrdinalIgnoreCase))
            && !key.Contains("company", StringComparison.OrdinalIgnoreCase) && !key.Contains("bank", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A person's name has no digits and none of the marks of paths, addresses, types or URLs.</summary>
    private static bool CouldBeAPersonsName(string value) =>
        !value.Any(c => char.IsAsciiDigit(c) || c is '/' or '\\' or ':' or '_' or '@' or '#' or '=' or '?' or '&' or '<' or '>' or '{' or '}');

    /// <summary>What a "…Name" key names when it is not a person (compared with the key's end, before "Name").</summary>
    private static readonly string[] ThingsWithNames =
    [
        "scheduler", "machine", "host", "instance", "application", "environment", "type", "file", "queue", "pool",
        "system", "bundle", "step", "action", "job", "trigger", "group", "scheme", "policy", "role", "endpoint",
        "section", "property", "table", "column", "index", "claim", "event", "category", "source", "display", "window",
        "field", "resource", "assembly", "method", "class", "connection", "database", "server", "service", "provider",
        "channel", "exchange", "consumer", "message", "thread", "process", "task", "route", "unit", "district", "department",
        "organization", "organisation", "shop", "store", "product", "brand", "project", "street", "road", "city", "county", "province",
    ];

    public static bool LooksLikeNameKey(string key) =>
        key.Equals("name", StringComparison.OrdinalIgnoreCase) || key.EndsWith("Name", StringComparison.Ordinal);

    [GeneratedRegex(@"(?<![0-9A-Za-z])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[0-9Xx](?![0-9A-Za-z])")]
    private static partial Regex IdNumberPattern();

    [GeneratedRegex(@"(?<!\d)1[3-9]\d{9}(?!\d)")]
    private static partial Regex MobilePattern();

    [GeneratedRegex(@"(?<![0-9A-Za-z])[3-6]\d{15,18}(?![0-9A-Za-z])")]
    private static partial Regex BankCardPattern();
}
