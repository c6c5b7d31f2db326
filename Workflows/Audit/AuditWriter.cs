using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using RpaRunner.Workflows.Engine.Storage;
using RpaRunner.Workflows.Model;

namespace RpaRunner.Workflows.Audit;

/// <summary>Appends audit rows to the chain inside the caller's transaction.</summary>
internal sealed class AuditWriter(EngineDbContext db, TimeProvider time)
{
    private AuditHeadRecord? _head;

    public async Task AppendAsync(string kind, string actor, string? caseCode, string? stepId, object? detail, CancellationToken cancellationToken)
    {
        _head ??= await db.AuditHead.FirstOrDefaultAsync(h => h.Id == 1, cancellationToken)
            ?? throw new InvalidOperationException("The audit chain head is missing; the database was not initialised.");
        var at = DateTimeOffset.FromUnixTimeMilliseconds(time.GetUtcNow().ToUnixTimeMilliseconds());
        var row = new AuditEventRecord
        {
            Seq = _head.Seq + 1,
            At = at,
            Kind = kind,
            Actor = actor,
            CaseCode = caseCode,
            StepId = stepId,
            DetailJson = detail is null ? null : JsonSerializer.Serialize(detail, JsonDefaults.Options),
            PreviousHash = _head.Hash,
            Hash = string.Empty,
        };
        row.Hash = AuditChain.ComputeHash(row);
        db.AuditEvents.Add(row);
        _head.Seq = row.Seq;
        _head.Hash = row.Hash;
    }
}
