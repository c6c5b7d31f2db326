namespace RpaRunner.Workflows.Forms;

/// <summary>Bank card numbers: 12–19 digits with a Luhn check digit; spaces are ignored.</summary>
public static class BankCard
{
    public const int MinDigits = 12;
    public const int MaxDigits = 19;

    /// <summary>The number without spaces (and surrounding whitespace).</summary>
    public static string Normalize(string? text) => (text ?? string.Empty).Trim().Replace(" ", string.Empty, StringComparison.Ordinal);

    /// <summary>True when the number (spaces removed) has 12–19 ASCII digits only.</summary>
    public static bool HasValidFormat(string? text)
    {
        var digits = Normalize(text);
        return digits.Length is >= MinDigits and <= MaxDigits && digits.All(char.IsAsciiDigit);
    }

    /// <summary>True when the format is right and the Luhn checksum holds.</summary>
    public static bool IsValid(string? text)
    {
        if (!HasValidFormat(text))
        {
            return false;
        }

        var digits = Normalize(text);
        var sum = 0;
        var doubleIt = false;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            var d = digits[i] - '0';
            if (doubleIt)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
            doubleIt = !doubleIt;
        }

        return sum % 10 == 0;
    }

    /// <summary>Keeps the first 4 and the last 4 digits: 6222***********1234.</summary>
    public static string Mask(string? text)
    {
        var digits = Normalize(text);
        return digits.Length <= 8
            ? new string('*', digits.Length)
            : string.Concat(digits.AsSpan(0, 4), new string('*', digits.Length - 8), digits.AsSpan(digits.Length - 4));
    }
}
