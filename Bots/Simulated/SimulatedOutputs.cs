using System.Globalization;
using System.Security.Cryptography;
using RpaRunner.Workflows.Forms;

namespace RpaRunner.Bots.Simulated;

/// <summary>Makes plausible results for a simulated action: a valid 公民身份号码 for a newborn that matches its
/// birth date and sex, a valid 统一社会信用代码 for a new company, and numbered receipts for the rest.</summary>
public static class SimulatedOutputs
{
    public static Dictionary<string, string?> For(IReadOnlyList<string> outputs, IReadOnlyDictionary<string, string?> inputs, DateOnly today)
    {
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var name in outputs)
        {
            result[name] = name switch
            {
                "childIdNumber" => NewIdNumber(inputs, today),
                "creditCode" => NewCreditCode(),
                "birthCertificateNo" => (char)('A' + RandomNumberGenerator.GetInt32(26)) + Digits(9),
                "premiumAmount" => "400.00",
                "paidAmount" => inputs.GetValueOrDefault("premiumAmount") ?? "400.00",
                "effectiveDate" => inputs.GetValueOrDefault("birthDate") ?? today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                "amount" or "rewardAmount" => (RandomNumberGenerator.GetInt32(10_000, 9_000_000) / 100m).ToString("0.00", CultureInfo.InvariantCulture),
                "pensionStartMonth" => today.AddMonths(1).ToString("yyyy-MM", CultureInfo.InvariantCulture),
                "taxpayerNo" => inputs.GetValueOrDefault("creditCode") ?? NewCreditCode(),
                "registrationNo" => "430100" + Digits(9),
                // A simulated certificate library has issued nothing: the bundle goes its fallback way.
                "found" => "false",
                "licenceNo" or "issuer" or "issueDate" => null,
                "contributionMonths" => (240 + RandomNumberGenerator.GetInt32(0, 240)).ToString(CultureInfo.InvariantCulture),
                _ => $"SIM{today:yyyyMMdd}{Digits(8)}",
            };
        }

        return result;
    }

    /// <summary>A corrected record keeps its numbers, except a child's ID number that no longer fits the corrected birth date or sex.</summary>
    public static Dictionary<string, string?> Amended(IReadOnlyDictionary<string, string?> existing, IReadOnlyDictionary<string, string?> inputs, DateOnly today)
    {
        var result = new Dictionary<string, string?>(existing, StringComparer.Ordinal);
        if (existing.GetValueOrDefault("childIdNumber") is { Length: 18 } id)
        {
            var male = inputs.GetValueOrDefault("childSex") == "1";
            var sexFits = (id[16] - '0') % 2 == (male ? 1 : 0);
            if (id.Substring(6, 8) != inputs.GetValueOrDefault("birthDate")?.Replace("-", string.Empty, StringComparison.Ordinal) || !sexFits)
            {
                result["childIdNumber"] = NewIdNumber(inputs, today);
            }
        }

        return result;
    }

    private static string NewIdNumber(IReadOnlyDictionary<string, string?> inputs, DateOnly today)
    {
        // Registered in the county of household registration; the first contract took the mother's region.
        var region = inputs.GetValueOrDefault("householdCounty") is { Length: 6 } county ? county
            : inputs.GetValueOrDefault("motherIdNumber") is { Length: 18 } mother ? mother[..6] : "430102";
        var birth = DateOnly.TryParseExact(inputs.GetValueOrDefault("birthDate"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : today;
        var male = inputs.GetValueOrDefault("childSex") == "1";
        var sequence = RandomNumberGenerator.GetInt32(0, 500) * 2 + (male ? 1 : 0);
        var first17 = string.Create(CultureInfo.InvariantCulture, $"{region}{birth:yyyyMMdd}{sequence:000}");
        return first17 + CitizenIdNumber.ComputeCheckCharacter(first17);
    }

    private static string NewCreditCode()
    {
        // Organisations registered since 2015 get codes like 91430100MA4L0UBX5E: "MA", letters and digits, and the
        // organisation code's own check character.
        var organization = "MA" + string.Concat(Enumerable.Range(0, 6).Select(_ => CreditCode.Charset[RandomNumberGenerator.GetInt32(CreditCode.Charset.Length)]));
        return CreditCode.Compose('9', '1', "430100", organization);
    }

    private static string Digits(int count) =>
        string.Concat(Enumerable.Range(0, count).Select(_ => (char)('0' + RandomNumberGenerator.GetInt32(10))));
}
