namespace RpaRunner.Sandbox.Identifiers;

/// <summary>
/// 18-character 统一社会信用代码 per GB 32100-2015: registration authority(1) + category(1) + region(6) +
/// organisation code(9, GB 11714 with its own check character) + check character.
/// </summary>
public static class CreditCode
{
    public const string Charset = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] OrgWeights = [3, 7, 9, 10, 5, 8, 4, 2];

    /// <summary>GB 32100 registration authority → the organisation types it issues.</summary>
    private static readonly Dictionary<char, string> OrganisationTypes = new()
    {
        ['1'] = "1239", ['2'] = "19", ['3'] = "123459", ['4'] = "19", ['5'] = "1239", ['6'] = "129",
        ['7'] = "129", ['8'] = "19", ['9'] = "123", ['A'] = "19", ['N'] = "1239", ['Y'] = "1",
    };

    public static char CheckCharacter(ReadOnlySpan<char> first17)
    {
        if (first17.Length != 17)
        {
            throw new ArgumentException("Expected 17 characters.", nameof(first17));
        }

        var sum = 0;
        var weight = 1;
        for (var i = 0; i < 17; i++)
        {
            var value = Charset.IndexOf(first17[i], StringComparison.Ordinal);
            if (value < 0)
            {
                throw new ArgumentException($"'{first17[i]}' is not in the GB 32100 character set.", nameof(first17));
            }

            sum += value * weight;
            weight = weight * 3 % 31;
        }

        return Charset[(31 - (sum % 31)) % 31];
    }

    /// <summary>
    /// Whether the code is well formed: its character set, its MOD 31 check character, a registration authority
    /// and organisation type GB 32100 lists, and the organisation code's own GB 11714 check character.
    /// </summary>
    public static bool IsValid(string? value)
    {
        if (value is null || value.Length != 18)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!Charset.Contains(c, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return value[17] == CheckCharacter(value.AsSpan(0, 17))
            && OrganisationTypes.TryGetValue(value[0], out var types) && types.Contains(value[1], StringComparison.Ordinal)
            && value[16] == OrganisationCheckCharacter(value.AsSpan(8, 8));
    }

    /// <summary>The GB 11714 check character of an 8-character organisation code body (0-9 and A-Z).</summary>
    public static char OrganisationCheckCharacter(ReadOnlySpan<char> body8)
    {
        var sum = 0;
        for (var i = 0; i < 8; i++)
        {
            var c = body8[i];
            var value = char.IsAsciiDigit(c) ? c - '0' : c - 'A' + 10;
            sum += value * OrgWeights[i];
        }

        var check = 11 - (sum % 11);
        return check switch { 10 => 'X', 11 => '0', _ => (char)('0' + check) };
    }

    /// <summary>Builds a company (9 = market supervision, 1 = enterprise) code for a region and organisation body.</summary>
    public static string Compose(string region, string organisationBody8)
    {
        var first17 = "91" + region + organisationBody8 + OrganisationCheckCharacter(organisationBody8);
        return first17 + CheckCharacter(first17);
    }

    public static string Normalize(string value) => value.Trim().ToUpperInvariant();
}
