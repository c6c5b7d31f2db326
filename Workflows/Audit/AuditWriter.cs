using System.Text.Json;
using RpaRunner.Workflows.Engine.Storage;
using RpaRunner.Workflows.Model;

namespace RpaRunner.Workflows.Audit;

/// <summary>
/// Adds audit rows inside the caller's transaction. A row is written unsequenced (no place in the chain, no
/// hash): writers never read or move a shared row, so transitions on different cases do not collide here.
/// <see cref="AuditSealer"/> chains the rows afterwards, in the order they arrived.
/// </summary>
internal sealed class AuditWriter(EngineDbContext db, TimeProvider time)
{
    public Task AppendAsync(string kind, string actor, string? caseCode, string? stepId, object? detail, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        db.AuditEvents.Add(new AuditEventRecord
        {
            At = DateTimeOffset.FromUnixTimeMilliseconds(time.GetUtcNow().ToUnixTimeMilliseconds()),
            Kind = kind,
            Actor = actor,
            CaseCode = caseCode,
            StepId = stepId,
            DetailJson = detail is null ? null : JsonSerializer.Serialize(detail, JsonDefaults.Options),
        });
        return Task.CompletedTask;
    }
}
