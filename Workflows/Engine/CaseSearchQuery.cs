using System.Globalization;
using RpaRunner.Workflows.Calendar;

namespace RpaRunner.Workflows.Engine;

/// <summary>
/// The case list's filters as query parameters (<c>q, bundle, status, flag, system, stepState, from, to, unit, sort,
/// page, pageSize</c>): the one reading of them for the API, the exports and the console's address bar, and the one
/// writing of them back. A full ID number or mobile number in <c>q</c> is never written into an address.
/// </summary>
public static class CaseSearchQuery
{
    public const int DefaultPageSize = 50;

    /// <summary>The sort values: a field, with a leading '-' for descending.</summary>
    public static readonly IReadOnlyList<string> SortValues = [.. Enum.GetValues<CaseSort>().SelectMany(s => new[] { Token(s), "-" + Token(s) })];

    /// <summary>Reads the parameters; every value that does not parse is an error keyed by its parameter's name.</summary>
    public static CaseSearch Parse(Func<string, string?> parameter, out Dictionary<string, string[]> errors)
    {
        var problems = new Dictionary<string, string[]>(StringComparer.Ordinal);
        T? Enum<T>(string name) where T : struct, Enum
        {
            if (Value(parameter(name)) is not { } text)
            {
                return null;
            }

            if (TryToken<T>(text, out var value))
            {
                return value;
            }

            problems[name] = [$"{name} must be one of {string.Join(", ", System.Enum.GetValues<T>().Select(v => Token(v)))} / 取值无效"];
            return null;
        }

        DateOnly? Date(string name)
        {
            if (Value(parameter(name)) is not { } text)
            {
                return null;
            }

            if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                return day;
            }

            problems[name] = [$"{name} must be a date yyyy-MM-dd / 日期格式应为 yyyy-MM-dd"];
            return null;
        }

        int Number(string name, int fallback, int min, int max)
        {
            if (Value(parameter(name)) is not { } text)
            {
                return fallback;
            }

            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max)
            {
                return n;
            }

            problems[name] = [$"{name} must be a whole number from {min} to {max} / 须为 {min} 至 {max} 的整数"];
            return fallback;
        }

        var flag = Enum<DeadlineFlag>("flag");
        if (flag == DeadlineFlag.None)
        {
            problems["flag"] = ["flag must be one of yellow, red / 取值无效"];
        }

        var sortText = Value(parameter("sort")) ?? "-" + Token(CaseSort.Submitted);
        var descending = sortText.StartsWith('-');
        if (!TryToken<CaseSort>(descending ? sortText[1..] : sortText, out var sort))
        {
            problems["sort"] = [$"sort must be one of {string.Join(", ", SortValues)} / 排序方式无效"];
        }

        var unit = Value(parameter("unit"));
        if (unit is not null && !CaseScope.IsWellFormed(unit))
        {
            problems["unit"] = ["unit must be a unit path such as furong/hall-1 / 单位无效"];
        }

        var search = new CaseSearch(
            Text: Value(parameter("q")),
            BundleId: Value(parameter("bundle")),
            Status: Enum<CaseStatus>("status"),
            Flag: flag,
            System: Value(parameter("system")),
            StepState: Enum<CaseStepState>("stepState"),
            From: Date("from"),
            To: Date("to"),
            Unit: unit,
            Sort: sort,
            Descending: descending,
            Page: Number("page", 1, 1, 1_000_000),
            PageSize: Number("pageSize", DefaultPageSize, 1, CaseSearch.MaxPageSize));
        if (search.From > search.To)
        {
            problems["to"] = ["to must not be before from / 结束日期不能早于开始日期"];
        }

        errors = problems;
        return search;
    }

    /// <summary>
    /// The parameters of a search, for an address: defaults left out, and <c>q</c> only when it is not a personal
    /// identifier (an ID number or mobile number stays out of addresses, browser history and access logs).
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ToParameters(CaseSearch search, bool withPaging = true)
    {
        var list = new List<KeyValuePair<string, string>>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                list.Add(new(name, value));
            }
        }

        Add("q", search.Text is { } q && CaseSearchIndex.IdentifierIn(q) is null ? q.Trim() : null);
        Add("bundle", search.BundleId);
        Add("status", search.Status is { } status ? Token(status) : null);
        Add("flag", search.Flag is { } flag ? Token(flag) : null);
        Add("system", search.System);
        Add("stepState", search.StepState is { } state ? Token(state) : null);
        Add("from", search.From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add("to", search.To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add("unit", search.Unit);
        if (withPaging)
        {
            Add("sort", search.Sort == CaseSort.Submitted && search.Descending ? null : (search.Descending ? "-" : string.Empty) + Token(search.Sort));
            Add("page", search.Page > 1 ? search.Page.ToString(CultureInfo.InvariantCulture) : null);
            Add("pageSize", search.PageSize != DefaultPageSize ? search.PageSize.ToString(CultureInfo.InvariantCulture) : null);
        }

        return list;
    }

    /// <summary>An enum value as the API spells it: its name in camelCase (waitingForPerson).</summary>
    public static string Token<T>(T value) where T : struct, Enum
    {
        var name = value.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }

    private static bool TryToken<T>(string text, out T value) where T : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<T>())
        {
            if (string.Equals(Token(candidate), text, StringComparison.OrdinalIgnoreCase))
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }

    private static string? Value(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
