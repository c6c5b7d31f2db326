using RpaRunner.Workflows.Forms;

namespace RpaRunner.Workflows.Catalog;

/// <summary>
/// 实施编码: the national implementing code of a matter in the 政务服务事项实施清单 (GB/T 39554.1). It starts with the
/// 18-character unified social credit code of the implementing agency, followed by the digits of the matter's
/// catalogue code. The agency code gets the full credit-code check; the digits only their count.
/// </summary>
public static class MatterCode
{
    public const int AgencyCodeLength = CreditCode.Length;
    public const int MinMatterDigits = 10;
    public const int MaxMatterDigits = 20;

    /// <summary>The same shape as a JSON-schema pattern (without the agency code's check characters).</summary>
    public const string Pattern = "^[0-9A-HJ-NPQRTUWXY]{18}[0-9]{10,20}$";

    /// <summary>Null when the code has the shape of an implementing code; otherwise what is wrong with it, for people.</summary>
    public static LocalizedText? Problem(string? code)
    {
        var value = code ?? string.Empty;
        if (value.Length < AgencyCodeLength + MinMatterDigits || value.Length > AgencyCodeLength + MaxMatterDigits
            || value.AsSpan(AgencyCodeLength).ContainsAnyExceptInRange('0', '9'))
        {
            return new(
                $"实施编码应为实施机构的 18 位统一社会信用代码加 {MinMatterDigits} 至 {MaxMatterDigits} 位事项编码数字",
                $"An implementing code is the implementing agency's 18-character unified social credit code followed by {MinMatterDigits} to {MaxMatterDigits} digits of the matter code");
        }

        if (!CreditCode.TryParse(value[..AgencyCodeLength], out _, out var error))
        {
            return new(
                $"实施编码前 18 位不是有效的统一社会信用代码（{error}）",
                $"The first 18 characters of the implementing code are not a valid unified social credit code ({error})");
        }

        return null;
    }
}
