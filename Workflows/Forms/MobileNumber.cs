namespace RpaRunner.Workflows.Forms;

/// <summary>Mainland China mobile numbers: 11 digits matching 1[3-9]xxxxxxxxx, optionally written with +86.</summary>
public static class MobileNumber
{
    /// <summary>
    /// Removes surrounding whitespace, inner spaces and hyphens and a leading +86, then checks the 11 digits.
    /// </summary>
    public static bool TryNormalize(string? text, out string normalized)
    {
        normalized = string.Empty;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var value = text.Trim().Replace(" ", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal);
        if (value.StartsWith("+86", StringComparison.Ordinal))
        {
            value = value[3..];
        }

        if (value.Length != 11 || value[0] != '1' || value[1] is < '3' or > '9' || !value.All(char.IsAsciiDigit))
        {
            return false;
        }

        normalized = value;
        return true;
    }

    /// <summary>Keeps the first 3 and the last 4 digits: 138****1234.</summary>
    public static string Mask(string? text)
    {
        var value = TryNormalize(text, out var n) ? n : (text ?? string.Empty).Trim();
        return value.Length <= 7
            ? new string('*', value.Length)
            : string.Concat(value.AsSpan(0, 3), new string('*', value.Length - 7), value.AsSpan(value.Length - 4));
    }
}
