using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using RpaRunner.Workflows.Engine.Storage;

namespace RpaRunner.Workflows.Audit;

/// <summary>
/// Writes the sealed trail as JSON lines for an archive outside the runner: every sealed row in chain order, each
/// checkpoint right after the row it vouches for (checkpoint 0 first). Rows not sealed yet are left for the next export.
/// </summary>
public static class AuditExport
{
    public static async Task<(long Rows, long Checkpoints)> WriteAsync(EngineDbContext db, TextWriter writer, CancellationToken cancellationToken = default)
    {
        var checkpoints = new Queue<AuditCheckpointRecord>(await db.AuditCheckpoints.AsNoTracking().OrderBy(c => c.Number).ToListAsync(cancellationToken));
        long rows = 0;
        long written = 0;
        async Task CheckpointsThroughAsync(long seq)
        {
            while (checkpoints.TryPeek(out var next) && next.Seq <= seq)
            {
                await WriteLineAsync(new { type = "checkpoint", line = AuditCheckpointLine.Of(checkpoints.Dequeue()) });
                written++;
            }
        }

        async Task WriteLineAsync(object value) => await writer.WriteLineAsync(JsonSerializer.Serialize(value, AuditCheckpointLog.Json).AsMemory(), cancellationToken);

        await CheckpointsThroughAsync(0);
        await foreach (var row in db.AuditEvents.AsNoTracking().Where(a => a.Seq != null).OrderBy(a => a.Seq).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            await WriteLineAsync(new { type = "event", row.Seq, row.Id, row.At, row.Kind, row.Actor, row.CaseCode, row.StepId, row.DetailJson, row.PreviousHash, row.Hash });
            rows++;
            await CheckpointsThroughAsync(row.Seq!.Value);
        }

        await writer.FlushAsync(cancellationToken);
        return (rows, written);
    }
}
