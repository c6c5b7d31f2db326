using Microsoft.EntityFrameworkCore;
using RpaRunner.Workflows.Engine.Storage;

namespace RpaRunner.Workflows.Audit;

/// <summary>Walks the audit chain from its first row and names the first row that does not fit.</summary>
public static class AuditVerifier
{
    public static async Task<AuditVerification> VerifyAsync(EngineDbContext db, CancellationToken cancellationToken = default)
    {
        var previousHash = AuditChain.GenesisHash;
        long expectedSeq = 1;
        await foreach (var row in db.AuditEvents.AsNoTracking().OrderBy(a => a.Seq).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            if (row.Seq != expectedSeq)
            {
                return AuditVerification.Broken(expectedSeq - 1, expectedSeq, $"row {expectedSeq} is missing (the next row is {row.Seq})");
            }

            if (row.PreviousHash != previousHash)
            {
                return AuditVerification.Broken(expectedSeq - 1, row.Seq, $"row {row.Seq} does not chain onto row {row.Seq - 1} (previous hash differs)");
            }

            if (AuditChain.ComputeHash(row) != row.Hash)
            {
                return AuditVerification.Broken(expectedSeq - 1, row.Seq, $"row {row.Seq} ({row.Kind}, case {row.CaseCode}) was changed after it was written (its hash does not match its content)");
            }

            previousHash = row.Hash;
            expectedSeq++;
        }

        var head = await db.AuditHead.AsNoTracking().FirstOrDefaultAsync(h => h.Id == 1, cancellationToken);
        if (head is not null && (head.Seq != expectedSeq - 1 || head.Hash != previousHash))
        {
            return AuditVerification.Broken(expectedSeq - 1, expectedSeq, $"the chain ends at row {expectedSeq - 1} but its head says row {head.Seq}: rows were removed from the end");
        }

        return new AuditVerification(true, expectedSeq - 1, null, null);
    }
}

public sealed record AuditVerification(bool Intact, long RowsVerified, long? FirstBrokenSeq, string? Problem)
{
    public static AuditVerification Broken(long verified, long seq, string problem) => new(false, verified, seq, problem);
}
