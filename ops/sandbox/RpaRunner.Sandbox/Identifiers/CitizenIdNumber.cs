using System.Globalization;

namespace RpaRunner.Sandbox.Identifiers;

/// <summary>18-character 公民身份号码 per GB 11643-1999: region(6) + birth date(8) + sequence(3) + check.</summary>
public static class CitizenIdNumber
{
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckChars = "10X98765432";

    public static char CheckCharacter(ReadOnlySpan<char> first17)
    {
        if (first17.Length != 17)
        {
            throw new ArgumentException("Expected 17 digits.", nameof(first17));
        }

        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            if (!char.IsAsciiDigit(first17[i]))
            {
                throw new ArgumentException("Expected digits only.", nameof(first17));
            }

            sum += (first17[i] - '0') * Weights[i];
        }

        return CheckChars[sum % 11];
    }

    /// <summary>True when the number has 17 digits, a real birth date and the right check character.</summary>
    public static bool IsValid(string? value)
    {
        if (value is null || value.Length != 18)
        {
            return false;
        }

        for (var i = 0; i < 17; i++)
        {
            if (!char.IsAsciiDigit(value[i]))
            {
                return false;
            }
        }

        return TryGetBirthDate(value, out _) && char.ToUpperInvariant(value[17]) == CheckCharacter(value.AsSpan(0, 17));
    }

    public static bool TryGetBirthDate(string value, out DateOnly birthDate) =>
        DateOnly.TryParseExact(value.AsSpan(6, 8), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out birthDate);

    /// <summary>The sex code of the national standard GB/T 2261.1: 1 male (odd 17th digit), 2 female (even).</summary>
    public static string SexCode(string value) => (value[16] - '0') % 2 == 1 ? "1" : "2";

    public static string Compose(string region, DateOnly birthDate, int sequence)
    {
        var body = string.Create(CultureInfo.InvariantCulture, $"{region}{birthDate:yyyyMMdd}{sequence:000}");
        return body + CheckCharacter(body);
    }

    /// <summary>Normalises case of the check character (x → X) and trims blanks.</summary>
    public static string Normalize(string value) => value.Trim().ToUpperInvariant();
}
