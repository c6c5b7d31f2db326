using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace RpaRunner.Workflows.Audit;

/// <summary>
/// The hashes of the audit chain. Rows sealed under the audit key carry HMAC-SHA256 over the previous hash,
/// their id, place and content (<see cref="AuditKey.RowMac"/>); rows of the chain an older database carried
/// carry plain SHA-256 (<see cref="ComputeHash(string,long,DateTimeOffset,string,string,string?,string?,string?)"/>)
/// and are vouched for by checkpoint 0.
/// </summary>
public static class AuditChain
{
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>The unkeyed hash of the chain before ADR 0011: kept to verify old rows (and to name a chain recomputed without the key).</summary>
    public static string ComputeHash(string previousHash, long seq, DateTimeOffset at, string kind, string actor, string? caseCode, string? stepId, string? detailJson) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Canonical(previousHash, seq.ToString(CultureInfo.InvariantCulture), at, kind, actor, caseCode, stepId, detailJson))));

    public static string ComputeHash(AuditEventRecord row) =>
        ComputeHash(row.PreviousHash ?? string.Empty, row.Seq ?? 0, row.At, row.Kind, row.Actor, row.CaseCode, row.StepId, row.DetailJson);

    /// <summary>The fields of a row (or a checkpoint) separated by the unit separator, times in UTC ISO 8601.</summary>
    internal static string Canonical(params object?[] fields) => string.Join('\u001f', fields.Select(f => f switch
    {
        null => string.Empty,
        DateTimeOffset at => at.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => f.ToString(),
    }));
}

/// <summary>
/// The audit key (HMAC-SHA256, 32 bytes). It lives outside the database, so someone who can write the database
/// can change rows but cannot make their hashes, nor the checkpoints, fit again.
/// </summary>
public sealed class AuditKey
{
    public const int Length = 32;

    /// <summary>Marks the canonical form, so a MAC of one version never passes for another.</summary>
    private const string RowScheme = "rpa-audit-row-v2";
    private const string CheckpointScheme = "rpa-audit-checkpoint-v2";

    private readonly byte[] _key;

    public AuditKey(byte[] key)
    {
        if (key.Length != Length)
        {
            throw new ArgumentException($"An audit key is {Length} bytes, this one has {key.Length}.", nameof(key));
        }

        _key = [.. key];
    }

    public static byte[] NewKey() => RandomNumberGenerator.GetBytes(Length);

    public string RowMac(AuditEventRecord row) =>
        Mac(AuditChain.Canonical(RowScheme, row.PreviousHash, row.Id, row.Seq, row.At, row.Kind, row.Actor, row.CaseCode, row.StepId, row.DetailJson));

    public string CheckpointMac(AuditCheckpointRecord checkpoint) =>
        Mac(AuditChain.Canonical(CheckpointScheme, checkpoint.Number, checkpoint.Seq, checkpoint.Hash, checkpoint.At, checkpoint.Cases, checkpoint.PreviousMac));

    private string Mac(string canonical) => Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(canonical)));
}
