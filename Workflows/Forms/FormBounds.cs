using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RpaRunner.Workflows.Forms;

/// <summary>Parsing of min/max bounds and of values shared by the checker and the validator.</summary>
internal static class FormBounds
{
    public const string Today = "today";

    /// <summary>The default lower bound of date fields without a min.</summary>
    public static readonly DateOnly EarliestDate = new(1900, 1, 1);

    /// <summary>Parses "today" or yyyy-MM-dd; null bound gives true with a null date.</summary>
    public static bool TryDateBound(JsonElement? bound, DateOnly today, out DateOnly? date, out bool isToday)
    {
        date = null;
        isToday = false;
        if (bound is not { } e || e.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (e.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        var text = e.GetString()!.Trim();
        if (string.Equals(text, Today, StringComparison.OrdinalIgnoreCase))
        {
            date = today;
            isToday = true;
            return true;
        }

        if (TryParseDate(text, out var d))
        {
            date = d;
            return true;
        }

        return false;
    }

    /// <summary>Parses a number or numeric string bound; null bound gives true with a null value.</summary>
    public static bool TryNumberBound(JsonElement? bound, out decimal? value)
    {
        value = null;
        if (bound is not { } e || e.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (e.ValueKind == JsonValueKind.Number && e.TryGetDecimal(out var d))
        {
            value = d;
            return true;
        }

        if (e.ValueKind == JsonValueKind.String && TryParseDecimal(e.GetString()!, out d))
        {
            value = d;
            return true;
        }

        return false;
    }

    /// <summary>Strict yyyy-MM-dd with ASCII digits, a real calendar date.</summary>
    public static bool TryParseDate(string text, out DateOnly date)
    {
        date = default;
        return HasDateShape(text)
            && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
    }

    public static bool HasDateShape(string text) =>
        text.Length == 10 && text[4] == '-' && text[7] == '-'
        && text.AsSpan(0, 4).ContainsAnyExceptInRange('0', '9') is false
        && text.AsSpan(5, 2).ContainsAnyExceptInRange('0', '9') is false
        && text.AsSpan(8, 2).ContainsAnyExceptInRange('0', '9') is false;

    /// <summary>Plain decimal notation: optional minus, ASCII digits, optional fraction.</summary>
    public static bool TryParseDecimal(string text, out decimal value)
    {
        value = default;
        var s = text.Trim();
        if (s.Length == 0 || s.Length > 32)
        {
            return false;
        }

        var start = s[0] == '-' ? 1 : 0;
        var dot = s.IndexOf('.', StringComparison.Ordinal);
        var intPart = dot < 0 ? s.AsSpan(start) : s.AsSpan(start, dot - start);
        var fracPart = dot < 0 ? [] : s.AsSpan(dot + 1);
        if (intPart.IsEmpty || intPart.ContainsAnyExceptInRange('0', '9') || (dot >= 0 && (fracPart.IsEmpty || fracPart.ContainsAnyExceptInRange('0', '9'))))
        {
            return false;
        }

        return decimal.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>A JSON number node as a decimal (works whatever backs the node).</summary>
    public static bool TryNodeDecimal(JsonNode node, out decimal value) =>
        decimal.TryParse(node.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    public static string Format(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Format(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}
