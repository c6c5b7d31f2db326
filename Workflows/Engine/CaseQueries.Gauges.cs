using Microsoft.EntityFrameworkCore;
using RpaRunner.Workflows.Calendar;

namespace RpaRunner.Workflows.Engine;

/// <summary>
/// The engine's levels at one moment, for the operations gauges: steps per pool and state (ready, retrying, in flight),
/// steps waiting for a person per system, open 红黄牌 flags, and the sessions of each session-limited system in use
/// beside its limit. Ids and counts only.
/// </summary>
public sealed record EngineGauges(
    DateTimeOffset At,
    IReadOnlyDictionary<(string Pool, string State), int> Queue,
    IReadOnlyDictionary<string, int> WaitingForPerson,
    IReadOnlyDictionary<DeadlineFlag, int> Flags,
    IReadOnlyDictionary<string, int> SessionsInUse,
    IReadOnlyDictionary<string, int> SessionLimits)
{
    public const string Ready = "ready";
    public const string Retrying = "retrying";
    public const string InFlight = "in_flight";
}

public sealed partial class CaseQueries
{
    /// <summary>The engine's levels now (<see cref="EngineGauges"/>): four grouped counts over the steps of the whole bureau.</summary>
    public async Task<EngineGauges> GaugesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var steps = db.Steps.AsNoTracking();
        var queued = await steps
            .Where(s => s.Status == StepStatus.Ready || s.Status == StepStatus.FailedWillRetry || s.Status == StepStatus.OutcomeUnknown || s.Status == StepStatus.Running)
            .GroupBy(s => new { s.Pool, s.Status }).Select(g => new { g.Key.Pool, g.Key.Status, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var waiting = await steps.Where(s => s.Status == StepStatus.WaitingForPerson)
            .GroupBy(s => s.System).Select(g => new { System = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.System, g => g.Count, cancellationToken);
        var flags = await steps.Where(OpenFlaggedStep)
            .GroupBy(s => s.Flag).Select(g => new { Flag = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Flag!.Value, g => g.Count, cancellationToken);
        var sessions = await RunningSessionsAsync(db, cancellationToken);

        var queue = new Dictionary<(string, string), int>();
        foreach (var group in queued)
        {
            var state = group.Status switch
            {
                StepStatus.Ready => EngineGauges.Ready,
                StepStatus.Running => EngineGauges.InFlight,
                _ => EngineGauges.Retrying,
            };
            queue[(group.Pool, state)] = queue.GetValueOrDefault((group.Pool, state)) + group.Count;
        }

        var now = time.GetUtcNow();
        var limits = _schedule.GatesAt(now).SessionLimits;
        return new EngineGauges(now, queue, waiting, flags, limits.ToDictionary(l => l.Key, l => sessions.GetValueOrDefault(l.Key), StringComparer.Ordinal), limits);
    }
}
