using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using RpaRunner.Workflows.Engine.Storage;

namespace RpaRunner.Workflows.Audit;

/// <summary>
/// Chains the audit rows writers added unsequenced (ADR 0011): takes the rows visible now in their order of
/// arrival, gives each the next place in the chain, the previous hash and its MAC under the audit key, and
/// vouches for the new end of the chain with a checkpoint, in the database and in the checkpoint file.
/// One sealer at a time: on PostgreSQL a transaction-scoped advisory lock of the sealer's own, on SQLite the
/// single writer; the unique index on Seq refuses a place given twice whatever happens.
/// </summary>
public sealed class AuditSealer(IDbContextFactory<EngineDbContext> dbFactory, AuditKey key, AuditCheckpointLog log, TimeProvider time, ILogger<AuditSealer> logger, IEngineLocks? locks = null)
{
    /// <summary>The advisory lock key that lets one sealer of a farm chain rows at a time (engine writers never take it).</summary>
    public const long SealLockKey = 0x5250_4103;

    /// <summary>Rows chained per transaction and checkpoint.</summary>
    public int BatchSize { get; init; } = 5_000;

    /// <summary>Seals every row visible now, in batches. Returns how many rows it chained.</summary>
    public async Task<int> SealAsync(CancellationToken cancellationToken = default)
    {
        var total = 0;
        while (true)
        {
            var (sealedRows, written) = await SealBatchAsync(cancellationToken);
            // The database holds the checkpoints first; the file follows, so it never names one the database lost in a rollback.
            log.Append(written);
            total += sealedRows;
            if (sealedRows < BatchSize)
            {
                if (total > 0)
                {
                    logger.LogDebug("Sealed {Rows} audit rows", total);
                }

                return total;
            }
        }
    }

    private async Task<(int Rows, List<AuditCheckpointRecord> Written)> SealBatchAsync(CancellationToken cancellationToken)
    {
        using var admitted = await (locks ?? NoEngineLocks.Instance).EnterWriteAsync(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (db.Database.ProviderName?.Contains("Npgsql", StringComparison.Ordinal) == true)
        {
            await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({SealLockKey})", cancellationToken);
        }

        var written = new List<AuditCheckpointRecord>();
        var last = await db.AuditCheckpoints.OrderByDescending(c => c.Number).FirstOrDefaultAsync(cancellationToken);
        if (last is null)
        {
            // A database whose checkpoint 0 was never made (or was removed): start from where its chain ends.
            var end = await db.AuditEvents.AsNoTracking().Where(a => a.Seq != null).OrderByDescending(a => a.Seq).FirstOrDefaultAsync(cancellationToken);
            last = new AuditCheckpointRecord
            {
                Number = 0,
                Seq = end?.Seq ?? 0,
                Hash = end?.Hash ?? AuditChain.GenesisHash,
                At = Now(),
                Cases = await db.Cases.LongCountAsync(cancellationToken),
                PreviousMac = string.Empty,
                Mac = string.Empty,
            };
            db.AuditCheckpoints.Add(last);
        }

        if (last.Mac.Length == 0 && last.Number == 0)
        {
            // Checkpoint 0 of an upgraded database: from now on the key vouches for where the unkeyed chain ended.
            last.Mac = key.CheckpointMac(last);
            written.Add(last);
        }
        else if (key.CheckpointMac(last) != last.Mac)
        {
            throw new InvalidOperationException(
                $"Audit checkpoint {last.Number} does not carry this key's MAC: Audit:Key is not the key this trail was sealed with, or the checkpoint was forged. Nothing is sealed until that is resolved (./rpa audit verify).");
        }

        var rows = await db.AuditEvents.Where(a => a.Seq == null).OrderBy(a => a.Id).Take(BatchSize).ToListAsync(cancellationToken);
        var seq = last.Seq;
        var hash = last.Hash;
        foreach (var row in rows)
        {
            row.Seq = ++seq;
            row.PreviousHash = hash;
            row.Hash = hash = key.RowMac(row);
        }

        if (rows.Count > 0)
        {
            var checkpoint = new AuditCheckpointRecord
            {
                Number = last.Number + 1,
                Seq = seq,
                Hash = hash,
                At = Now(),
                Cases = await db.Cases.LongCountAsync(cancellationToken),
                PreviousMac = last.Mac,
                Mac = string.Empty,
            };
            checkpoint.Mac = key.CheckpointMac(checkpoint);
            db.AuditCheckpoints.Add(checkpoint);
            written.Add(checkpoint);
        }

        if (written.Count == 0)
        {
            return (0, written);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (rows.Count, written);
    }

    private DateTimeOffset Now() => DateTimeOffset.FromUnixTimeMilliseconds(time.GetUtcNow().ToUnixTimeMilliseconds());
}
