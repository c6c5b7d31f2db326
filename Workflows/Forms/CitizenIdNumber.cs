using System.Globalization;

namespace RpaRunner.Workflows.Forms;

/// <summary>Sex as coded in GB/T 2261.1 and in the 17th digit of a citizen ID number.</summary>
public enum Sex
{
    Male = 1,
    Female = 2,
}

/// <summary>
/// 公民身份号码 (GB 11643-1999): 6-digit region code, 8-digit birth date, 3-digit sequence whose parity gives the
/// sex, and an ISO 7064 MOD 11-2 check character.
/// </summary>
public readonly record struct CitizenIdNumber
{
    public const int Length = 18;

    /// <summary>No ID number carries a birth date before this.</summary>
    public static readonly DateOnly EarliestBirthDate = new(1900, 1, 1);

    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckCharacters = "10X98765432";

    private CitizenIdNumber(string value, DateOnly birthDate)
    {
        Value = value;
        BirthDate = birthDate;
    }

    /// <summary>The 18 characters, check character upper-cased.</summary>
    public string Value { get; }

    /// <summary>The 6-digit administrative region code of the first registration.</summary>
    public string RegionCode => Value is null ? string.Empty : Value[..6];

    public DateOnly BirthDate { get; }

    public Sex Sex => Value is not null && (Value[16] - '0') % 2 == 1 ? Sex.Male : Sex.Female;

    /// <summary>Completed years of age (周岁) on the given day.</summary>
    public int AgeOn(DateOnly date) => AgeInYears(BirthDate, date);

    public override string ToString() => Value ?? string.Empty;

    /// <summary>Parses an ID number without checking that the birth date is not in the future.</summary>
    public static bool TryParse(string? text, out CitizenIdNumber id, out string? errorCode) =>
        TryParse(text, null, out id, out errorCode);

    /// <summary>
    /// Parses an ID number (surrounding spaces ignored, lower-case x accepted). On failure errorCode is one of
    /// id.format, id.region, id.birthDate (not a real date, before 1900, or after <paramref name="today"/>),
    /// id.checksum.
    /// </summary>
    public static bool TryParse(string? text, DateOnly? today, out CitizenIdNumber id, out string? errorCode)
    {
        id = default;
        var value = text?.Trim().ToUpperInvariant() ?? string.Empty;
        if (value.Length != Length || !IsAsciiDigits(value.AsSpan(0, 17)) || !(char.IsAsciiDigit(value[17]) || value[17] == 'X'))
        {
            errorCode = FormErrorCodes.IdFormat;
            return false;
        }

        if (!IsValidProvinceCode(((value[0] - '0') * 10) + (value[1] - '0')))
        {
            errorCode = FormErrorCodes.IdRegion;
            return false;
        }

        if (!DateOnly.TryParseExact(value.AsSpan(6, 8), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var birthDate)
            || birthDate < EarliestBirthDate
            || (today is { } t && birthDate > t))
        {
            errorCode = FormErrorCodes.IdBirthDate;
            return false;
        }

        if (ComputeCheckCharacter(value.AsSpan(0, 17)) != value[17])
        {
            errorCode = FormErrorCodes.IdChecksum;
            return false;
        }

        id = new CitizenIdNumber(value, birthDate);
        errorCode = null;
        return true;
    }

    /// <summary>The check character of the first 17 digits: "10X98765432"[Σ digit×weight mod 11].</summary>
    public static char ComputeCheckCharacter(ReadOnlySpan<char> first17)
    {
        if (first17.Length != 17 || !IsAsciiDigits(first17))
        {
            throw new ArgumentException("Exactly 17 ASCII digits are expected.", nameof(first17));
        }

        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += (first17[i] - '0') * Weights[i];
        }

        return CheckCharacters[sum % 11];
    }

    /// <summary>Province-level codes in use: mainland provinces, 71 Taiwan, 81 Hong Kong, 82 Macao, 83 and 91.</summary>
    public static bool IsValidProvinceCode(int code) => code switch
    {
        >= 11 and <= 15 => true,
        >= 21 and <= 23 => true,
        >= 31 and <= 37 => true,
        >= 41 and <= 46 => true,
        >= 50 and <= 54 => true,
        >= 61 and <= 65 => true,
        71 or 81 or 82 or 83 or 91 => true,
        _ => false,
    };

    /// <summary>Keeps the first 6 and the last 4 characters: 110105********002X.</summary>
    public static string Mask(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        var trimmed = value.Trim();
        return trimmed.Length <= 10
            ? new string('*', trimmed.Length)
            : string.Concat(trimmed.AsSpan(0, 6), new string('*', trimmed.Length - 10), trimmed.AsSpan(trimmed.Length - 4));
    }

    internal static int AgeInYears(DateOnly birthDate, DateOnly date)
    {
        var age = date.Year - birthDate.Year;
        if (date.Month < birthDate.Month || (date.Month == birthDate.Month && date.Day < birthDate.Day))
        {
            age--;
        }

        return age;
    }

    private static bool IsAsciiDigits(ReadOnlySpan<char> span)
    {
        foreach (var c in span)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
