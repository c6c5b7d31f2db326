namespace RpaRunner.Workflows.Forms;

/// <summary>
/// 统一社会信用代码 (GB 32100-2015): registration authority, organisation type, 6-digit region, 9-character
/// organisation code and a MOD 31 check character, over the charset 0-9A-HJ-NPQRTUWXY.
/// </summary>
public readonly record struct CreditCode
{
    public const int Length = 18;
    public const string Charset = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    private CreditCode(string value) => Value = value;

    /// <summary>The 18 characters, upper case.</summary>
    public string Value { get; }

    /// <summary>登记管理部门代码 (e.g. 9 market supervision, 5 civil affairs, 1 institutional staffing).</summary>
    public char RegistrationAuthority => Value is null ? default : Value[0];

    /// <summary>机构类别代码 (e.g. 1 enterprise, 2 individual business, 3 farmers' cooperative under authority 9).</summary>
    public char OrganizationType => Value is null ? default : Value[1];

    public string RegionCode => Value is null ? string.Empty : Value.Substring(2, 6);

    /// <summary>The 9-character organisation code (主体标识码).</summary>
    public string OrganizationCode => Value is null ? string.Empty : Value.Substring(8, 9);

    public override string ToString() => Value ?? string.Empty;

    /// <summary>
    /// Parses a code (surrounding spaces ignored, lower case accepted). On failure errorCode is
    /// creditCode.format or creditCode.checksum.
    /// </summary>
    public static bool TryParse(string? text, out CreditCode code, out string? errorCode)
    {
        code = default;
        var value = text?.Trim().ToUpperInvariant() ?? string.Empty;
        if (value.Length != Length || !IsCharset(value))
        {
            errorCode = FormErrorCodes.CreditCodeFormat;
            return false;
        }

        if (ComputeCheckCharacter(value.AsSpan(0, 17)) != value[17])
        {
            errorCode = FormErrorCodes.CreditCodeChecksum;
            return false;
        }

        code = new CreditCode(value);
        errorCode = null;
        return true;
    }

    /// <summary>The check character: value 31 − (Σ charValue×3^(i−1) mod 31), where 31 becomes 0.</summary>
    public static char ComputeCheckCharacter(ReadOnlySpan<char> first17)
    {
        if (first17.Length != 17)
        {
            throw new ArgumentException("Exactly 17 characters are expected.", nameof(first17));
        }

        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            var v = Charset.IndexOf(char.ToUpperInvariant(first17[i]), StringComparison.Ordinal);
            if (v < 0)
            {
                throw new ArgumentException($"'{first17[i]}' is not in the credit code charset.", nameof(first17));
            }

            sum += v * Weights[i];
        }

        var check = 31 - (sum % 31);
        return Charset[check == 31 ? 0 : check];
    }

    private static bool IsCharset(string value)
    {
        foreach (var c in value)
        {
            if (Charset.IndexOf(c, StringComparison.Ordinal) < 0)
            {
                return false;
            }
        }

        return true;
    }
}
