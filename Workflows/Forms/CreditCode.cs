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
    private static readonly int[] OrganizationCodeWeights = [3, 7, 9, 10, 5, 8, 4, 2];

    /// <summary>
    /// GB 32100 登记管理部门代码 → the 机构类别代码 it issues: 1 机构编制, 2 外交, 3 司法行政, 4 文化, 5 民政, 6 旅游,
    /// 7 宗教, 8 工会, 9 市场监管（工商）, A 中央军委改革和编制办公室, N 农业, Y 其他.
    /// </summary>
    private static readonly Dictionary<char, string> OrganizationTypes = new()
    {
        ['1'] = "1239",
        ['2'] = "19",
        ['3'] = "123459",
        ['4'] = "19",
        ['5'] = "1239",
        ['6'] = "129",
        ['7'] = "129",
        ['8'] = "19",
        ['9'] = "123",
        ['A'] = "19",
        ['N'] = "1239",
        ['Y'] = "1",
    };

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
    /// creditCode.format, creditCode.checksum, creditCode.authority (no such registration authority),
    /// creditCode.organizationType (a type that authority does not issue) or creditCode.orgCode (the organisation
    /// code fails its GB 11714 check character).
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

        if (!OrganizationTypes.TryGetValue(value[0], out var types))
        {
            errorCode = FormErrorCodes.CreditCodeAuthority;
            return false;
        }

        if (!types.Contains(value[1], StringComparison.Ordinal))
        {
            errorCode = FormErrorCodes.CreditCodeOrganizationType;
            return false;
        }

        if (!IsOrganizationCodeBody(value.AsSpan(8, 8)) || ComputeOrganizationCheckCharacter(value.AsSpan(8, 8)) != value[16])
        {
            errorCode = FormErrorCodes.CreditCodeOrgCode;
            return false;
        }

        code = new CreditCode(value);
        errorCode = null;
        return true;
    }

    /// <summary>Whether the registration authority code (the first character) is one GB 32100 lists.</summary>
    public static bool IsKnownAuthority(char authority) => OrganizationTypes.ContainsKey(authority);

    /// <summary>
    /// The GB 11714 check character of the first 8 characters of an organisation code (digits and capital
    /// letters, A = 10 … Z = 35): 11 − (Σ value×weight mod 11) with weights 3,7,9,10,5,8,4,2; 10 is written X
    /// and 11 is written 0.
    /// </summary>
    public static char ComputeOrganizationCheckCharacter(ReadOnlySpan<char> first8)
    {
        if (first8.Length != 8 || !IsOrganizationCodeBody(first8))
        {
            throw new ArgumentException("Exactly 8 digits or capital letters are expected.", nameof(first8));
        }

        var sum = 0;
        for (var i = 0; i < 8; i++)
        {
            var c = first8[i];
            sum += (char.IsAsciiDigit(c) ? c - '0' : c - 'A' + 10) * OrganizationCodeWeights[i];
        }

        return (11 - (sum % 11)) switch
        {
            10 => 'X',
            11 => '0',
            var check => (char)('0' + check),
        };
    }

    /// <summary>
    /// Builds a valid code from its parts: the registration authority, the organisation type, the 6-digit region and
    /// the first 8 characters of the organisation code; both check characters are computed.
    /// </summary>
    public static string Compose(char authority, char organizationType, string region, string organizationCode8)
    {
        ArgumentNullException.ThrowIfNull(region);
        ArgumentNullException.ThrowIfNull(organizationCode8);
        var first17 = string.Concat(authority.ToString(), organizationType.ToString(), region, organizationCode8, ComputeOrganizationCheckCharacter(organizationCode8).ToString());
        var code = first17 + ComputeCheckCharacter(first17);
        return TryParse(code, out _, out var error) ? code : throw new ArgumentException($"The parts do not make a valid credit code ({error}).");
    }

    private static bool IsOrganizationCodeBody(ReadOnlySpan<char> span)
    {
        foreach (var c in span)
        {
            if (!char.IsAsciiDigit(c) && !char.IsAsciiLetterUpper(c))
            {
                return false;
            }
        }

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
