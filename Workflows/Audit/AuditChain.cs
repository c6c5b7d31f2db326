using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace RpaRunner.Workflows.Audit;

/// <summary>The hash of an audit row: SHA-256 over the previous hash and the row's fields.</summary>
public static class AuditChain
{
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    public static string ComputeHash(string previousHash, long seq, DateTimeOffset at, string kind, string actor, string? caseCode, string? stepId, string? detailJson)
    {
        var canonical = string.Join('\u001f',
            previousHash,
            seq.ToString(CultureInfo.InvariantCulture),
            at.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
            kind,
            actor,
            caseCode ?? string.Empty,
            stepId ?? string.Empty,
            detailJson ?? string.Empty);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    public static string ComputeHash(AuditEventRecord row) =>
        ComputeHash(row.PreviousHash, row.Seq, row.At, row.Kind, row.Actor, row.CaseCode, row.StepId, row.DetailJson);
}
