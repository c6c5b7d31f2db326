using Microsoft.EntityFrameworkCore;
using RpaRunner.Workflows.Audit;
using RpaRunner.Workflows.Calendar;
using RpaRunner.Workflows.Engine.Contracts;
using RpaRunner.Workflows.Engine.Storage;
using static RpaRunner.Workflows.Engine.Transitions.StepRules;

namespace RpaRunner.Workflows.Engine.Transitions;

/// <summary>Dispatch: claims the due steps a round may hand to the bots, within service hours, batch windows, session limits and what each pool can take.</summary>
internal sealed class ClaimTransition(EngineCore core)
{
    /// <summary>
    /// Claims the steps that are due (ready, or retrying whose backoff has passed): each becomes Running
    /// with a fresh dispatch token and a lease, with its audit row, and is returned for sending. One round
    /// is one transaction, so a crash claims all of its steps or none. If sending then fails, the lease
    /// runs out and the reconciler makes the step due again. This overload claims regardless of bots, for
    /// callers that run the claimed steps themselves (tests playing the bots); the dispatcher uses the other.
    /// </summary>
    public Task<IReadOnlyList<RunStep>> ClaimDueStepsAsync(int max, CancellationToken cancellationToken = default) =>
        ClaimAsync(max, pools: null, cancellationToken);


    /// <summary>
    /// Claims due steps as <see cref="ClaimDueStepsAsync(int, CancellationToken)"/> does, but for each pool no more
    /// than its live bots can take (<see cref="PoolCapacity.Claimable"/>: their sessions and a small allowance, less
    /// its steps already in flight — claimed and queued, or being run). A pool missing from <paramref name="pools"/>
    /// has no live bot and gets nothing: its steps stay ready instead of waiting in a queue nobody reads until their
    /// dispatch times out. A round in which no pool can take a step costs one read and no write transaction.
    /// </summary>
    public Task<IReadOnlyList<RunStep>> ClaimDueStepsAsync(int max, IReadOnlyDictionary<string, PoolCapacity> pools, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pools);
        return ClaimAsync(max, pools, cancellationToken);
    }


    private async Task<IReadOnlyList<RunStep>> ClaimAsync(int max, IReadOnlyDictionary<string, PoolCapacity>? pools, CancellationToken cancellationToken)
    {
        if (pools is not null && !await AnyPoolCanTakeAsync(pools, cancellationToken))
        {
            // Every pool is full (or has no bots): most rounds while a backlog waits; the claim counts again exactly.
            return [];
        }

        return await core.TransactAsync<IReadOnlyList<RunStep>>(async tx =>
        {
            var db = tx.Db;
            var due = await DueStepsAsync(db, core.Time.GetUtcNow(), max, pools, cancellationToken);

            // Stamped after the sessions were counted under their locks: a session another transaction freed was seen
            // free only once that transaction had committed the attempt's finish, so this dispatch is recorded after it.
            var now = core.Time.GetUtcNow();
            var audit = tx.Audit;
            var claimed = new List<RunStep>(due.Count);
            foreach (var step in due)
            {
                // A step whose last outcome is unknown is only looked up; the lookup is not an attempt against its retries.
                var verify = step.Status == StepStatus.OutcomeUnknown;
                step.Verifying = verify;
                step.Status = StepStatus.Running;
                step.Attempt++;
                step.AttemptsInBudget += verify ? 0 : 1;
                step.DispatchToken = Guid.NewGuid();
                step.LeaseHolder = null;
                step.LeaseExpiresAt = now + (core.Options.DispatchTimeout ?? core.Options.LeaseDuration);
                step.StartedAt ??= now;
                step.DueAt = null;
                db.Attempts.Add(new StepAttemptRecord
                {
                    StepRecordId = step.Id,
                    CaseId = step.CaseId,
                    Attempt = step.Attempt,
                    DispatchToken = step.DispatchToken.Value,
                    DispatchedAt = now,
                    Verify = verify,
                });
                await audit.AppendAsync(verify ? AuditKinds.StepVerificationDispatched : AuditKinds.StepDispatched, CaseEngine.EngineActor, step.Case!.Code, step.StepId, new { attempt = step.Attempt, pool = step.Pool }, cancellationToken);
                claimed.Add(new RunStep
                {
                    StepRecordId = step.Id,
                    DispatchToken = step.DispatchToken.Value,
                    CaseCode = step.Case.Code,
                    StepId = step.StepId,
                    BundleId = step.Case.BundleId,
                    System = step.System,
                    Action = step.AmendAction ?? step.Action,
                    Pool = step.Pool,
                    Attempt = step.Attempt,
                    IdempotencyKey = step.IdempotencyKey,
                    Inputs = InputsToSend(step),
                    LeaseExpiresAt = step.LeaseExpiresAt.Value,
                    Verify = verify,
                    SystemVersion = core.Bundles.Systems.VersionOf(step.System),
                });
            }

            return claimed;
        }, cancellationToken);
    }


    private async Task<bool> AnyPoolCanTakeAsync(IReadOnlyDictionary<string, PoolCapacity> pools, CancellationToken cancellationToken)
    {
        if (pools.Count == 0)
        {
            return false;
        }

        await using var db = await core.DbFactory.CreateDbContextAsync(cancellationToken);
        return (await ClaimableByPoolAsync(db, pools, cancellationToken)).Count > 0;
    }


    /// <summary>
    /// The due steps one round may claim, oldest due first: none of a system outside its service hours, none of a
    /// held case while its bundle's batch window is closed, no more of a system than its free sessions (its limit
    /// minus its running steps), and — when <paramref name="pools"/> is given — no more of a pool than its bots can
    /// take (<see cref="PoolCapacity.Claimable"/>). Everything is counted in this transaction.
    /// </summary>
    private async Task<List<StepRecord>> DueStepsAsync(EngineDbContext db, DateTimeOffset now, int max, IReadOnlyDictionary<string, PoolCapacity>? pools, CancellationToken cancellationToken)
    {
        var gates = core.Schedule.GatesAt(now);
        var closedSystems = gates.ClosedSystems.ToList();
        var closedBundles = gates.ClosedBatchBundles.ToList();

        // One query per due state: each is read in the order of the (Status, DueAt) index and stops after the few
        // steps a round takes, however many ready steps wait behind them (a night's batch held back for its bots).
        IQueryable<StepRecord>[] candidates = [.. new[] { StepStatus.Ready, StepStatus.FailedWillRetry, StepStatus.OutcomeUnknown, StepStatus.Awaiting }.Select(status => db.Steps.Include(s => s.Case)
            .Where(s => s.Status == status && s.DueAt <= now)
            .Where(s => !closedSystems.Contains(s.System))
            .Where(s => s.Case!.BatchWindow == null || !closedBundles.Contains(s.Case.BundleId)))];
        // Counted under each limited system's lock: a second orchestrator claiming at once waits here, then counts the
        // sessions this claim took.
        await core.Locks.LockSessionsAsync(db, [.. gates.SessionLimits.Keys], cancellationToken);
        var freeSessions = await FreeSessionsAsync(db, gates, cancellationToken);
        if (pools is null)
        {
            return await DueWithinAsync(candidates, max, freeSessions, cancellationToken);
        }

        var due = new List<StepRecord>();
        foreach (var (pool, slots) in await ClaimableByPoolAsync(db, pools, cancellationToken))
        {
            due.AddRange(await DueWithinAsync([.. candidates.Select(c => c.Where(s => s.Pool == pool))], Math.Min(max, slots), freeSessions, cancellationToken));
        }

        return [.. due.OrderBy(s => s.DueAt).Take(max)];
    }


    /// <summary>Free sessions of each open system with a session limit: its limit minus its running steps.</summary>
    private static async Task<Dictionary<string, int>> FreeSessionsAsync(EngineDbContext db, DispatchGates gates, CancellationToken cancellationToken)
    {
        if (gates.SessionLimits.Count == 0)
        {
            return [];
        }

        var limited = gates.SessionLimits.Keys.ToList();
        var running = await db.Steps.Where(s => s.Status == StepStatus.Running && limited.Contains(s.System))
            .GroupBy(s => s.System).Select(g => new { System = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.System, g => g.Count, cancellationToken);
        return gates.SessionLimits.ToDictionary(
            l => l.Key,
            l => gates.ClosedSystems.Contains(l.Key) ? 0 : Math.Max(0, l.Value - running.GetValueOrDefault(l.Key)),
            StringComparer.Ordinal);
    }


    /// <summary>What each pool with live bots can take now, given its running steps (queued or being run); pools that can take nothing are left out.</summary>
    private static async Task<List<KeyValuePair<string, int>>> ClaimableByPoolAsync(EngineDbContext db, IReadOnlyDictionary<string, PoolCapacity> pools, CancellationToken cancellationToken)
    {
        var inFlight = await db.Steps.Where(s => s.Status == StepStatus.Running)
            .GroupBy(s => s.Pool).Select(g => new { Pool = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Pool, g => g.Count, cancellationToken);
        return [.. pools
            .Select(p => KeyValuePair.Create(p.Key, p.Value.Claimable(inFlight.GetValueOrDefault(p.Key))))
            .Where(p => p.Value > 0)];
    }


    /// <summary>
    /// At most <paramref name="max"/> due steps from <paramref name="candidates"/>, oldest due first, and of a system
    /// with a session limit no more than its free sessions; the sessions taken are deducted from <paramref name="freeSessions"/>.
    /// </summary>
    private static async Task<List<StepRecord>> DueWithinAsync(IQueryable<StepRecord>[] candidates, int max, Dictionary<string, int> freeSessions, CancellationToken cancellationToken)
    {
        var limited = freeSessions.Keys.ToList();
        var due = new List<StepRecord>();
        foreach (var source in candidates)
        {
            due.AddRange(await source.Where(s => !limited.Contains(s.System)).OrderBy(s => s.DueAt).Take(max).ToListAsync(cancellationToken));
            foreach (var (system, free) in freeSessions)
            {
                if (free > 0)
                {
                    due.AddRange(await source.Where(s => s.System == system).OrderBy(s => s.DueAt).Take(Math.Min(max, free)).ToListAsync(cancellationToken));
                }
            }
        }

        var picked = new List<StepRecord>();
        foreach (var step in due.OrderBy(s => s.DueAt))
        {
            if (picked.Count == max)
            {
                break;
            }

            if (freeSessions.TryGetValue(step.System, out var free))
            {
                if (free <= 0)
                {
                    continue;
                }

                freeSessions[step.System] = free - 1;
            }

            picked.Add(step);
        }

        return picked;
    }
}
