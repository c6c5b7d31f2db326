using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RpaRunner.Workflows.Audit;
using RpaRunner.Workflows.Calendar;
using RpaRunner.Workflows.Catalog;
using RpaRunner.Workflows.Engine.Contracts;
using RpaRunner.Workflows.Engine.Storage;
using RpaRunner.Workflows.Forms;
using RpaRunner.Workflows.Model;
using RpaRunner.Workflows.Privacy;

namespace RpaRunner.Workflows.Engine;

/// <summary>
/// The durable case engine. Every change of a case or step is one transaction together with its audit
/// event, under optimistic concurrency, so any number of engine instances can share one database and a
/// process may die at any moment without losing or doubling work.
/// </summary>
public sealed class CaseEngine(
    IDbContextFactory<EngineDbContext> dbFactory,
    BundleCatalog bundles,
    TimeProvider time,
    EngineSignal signal,
    IOptions<EngineOptions> options,
    ILogger<CaseEngine> logger,
    WriteGate? writeGate = null,
    DispatchSchedule? schedule = null)
{
    public const string EngineActor = "system:engine";
    public const string ReconcilerActor = "system:reconciler";
    private const int MaxTransactionAttempts = 12;
    private static readonly TimeSpan MinDeferral = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxDeferral = TimeSpan.FromMinutes(15);
    private readonly EngineOptions _options = options.Value;
    private readonly TimeZoneInfo _zone = options.Value.ResolveTimeZone();
    private readonly DispatchSchedule _schedule = schedule ?? DispatchSchedule.Unrestricted;

    /// <summary>
    /// Serialises the engine's write transactions across every process sharing a PostgreSQL database. Each
    /// transition appends to the one audit chain, so transitions are totally ordered anyway; taking this lock
    /// first (instead of colliding on the chain head and retrying) keeps a busy farm from retrying in circles,
    /// and makes every claim round count the running sessions of a system exactly, even while two
    /// orchestrators overlap. SQLite gets the same from <see cref="WriteGate"/> and its single writer.
    /// </summary>
    internal const long WriteLockKey = 0x5250_4101;

    public BundleCatalog Bundles => bundles;

    /// <summary>Service hours, session limits, batch windows and the working-day calendar this engine applies.</summary>
    public DispatchSchedule Schedule => _schedule;

    /// <summary>Today in the bureau's time zone: what "not in the future" means on a form.</summary>
    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), _zone).DateTime);

    // ───────────────────────────── submission ─────────────────────────────

    /// <summary>Validates the form and stores a new case. Throws <see cref="FormRejectedException"/> with every field error when the form is bad.</summary>
    public async Task<SubmitResult> SubmitAsync(SubmitCase command, CancellationToken cancellationToken = default)
    {
        var bundle = bundles.Find(command.BundleId, command.BundleVersion)
            ?? throw new NotFoundException("bundle.unknown", $"Unknown bundle '{command.BundleId}'{(command.BundleVersion is { } v ? $" version {v}" : string.Empty)}.");
        var validation = FormValidator.Validate(bundle.Form, command.Form, Today);
        if (!validation.IsValid)
        {
            throw new FormRejectedException(validation.Errors);
        }

        var window = _schedule.WindowOf(bundle.Id);
        var hold = command.HoldForBatchWindow ?? window?.HoldSubmissions ?? false;
        if (hold && window is null)
        {
            throw new EngineRequestException("batch.no-window", $"Bundle '{bundle.Id}' has no batch window to hold the case for (configure Bundles:{bundle.Id}:BatchWindow).");
        }

        var result = await TransactAsync(async db =>
        {
            if (command.RequestId is { } requestId)
            {
                var existing = await db.Cases.AsNoTracking().FirstOrDefaultAsync(c => c.RequestId == requestId, cancellationToken);
                if (existing is not null)
                {
                    return new SubmitResult(existing.Code, Created: false);
                }
            }

            await PinBundleVersionAsync(db, bundle, cancellationToken);
            var now = time.GetUtcNow();
            var record = new CaseRecord
            {
                Id = Guid.CreateVersion7(now),
                Code = NewCaseCode(bundle, now),
                BundleId = bundle.Id,
                BundleVersion = bundle.Version,
                Status = CaseStatus.Running,
                FormJson = validation.Normalized.ToJsonString(JsonDefaults.Options),
                RequestId = command.RequestId,
                SubmittedBy = command.Actor,
                SubmittedAt = now,
                UpdatedAt = now,
                BatchWindow = hold ? window!.Hours.Spec : null,
            };
            foreach (var step in bundle.Steps)
            {
                var system = bundles.Systems.FindSystem(step.System)!;
                DateTimeOffset? deadline = step.TimeLimitDays is { } days ? _schedule.DeadlineOf(now, days) : null;
                if (deadline > record.DeadlineAt || (deadline is not null && record.DeadlineAt is null))
                {
                    record.DeadlineAt = deadline;
                }

                record.Steps.Add(new StepRecord
                {
                    Id = Guid.CreateVersion7(now),
                    CaseId = record.Id,
                    StepId = step.Id,
                    Status = StepStatus.Pending,
                    System = step.System,
                    Action = step.Action,
                    Pool = system.Pool,
                    IdempotencyKey = $"{record.Code}:{step.Id}",
                    DeadlineAt = deadline,
                });
            }

            db.Cases.Add(record);
            var audit = new AuditWriter(db, time);
            await audit.AppendAsync("case.submitted", command.Actor, record.Code, null, new { bundle = bundle.Id, version = bundle.Version, steps = bundle.Steps.Count, requestId = command.RequestId, deadline = record.DeadlineAt, batchWindow = record.BatchWindow }, cancellationToken);
            await AdvanceAsync(record, bundle, audit, cancellationToken);
            return new SubmitResult(record.Code, Created: true);
        }, cancellationToken);

        if (result.Created)
        {
            logger.LogInformation("Case {CaseCode} of bundle {BundleId} v{Version} submitted", result.CaseCode, bundle.Id, bundle.Version);
            signal.Notify();
        }

        return result;
    }

    // ───────────────────────────── dispatch ─────────────────────────────

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

        return await TransactAsync<IReadOnlyList<RunStep>>(async db =>
        {
            var now = time.GetUtcNow();
            var due = await DueStepsAsync(db, now, max, pools, cancellationToken);
            var audit = new AuditWriter(db, time);
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
                step.LeaseExpiresAt = now + (_options.DispatchTimeout ?? _options.LeaseDuration);
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
                await audit.AppendAsync(verify ? "step.verification-dispatched" : "step.dispatched", EngineActor, step.Case!.Code, step.StepId, new { attempt = step.Attempt, pool = step.Pool }, cancellationToken);
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

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
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
        var gates = _schedule.GatesAt(now);
        var closedSystems = gates.ClosedSystems.ToList();
        var closedBundles = gates.ClosedBatchBundles.ToList();

        // One query per due state: each is read in the order of the (Status, DueAt) index and stops after the few
        // steps a round takes, however many ready steps wait behind them (a night's batch held back for its bots).
        IQueryable<StepRecord>[] candidates = [.. new[] { StepStatus.Ready, StepStatus.FailedWillRetry, StepStatus.OutcomeUnknown }.Select(status => db.Steps.Include(s => s.Case)
            .Where(s => s.Status == status && s.DueAt <= now)
            .Where(s => !closedSystems.Contains(s.System))
            .Where(s => s.Case!.BatchWindow == null || !closedBundles.Contains(s.Case.BundleId)))];
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

    /// <summary>A worker takes or keeps a step's lease. Refused when the dispatch is no longer current.</summary>
    public Task<StepLeaseAnswer> ExtendLeaseAsync(ExtendStepLease request, CancellationToken cancellationToken = default) =>
        TransactAsync(async db =>
        {
            var step = await db.Steps.Include(s => s.Case).FirstOrDefaultAsync(s => s.Id == request.StepRecordId, cancellationToken);
            var now = time.GetUtcNow();
            if (step is null || step.Status != StepStatus.Running || step.DispatchToken != request.DispatchToken)
            {
                return new StepLeaseAnswer { Granted = false, Reason = "the dispatch is no longer current (the step was re-dispatched, finished or cancelled)" };
            }

            if (step.LeaseExpiresAt < now)
            {
                return new StepLeaseAnswer { Granted = false, Reason = "the lease has expired; the step will be re-dispatched" };
            }

            if (step.LeaseHolder is not null && step.LeaseHolder != request.Worker)
            {
                // A redelivered message (the broker lost the first worker's connection) must not start a second
                // session beside a worker that may still be alive: the step waits for the holder or its lease.
                return new StepLeaseAnswer { Granted = false, Reason = $"the step is held by {step.LeaseHolder} until its lease expires" };
            }

            if (step.LeaseHolder != request.Worker)
            {
                await new AuditWriter(db, time).AppendAsync("step.started", $"bot:{request.Worker}", step.Case!.Code, step.StepId, new { attempt = step.Attempt }, cancellationToken);
                step.LeaseHolder = request.Worker;
            }

            if (request.Committing && !step.Verifying)
            {
                // From this moment the record may exist: any ending of this attempt but a clean one is an unknown outcome.
                var attempt = await db.Attempts.FirstOrDefaultAsync(a => a.StepRecordId == step.Id && a.DispatchToken == request.DispatchToken, cancellationToken);
                if (attempt is { CommittedAt: null })
                {
                    attempt.CommittedAt = now;
                    await new AuditWriter(db, time).AppendAsync("step.committing", $"bot:{request.Worker}", step.Case!.Code, step.StepId, new { attempt = step.Attempt }, cancellationToken);
                }
            }

            step.LeaseExpiresAt = now + _options.LeaseDuration;
            return new StepLeaseAnswer { Granted = true, LeaseExpiresAt = step.LeaseExpiresAt };
        }, cancellationToken);

    /// <summary>Records how a bot attempt ended, then releases the steps that now have all they need.</summary>
    public async Task ApplyReportAsync(StepReport report, CancellationToken cancellationToken = default)
    {
        var changed = await TransactAsync(async db =>
        {
            var step = await db.Steps.FirstOrDefaultAsync(s => s.Id == report.StepRecordId, cancellationToken);
            if (step is null)
            {
                logger.LogWarning("Report for unknown step record {StepRecordId} ignored", report.StepRecordId);
                return false;
            }

            var record = await LoadCaseAsync(db, step.CaseId, cancellationToken);
            step = record.Steps.First(s => s.Id == report.StepRecordId);
            var attempt = await db.Attempts.FirstOrDefaultAsync(a => a.StepRecordId == step.Id && a.DispatchToken == report.DispatchToken, cancellationToken);
            var now = time.GetUtcNow();
            var audit = new AuditWriter(db, time);
            var actor = $"bot:{report.Worker}";
            var current = step.DispatchToken == report.DispatchToken;
            if (attempt is not null)
            {
                attempt.Worker = report.Worker;

                // An attempt the reconciler already closed (its lease ran out) stays closed at that moment: from
                // then on the engine counts its session as free, and the worker had stopped by its lease's end.
                attempt.FinishedAt ??= now;
                attempt.FoundExisting = report.FoundExisting;
                attempt.EvidenceJson = report.Evidence.Count > 0 ? JsonSerializer.Serialize(report.Evidence, JsonDefaults.Options) : null;
                attempt.ErrorClass = report.FailureClass;
                attempt.ErrorMessage = Truncate(report.Message, 2000);
                attempt.NotesJson = report.Notes.Count > 0 ? JsonSerializer.Serialize(report.Notes.Take(20), JsonDefaults.Options) : null;
            }

            // A success is accepted from any attempt while the step is open: the record exists in the
            // department system, and a later attempt would only find it. Failures count only when current.
            if (step.Status.IsTerminal() || record.Status == CaseStatus.Cancelled || (!report.Succeeded && (!current || step.Status != StepStatus.Running)))
            {
                attempt?.Outcome = "stale";
                await audit.AppendAsync("step.report-ignored", actor, record.Code, step.StepId, new { attempt = report.Attempt, succeeded = report.Succeeded, state = step.Status.ToString() }, cancellationToken);
                return true;
            }

            var bundle = await BundleOfAsync(db, record, cancellationToken);
            var definition = bundle.FindStep(step.StepId)!;
            if (report.Succeeded)
            {
                var missing = definition.Outputs.Where(o => string.IsNullOrWhiteSpace(report.Outputs.GetValueOrDefault(o))).ToList();
                if (missing.Count > 0)
                {
                    attempt?.Outcome = "failed";
                    await HandOverAsync(step, record, FailureClass.NeedsPerson, $"机器人未取回结果字段 / the bot returned no value for: {string.Join(", ", missing)}", actor, audit, cancellationToken);
                    return true;
                }

                // A value read from a department system passes the same contract as one a person types.
                var ranAction = bundles.Systems.FindAction(step.AmendAction ?? step.Action)!;
                var check = ActionContract.CheckOutputs(ranAction, InputsToSend(step), report.Outputs.Where(o => definition.Outputs.Contains(o.Key)).ToDictionary(), Today);
                if (!check.IsValid)
                {
                    attempt?.Outcome = "failed";
                    var detail = string.Join("；", check.Errors.Select(e => e.Message));
                    await HandOverAsync(step, record, FailureClass.NeedsPerson, $"系统返回的结果不合规，未采用 / the system returned invalid values, not used: {detail}", actor, audit, cancellationToken);
                    return true;
                }

                attempt?.Outcome = step.Verifying ? "found" : "succeeded";
                var amended = step.AmendAction is not null;
                var outputs = ReadStrings(step.OutputsJson);
                foreach (var (name, value) in check.Normalized)
                {
                    outputs[name] = value;
                }

                step.Status = StepStatus.Succeeded;
                step.OutputsJson = JsonSerializer.Serialize(outputs, JsonDefaults.Options);
                step.FinishedAt = now;
                step.AmendAction = null;
                if (!step.AmendAfterRun)
                {
                    step.PreviousInputsJson = null;
                }

                ClearRun(step);
                await audit.AppendAsync(amended ? "step.amended" : "step.succeeded", actor, record.Code, step.StepId, new { attempt = report.Attempt, foundExisting = report.FoundExisting, outputs = MaskAll(check.Normalized.ToDictionary()), notes = report.Notes }, cancellationToken);
                if (step.AmendAfterRun)
                {
                    // The case was amended while this attempt entered the old values: the record needs correcting now.
                    step.AmendAfterRun = false;
                    await BeginAmendmentAsync(step, definition, record, actor, audit, cancellationToken);
                }

                if (amended)
                {
                    // A corrected record may carry new outputs (a re-issued ID number): later steps follow them.
                    await ReconcileInputsAsync(record, bundle, actor, audit, cancellationToken);
                }

                await AdvanceAsync(record, bundle, audit, cancellationToken);
                return true;
            }

            if (step.Verifying)
            {
                await VerificationFailedAsync(step, record, definition, attempt, report, actor, audit, cancellationToken);
                return true;
            }

            if (IsUnknownOutcome(step, attempt, report.FailureClass))
            {
                await OutcomeUnknownAsync(step, record, attempt, report.Message ?? "no message", actor, audit, cancellationToken);
                return true;
            }

            if (report.DeferredFor is { } deferredFor)
            {
                attempt?.Outcome = "deferred";
                await DeferAsync(step, record, deferredFor, report.Message ?? "the department system is unavailable", actor, audit, cancellationToken);
                return true;
            }

            attempt?.Outcome = "failed";
            await FailAsync(step, record, definition, report.FailureClass ?? FailureClass.Transient, report.Message ?? "no message", actor, audit, cancellationToken);
            return true;
        }, cancellationToken);

        if (changed)
        {
            signal.Notify();
        }
    }

    /// <summary>Makes running steps whose lease ran out due again (a transient failure: the worker was lost).</summary>
    public async Task<int> ReclaimExpiredLeasesAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        List<Guid> expired;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            expired = await db.Steps.AsNoTracking()
                .Where(s => s.Status == StepStatus.Running && s.LeaseExpiresAt < now)
                .OrderBy(s => s.LeaseExpiresAt)
                .Select(s => s.Id)
                .Take(500)
                .ToListAsync(cancellationToken);
        }

        var reclaimed = 0;
        foreach (var id in expired)
        {
            var done = await TransactAsync(async db =>
            {
                var step = await db.Steps.FirstAsync(s => s.Id == id, cancellationToken);
                if (step.Status != StepStatus.Running || step.LeaseExpiresAt >= time.GetUtcNow())
                {
                    return false;
                }

                var record = await LoadCaseAsync(db, step.CaseId, cancellationToken);
                step = record.Steps.First(s => s.Id == id);
                var attempt = await db.Attempts.FirstOrDefaultAsync(a => a.StepRecordId == step.Id && a.DispatchToken == step.DispatchToken, cancellationToken);
                attempt?.Outcome = "lease-expired";
                attempt?.FinishedAt = time.GetUtcNow();
                var definition = (await BundleOfAsync(db, record, cancellationToken)).FindStep(step.StepId)!;
                if (step.LeaseHolder is null)
                {
                    // Nobody took it (its message waited in a long queue, or was lost with a broker): nothing touched
                    // the department system, so it goes again at once and does not use up its retry budget.
                    attempt?.Outcome = "not-taken";
                    step.DueAt = time.GetUtcNow();
                    if (step.Verifying)
                    {
                        // A lookup nobody took: the outcome is still unknown, and it is looked up again.
                        step.Status = StepStatus.OutcomeUnknown;
                        step.ErrorClass = FailureClass.OutcomeUnknown;
                    }
                    else
                    {
                        step.Status = StepStatus.FailedWillRetry;
                        step.AttemptsInBudget = Math.Max(0, step.AttemptsInBudget - 1);
                        step.ErrorClass = FailureClass.Transient;
                        step.ErrorMessage = "没有机器人领取该步骤（租约到期），重新派发 / no bot took the step before its lease expired; dispatched again";
                    }

                    ClearLease(step);
                    await new AuditWriter(db, time).AppendAsync("step.requeued", ReconcilerActor, record.Code, step.StepId, new { attempt = step.Attempt }, cancellationToken);
                    UpdateCaseStatus(record);
                    return true;
                }

                var message = $"机器人 {step.LeaseHolder} 未按时报告（租约到期）/ bot {step.LeaseHolder} did not report before its lease expired";
                if (step.Verifying)
                {
                    // A lost lookup entered nothing: look again.
                    await VerificationFailedAsync(step, record, definition, attempt, new StepReport { StepRecordId = step.Id, DispatchToken = step.DispatchToken!.Value, Attempt = step.Attempt, Worker = step.LeaseHolder, Succeeded = false, FailureClass = FailureClass.Transient, Message = message }, ReconcilerActor, new AuditWriter(db, time), cancellationToken);
                    return true;
                }

                if (IsUnknownOutcome(step, attempt, FailureClass.Transient))
                {
                    attempt?.Outcome = "unknown";
                    await OutcomeUnknownAsync(step, record, attempt, message, ReconcilerActor, new AuditWriter(db, time), cancellationToken);
                    return true;
                }

                await FailAsync(step, record, definition, FailureClass.Transient, message, ReconcilerActor, new AuditWriter(db, time), cancellationToken);
                return true;
            }, cancellationToken);
            reclaimed += done ? 1 : 0;
        }

        if (reclaimed > 0)
        {
            logger.LogWarning("Reclaimed {Count} step(s) whose lease expired", reclaimed);
            signal.Notify();
        }

        return reclaimed;
    }

    // ───────────────────────────── a person's actions ─────────────────────────────

    /// <summary>Runs an operator's decision on a step (retry, correct and retry, skip, complete by hand), audited with who and why.</summary>
    public async Task PerformAsync(PersonAction action, CancellationToken cancellationToken = default)
    {
        RequireReason(action.Reason);
        await TransactAsync(async db =>
        {
            var record = await LoadCaseAsync(db, action.CaseCode, cancellationToken);
            if (record.Status is CaseStatus.Cancelled or CaseStatus.Completed)
            {
                throw new ActionConflictException("case.closed", $"Case {record.Code} is {record.Status}; its steps can no longer change.");
            }

            var step = record.Steps.FirstOrDefault(s => s.StepId == action.StepId)
                ?? throw new NotFoundException("step.unknown", $"Case {record.Code} has no step '{action.StepId}'.");
            var bundle = await BundleOfAsync(db, record, cancellationToken);
            var definition = bundle.FindStep(step.StepId)!;
            var audit = new AuditWriter(db, time);
            var now = time.GetUtcNow();
            switch (action.Kind)
            {
                case PersonActionKind.Retry:
                case PersonActionKind.CorrectAndRetry:
                    RequireState(step, action.Kind, StepStatus.WaitingForPerson, StepStatus.FailedWillRetry);
                    string[] corrected = [];
                    if (action.Kind == PersonActionKind.CorrectAndRetry)
                    {
                        corrected = ApplyCorrections(step, definition, action.Values);
                    }
                    else if (step.ErrorClass == FailureClass.NeedsApplicant)
                    {
                        throw new ActionConflictException("step.needs-applicant", $"The department refused '{step.StepId}' for a reason only the applicant can fix; retrying would repeat the refusal. Amend the case with the applicant's corrected data (or cancel it).");
                    }

                    step.Status = StepStatus.Ready;
                    step.DueAt = now;
                    step.AttemptsInBudget = 0;
                    step.ErrorClass = null;
                    step.ErrorMessage = null;
                    await audit.AppendAsync(action.Kind == PersonActionKind.Retry ? "step.retried-by-person" : "step.corrected-by-person", action.Actor, record.Code, step.StepId, new { reason = action.Reason, corrected }, cancellationToken);
                    break;

                case PersonActionKind.Skip:
                    RequireState(step, action.Kind, StepStatus.WaitingForPerson, StepStatus.FailedWillRetry, StepStatus.Ready, StepStatus.Pending, StepStatus.OutcomeUnknown);
                    var affected = AffectedBySkip(bundle, record, step.StepId);
                    if (affected.Count > 0 && !action.Cascade)
                    {
                        throw new SkipAffectsLaterStepsException(step.StepId, affected);
                    }

                    foreach (var skipped in affected.Select(id => record.Steps.First(s => s.StepId == id)).Prepend(step))
                    {
                        skipped.Status = StepStatus.Skipped;
                        skipped.FinishedAt = now;
                        skipped.ResolvedBy = action.Actor;
                        skipped.AmendAction = null;
                        ClearRun(skipped);
                        await audit.AppendAsync("step.skipped-by-person", action.Actor, record.Code, skipped.StepId, skipped == step
                            ? new { reason = action.Reason, cascade = affected }
                            : new { reason = action.Reason, cascadeFrom = step.StepId }, cancellationToken);
                    }

                    break;

                case PersonActionKind.CompleteByHand:
                    RequireState(step, action.Kind, StepStatus.WaitingForPerson, StepStatus.FailedWillRetry, StepStatus.Ready, StepStatus.NeedsAmendment, StepStatus.OutcomeUnknown);
                    var outputs = action.Values ?? [];
                    var missing = definition.Outputs.Where(o => string.IsNullOrWhiteSpace(outputs.GetValueOrDefault(o))).ToList();
                    var unknown = outputs.Keys.Where(k => !definition.Outputs.Contains(k)).ToList();
                    if (missing.Count > 0 || unknown.Count > 0)
                    {
                        var errors = missing.Select(m => RequiredOutputError(bundles.Systems.FindAction(definition.Action)?.FindOutput(m)?.Label, m))
                            .Concat(unknown.Select(u => new FieldError($"outputs.{u}", FormErrorCodes.UnknownField, $"事项「{definition.Matter.Zh}」没有结果字段「{u}」", $"'{definition.Matter.En}' has no output \"{u}\"")))
                            .ToList();
                        throw new ValuesRejectedException(errors);
                    }

                    var contract = bundles.Systems.FindAction(definition.Action)!;
                    var handCheck = ActionContract.CheckOutputs(contract, ReadStrings(step.InputsJson), outputs, Today);
                    if (!handCheck.IsValid)
                    {
                        throw new ValuesRejectedException(handCheck.Errors);
                    }

                    var amending = step.AmendAction is not null || step.Status == StepStatus.NeedsAmendment;
                    step.Status = StepStatus.Succeeded;
                    step.OutputsJson = JsonSerializer.Serialize(handCheck.Normalized, JsonDefaults.Options);
                    step.FinishedAt = now;
                    step.ResolvedBy = action.Actor;
                    step.AmendAction = null;
                    step.PreviousInputsJson = null;
                    ClearRun(step);
                    await audit.AppendAsync(amending ? "step.amended-by-person" : "step.completed-by-person", action.Actor, record.Code, step.StepId, new { reason = action.Reason, outputs = MaskAll(handCheck.Normalized.ToDictionary()) }, cancellationToken);
                    if (amending)
                    {
                        await ReconcileInputsAsync(record, bundle, action.Actor, audit, cancellationToken);
                    }
                    break;

                default:
                    throw new EngineRequestException("action.unknown", $"Unknown action {action.Kind}.");
            }

            await AdvanceAsync(record, bundle, audit, cancellationToken);
            return true;
        }, cancellationToken);
        signal.Notify();
    }

    /// <summary>
    /// 电子监察: recomputes the yellow/red flag of every open matter with a deadline and of its case, and
    /// records each change in the audit trail once. Returns how many cases changed.
    /// </summary>
    public async Task<int> SuperviseDeadlinesAsync(CancellationToken cancellationToken = default)
    {
        List<Guid> caseIds;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            caseIds = await db.Steps.AsNoTracking()
                .Where(s => s.DeadlineAt != null && (s.Status == StepStatus.Pending || s.Status == StepStatus.Ready || s.Status == StepStatus.Running
                    || s.Status == StepStatus.FailedWillRetry || s.Status == StepStatus.WaitingForPerson || s.Status == StepStatus.OutcomeUnknown))
                .Select(s => s.CaseId).Distinct().ToListAsync(cancellationToken);
        }

        var changed = 0;
        foreach (var id in caseIds)
        {
            if (await TransactAsync(db => FlagCaseAsync(db, id, cancellationToken), cancellationToken))
            {
                changed++;
            }
        }

        return changed;
    }

    /// <summary>Records a schedule edge (a system's service hours or a batch window opening or closing) with the
    /// number of steps it holds, in the audit trail.</summary>
    public Task RecordScheduleEventAsync(string kind, string subject, object detail, CancellationToken cancellationToken = default) =>
        TransactAsync(async db =>
        {
            var waiting = await db.Steps.CountAsync(
                s => (s.Status == StepStatus.Ready || s.Status == StepStatus.FailedWillRetry) && (s.System == subject || s.Case!.BundleId == subject), cancellationToken);
            await new AuditWriter(db, time).AppendAsync(kind, "system:scheduler", null, null, new { subject, waitingSteps = waiting, detail }, cancellationToken);
            return true;
        }, cancellationToken);

    private async Task<bool> FlagCaseAsync(EngineDbContext db, Guid caseId, CancellationToken cancellationToken)
    {
        var record = await LoadCaseAsync(db, caseId, cancellationToken);
        var now = time.GetUtcNow();
        var audit = new AuditWriter(db, time);
        var changed = false;
        foreach (var step in record.Steps.Where(s => s.DeadlineAt is not null && !s.Status.IsTerminal()))
        {
            var flag = _schedule.FlagOf(step.DeadlineAt, record.SubmittedAt, now, null);
            if (flag != (step.Flag ?? DeadlineFlag.None))
            {
                step.Flag = flag;
                changed = true;
                await audit.AppendAsync("step.flagged", EngineActor, record.Code, step.StepId, new { flag = flag.ToString().ToLowerInvariant(), deadline = step.DeadlineAt }, cancellationToken);
            }
        }

        var worst = record.Steps.Where(s => !s.Status.IsTerminal()).Select(s => s.Flag ?? DeadlineFlag.None).DefaultIfEmpty(DeadlineFlag.None).Max();
        if (worst != (record.Flag ?? DeadlineFlag.None))
        {
            record.Flag = worst;
            changed = true;
            await audit.AppendAsync("case.flagged", EngineActor, record.Code, null, new { flag = worst.ToString().ToLowerInvariant(), deadline = record.DeadlineAt }, cancellationToken);
        }

        return changed;
    }

    /// <summary>Cancels a case: every open step is cancelled; late bot reports are then ignored.</summary>
    public async Task CancelCaseAsync(string caseCode, string actor, string reason, CancellationToken cancellationToken = default)
    {
        RequireReason(reason);
        await TransactAsync(async db =>
        {
            var record = await LoadCaseAsync(db, caseCode, cancellationToken);
            if (record.Status is CaseStatus.Cancelled or CaseStatus.Completed)
            {
                throw new ActionConflictException("case.closed", $"Case {record.Code} is already {record.Status}.");
            }

            var now = time.GetUtcNow();
            foreach (var step in record.Steps.Where(s => !s.Status.IsTerminal()))
            {
                step.Status = StepStatus.Cancelled;
                step.FinishedAt = now;
                ClearRun(step);
            }

            record.Status = CaseStatus.Cancelled;
            record.ClosedAt = now;
            record.UpdatedAt = now;
            await new AuditWriter(db, time).AppendAsync("case.cancelled", actor, record.Code, null, new { reason }, cancellationToken);
            return true;
        }, cancellationToken);
    }

    // ───────────────────────────── amendment (更正) ─────────────────────────────

    /// <summary>
    /// Amends the case's unified form: the changed fields are merged into the form, which is validated exactly like a
    /// submission (nothing changes when it is refused). Then every step's inputs are computed again: steps not yet run
    /// use the new values; a step whose record a department already holds and whose inputs changed needs amendment —
    /// its system's amend action runs (after the records it builds on are corrected), or a person corrects the record.
    /// A step waiting for the applicant (补正) runs again with the new values.
    /// </summary>
    public async Task<AmendResult> AmendCaseAsync(AmendCase command, CancellationToken cancellationToken = default)
    {
        RequireReason(command.Reason);
        if (command.Form is not { Count: > 0 })
        {
            throw new EngineRequestException("amend.empty", "An amendment needs at least one changed field (form.section.field).");
        }

        var result = await TransactAsync(async db =>
        {
            var record = await LoadCaseAsync(db, command.CaseCode, cancellationToken);
            if (record.Status == CaseStatus.Cancelled)
            {
                throw new ActionConflictException("case.closed", $"Case {record.Code} is cancelled; it can no longer be amended.");
            }

            var bundle = await BundleOfAsync(db, record, cancellationToken);
            var before = JsonNode.Parse(record.FormJson)!.AsObject();
            var merged = before.DeepClone().AsObject();
            foreach (var (sectionId, sectionNode) in command.Form)
            {
                if (sectionNode is not JsonObject changes)
                {
                    merged[sectionId] = sectionNode?.DeepClone();
                    continue;
                }

                var section = merged[sectionId] as JsonObject ?? [];
                merged[sectionId] = section;
                foreach (var (fieldId, value) in changes)
                {
                    section[fieldId] = value?.DeepClone();
                }
            }

            var validation = FormValidator.Validate(bundle.Form, merged, Today);
            if (!validation.IsValid)
            {
                throw new FormRejectedException(validation.Errors);
            }

            var after = validation.Normalized;
            var changed = ChangedFields(bundle, before, after);
            if (changed.Count == 0)
            {
                throw new EngineRequestException("amend.no-change", "The amendment changes no field of the form.");
            }

            record.FormJson = after.ToJsonString(JsonDefaults.Options);
            var audit = new AuditWriter(db, time);
            var names = PersonalDataMasker.NamesIn(before).Concat(PersonalDataMasker.NamesIn(after)).ToList();
            await audit.AppendAsync("case.amended", command.Actor, record.Code, null, new
            {
                reason = PersonalDataMasker.MaskText(command.Reason, names),
                changes = changed.Select(c => new { field = "form." + c, from = MaskedField(c, before, names), to = MaskedField(c, after, names) }),
            }, cancellationToken);
            var touched = await ReconcileInputsAsync(record, bundle, command.Actor, audit, cancellationToken);
            await AdvanceAsync(record, bundle, audit, cancellationToken);
            return new AmendResult(
                [.. changed.Select(c => "form." + c)],
                touched,
                [.. record.Steps.Where(s => s.Status == StepStatus.NeedsAmendment || s.AmendAction is not null).Select(s => s.StepId)]);
        }, cancellationToken);
        logger.LogInformation("Case {CaseCode} amended: {Fields}", command.CaseCode, string.Join(", ", result.ChangedFields));
        signal.Notify();
        return result;
    }

    private static List<string> ChangedFields(BundleDefinition bundle, JsonObject before, JsonObject after)
    {
        var changed = new List<string>();
        foreach (var section in bundle.Form.Sections)
        {
            foreach (var field in section.Fields)
            {
                var a = (before[section.Id] as JsonObject)?[field.Id];
                var b = (after[section.Id] as JsonObject)?[field.Id];
                if (!JsonNode.DeepEquals(a, b))
                {
                    changed.Add($"{section.Id}.{field.Id}");
                }
            }
        }

        return changed;
    }

    private static string? MaskedField(string path, JsonObject form, IReadOnlyCollection<string> names)
    {
        var dot = path.IndexOf('.', StringComparison.Ordinal);
        var value = AsText((form[path[..dot]] as JsonObject)?[path[(dot + 1)..]]);
        return value is null ? null : PersonalDataMasker.MaskText(PersonalDataMasker.MaskValue(path[(dot + 1)..], value) ?? value, names);
    }

    /// <summary>
    /// Computes every step's inputs again from the case's form and the outputs so far, and brings each step whose
    /// inputs changed in line: a step not yet run simply uses them (one waiting for a person or the applicant runs
    /// again); a running step is amended once its attempt succeeds; a succeeded step needs amendment. Steps whose
    /// dependencies are no longer done wait again. Returns the steps whose inputs changed.
    /// </summary>
    private async Task<List<string>> ReconcileInputsAsync(CaseRecord record, BundleDefinition bundle, string actor, AuditWriter audit, CancellationToken cancellationToken)
    {
        var touched = new List<string>();
        var now = time.GetUtcNow();
        var byId = record.Steps.ToDictionary(s => s.StepId, StringComparer.Ordinal);

        // Reconciling changes inputs only, never the form or outputs: the case's values and names are read once.
        var values = ValuesOf(record);
        var names = PersonalDataMasker.NamesIn(values.Form).ToList();
        foreach (var definition in bundle.Steps)
        {
            var step = byId[definition.Id];
            if (step.Status is StepStatus.Pending or StepStatus.Skipped or StepStatus.Cancelled || step.InputsJson is null)
            {
                continue;
            }

            var current = ReadStrings(step.InputsJson);
            var corrections = ReadStrings(step.CorrectedInputsJson);
            var desired = ResolveInputs(definition, values, step.CorrectedInputsJson);
            var changes = desired.Where(d => current.GetValueOrDefault(d.Key) != d.Value).Select(d => d.Key).ToList();
            if (changes.Count == 0)
            {
                continue;
            }

            touched.Add(step.StepId);
            var detail = changes.Select(k => new
            {
                input = k,
                from = PersonalDataMasker.MaskText(PersonalDataMasker.MaskValue(k, current.GetValueOrDefault(k)) ?? string.Empty, names),
                to = PersonalDataMasker.MaskText(PersonalDataMasker.MaskValue(k, desired[k]) ?? string.Empty, names),
                corrected = corrections.ContainsKey(k),
            }).ToList();
            switch (step.Status)
            {
                case StepStatus.Succeeded:
                    step.PreviousInputsJson = step.InputsJson;
                    step.InputsJson = JsonSerializer.Serialize(desired, JsonDefaults.Options);
                    await audit.AppendAsync("step.needs-amendment", actor, record.Code, step.StepId, new { changes = detail }, cancellationToken);
                    await BeginAmendmentAsync(step, definition, record, actor, audit, cancellationToken);
                    break;

                case StepStatus.Running:
                    step.PreviousInputsJson ??= step.InputsJson;
                    step.InputsJson = JsonSerializer.Serialize(desired, JsonDefaults.Options);
                    step.AmendAfterRun = true;
                    await audit.AppendAsync("step.inputs-updated", actor, record.Code, step.StepId, new { changes = detail, whileRunning = true }, cancellationToken);
                    break;

                default:
                    step.InputsJson = JsonSerializer.Serialize(desired, JsonDefaults.Options);
                    if (step.Status is StepStatus.WaitingForPerson or StepStatus.FailedWillRetry)
                    {
                        // The new values are what a person (or the applicant) was asked for: try them.
                        step.Status = StepStatus.Ready;
                        step.DueAt = now;
                        step.AttemptsInBudget = 0;
                        step.ErrorClass = null;
                        step.ErrorMessage = null;
                    }

                    await audit.AppendAsync("step.inputs-updated", actor, record.Code, step.StepId, new { changes = detail }, cancellationToken);
                    break;
            }
        }

        // A step that has not run yet waits again while a step it builds on is being corrected.
        foreach (var definition in bundle.Steps)
        {
            var step = byId[definition.Id];
            if (step.AmendAction is null && step.Status is StepStatus.Ready or StepStatus.FailedWillRetry or StepStatus.WaitingForPerson
                && !definition.DependsOn.All(d => byId[d].Status.ReleasesDependents()))
            {
                step.Status = StepStatus.Pending;
                step.DueAt = null;
                step.ErrorClass = null;
                step.ErrorMessage = null;
                await audit.AppendAsync("step.held-for-amendment", actor, record.Code, step.StepId, new { waitsFor = definition.DependsOn.Where(d => !byId[d].Status.ReleasesDependents()) }, cancellationToken);
            }
        }

        UpdateCaseStatus(record);
        return touched;
    }

    /// <summary>
    /// A succeeded step's record is outdated. With an amend action in its system the bots correct it (now, or once
    /// the records it builds on are corrected); without one, a person corrects it in the system and confirms.
    /// </summary>
    private async Task BeginAmendmentAsync(StepRecord step, StepDefinition definition, CaseRecord record, string actor, AuditWriter audit, CancellationToken cancellationToken)
    {
        var amendBy = bundles.Systems.FindAction(definition.Action)?.AmendedBy;
        step.AmendAction = amendBy;
        step.FinishedAt = null;
        step.AttemptsInBudget = 0;
        step.ErrorClass = null;
        step.ErrorMessage = null;
        ClearLease(step);
        var byId = record.Steps.ToDictionary(s => s.StepId, StringComparer.Ordinal);
        if (amendBy is not null && definition.DependsOn.All(d => byId[d].Status.ReleasesDependents()))
        {
            step.Status = StepStatus.Ready;
            step.DueAt = time.GetUtcNow();
            await audit.AppendAsync("step.amendment-ready", actor, record.Code, step.StepId, new { action = amendBy }, cancellationToken);
        }
        else
        {
            step.Status = StepStatus.NeedsAmendment;
            step.DueAt = null;
            if (amendBy is null)
            {
                var system = bundles.Systems.FindSystem(step.System)?.Name.Zh ?? step.System;
                step.ErrorMessage = $"办件已更正，请在「{system}」中更正该记录后确认 / the case was amended: correct this record in {step.System}, then confirm";
            }
        }

        UpdateCaseStatus(record);
    }

    /// <summary>The inputs a bot receives: the step's inputs, and for a correction also the outputs that identify the record.</summary>
    private static Dictionary<string, string?> InputsToSend(StepRecord step)
    {
        var inputs = ReadStrings(step.InputsJson);
        if (step.AmendAction is not null)
        {
            foreach (var (name, value) in ReadStrings(step.OutputsJson))
            {
                inputs.TryAdd(name, value);
            }
        }

        return inputs;
    }

    /// <summary>
    /// The later steps that cannot run without the skipped step: those with a required input mapped from its outputs,
    /// and in turn those that need theirs. Steps already done are not affected.
    /// </summary>
    private List<string> AffectedBySkip(BundleDefinition bundle, CaseRecord record, string skippedId)
    {
        var gone = new HashSet<string>(StringComparer.Ordinal) { skippedId };
        var affected = new List<string>();
        bool grew;
        do
        {
            grew = false;
            foreach (var definition in bundle.Steps)
            {
                var step = record.Steps.First(s => s.StepId == definition.Id);
                if (gone.Contains(definition.Id) || step.Status.IsTerminal())
                {
                    continue;
                }

                var action = bundles.Systems.FindAction(definition.Action);
                var needs = definition.Inputs.Any(i => action?.FindInput(i.Key)?.Required == true
                    && ValuePath.TryParse(i.Value.Path, out var path) && path.Value.Source == ValueSource.Step && gone.Contains(path.Value.Owner));
                if (needs)
                {
                    gone.Add(definition.Id);
                    affected.Add(definition.Id);
                    grew = true;
                }
            }
        }
        while (grew);
        return affected;
    }

    private static FieldError RequiredOutputError(LocalizedText? label, string output) =>
        new($"outputs.{output}", FormErrorCodes.Required, $"「{label?.Zh ?? output}」：必填，不能为空", $"{label?.En ?? output}: this field is required");

    // ───────────────────────────── internals ─────────────────────────────

    /// <summary>
    /// Whether a failed attempt may have left its record behind: the bot says so, or it had passed its commit point
    /// and the failure is not the system's refusal (a refusal means nothing was stored). A correction (更正) is
    /// never unknown: the system makes a second identical correction harmless, so it is simply retried.
    /// </summary>
    private static bool IsUnknownOutcome(StepRecord step, StepAttemptRecord? attempt, FailureClass? failure) =>
        step.AmendAction is null
        && (failure == FailureClass.OutcomeUnknown
            || (attempt?.CommittedAt is not null && failure is not (FailureClass.Business or FailureClass.NeedsApplicant)));

    /// <summary>
    /// 结果不明: the record may exist. An action that can be searched is looked up at once (a verification); one that
    /// cannot goes to a person, who checks the system and then completes the step by hand or retries it. Either way
    /// it is never entered again blindly.
    /// </summary>
    private async Task OutcomeUnknownAsync(StepRecord step, CaseRecord record, StepAttemptRecord? attempt, string message, string actor, AuditWriter audit, CancellationToken cancellationToken)
    {
        attempt?.Outcome = "unknown";
        var searchable = bundles.Systems.FindAction(step.Action)?.Idempotent ?? false;
        var system = bundles.Systems.FindSystem(step.System)?.Name.Zh ?? step.System;
        await audit.AppendAsync("step.outcome-unknown", actor, record.Code, step.StepId, new { attempt = step.Attempt, committedAt = attempt?.CommittedAt, error = MaskFor(record, message), next = searchable ? "verify" : "person" }, cancellationToken);
        if (searchable)
        {
            step.Status = StepStatus.OutcomeUnknown;
            step.DueAt = time.GetUtcNow();
            step.ErrorClass = FailureClass.OutcomeUnknown;
            step.ErrorMessage = Truncate($"提交后结果不明，正在「{system}」中按综窗受理编号核实 / outcome unknown after the submit; looking the record up in {step.System}: {message}", 2000);
            ClearLease(step);
            UpdateCaseStatus(record);
            return;
        }

        await HandOverAsync(step, record, FailureClass.OutcomeUnknown, UnknownOutcomeTask(step, system, message), actor, audit, cancellationToken);
    }

    private static string UnknownOutcomeTask(StepRecord step, string system, string message) =>
        $"提交后结果不明：请在「{system}」中核实是否已有综窗受理编号为 {step.IdempotencyKey} 的记录——已有则按其结果「人工办结」，没有则「重试」/ "
        + $"outcome unknown after the submit: check whether {step.System} holds the record {step.IdempotencyKey}, then complete it by hand with its results, or retry if it is not there. ({message})";

    /// <summary>
    /// A verification did not find the record (the step is entered again from the start), could not look (a person
    /// checks), or failed (it looks again after a backoff; a person checks once the retries are spent).
    /// </summary>
    private async Task VerificationFailedAsync(StepRecord step, CaseRecord record, StepDefinition definition, StepAttemptRecord? attempt, StepReport report, string actor, AuditWriter audit, CancellationToken cancellationToken)
    {
        var system = bundles.Systems.FindSystem(step.System)?.Name.Zh ?? step.System;
        if (report.NotFound)
        {
            attempt?.Outcome = "not-found";
            step.Status = StepStatus.Ready;
            step.DueAt = time.GetUtcNow();
            step.ErrorClass = null;
            step.ErrorMessage = null;
            ClearLease(step);
            await audit.AppendAsync("step.verified-absent", actor, record.Code, step.StepId, new { attempt = report.Attempt }, cancellationToken);
            UpdateCaseStatus(record);
            return;
        }

        if (attempt is not null && attempt.Outcome != "lease-expired")
        {
            attempt.Outcome = "failed";
        }

        var message = report.Message ?? "no message";
        if (report.FailureClass is FailureClass.Transient && step.AttemptsInBudget < definition.Retry.MaxAttempts)
        {
            var delay = Backoff.Delay(definition.Retry, step.AttemptsInBudget, Random.Shared.NextDouble());
            step.AttemptsInBudget++;
            step.Status = StepStatus.OutcomeUnknown;
            step.DueAt = time.GetUtcNow() + delay;
            step.ErrorClass = FailureClass.OutcomeUnknown;
            step.ErrorMessage = Truncate($"核实失败，稍后再查 / the lookup failed and runs again: {message}", 2000);
            ClearLease(step);
            await audit.AppendAsync("step.verification-failed", actor, record.Code, step.StepId, new { attempt = report.Attempt, error = MaskFor(record, message), retryInSeconds = Math.Round(delay.TotalSeconds, 1) }, cancellationToken);
            UpdateCaseStatus(record);
            return;
        }

        await HandOverAsync(step, record, FailureClass.OutcomeUnknown, UnknownOutcomeTask(step, system, message), actor, audit, cancellationToken);
    }

    private async Task FailAsync(StepRecord step, CaseRecord record, StepDefinition definition, FailureClass failure, string message, string actor, AuditWriter audit, CancellationToken cancellationToken)
    {
        if (failure == FailureClass.Transient && step.AttemptsInBudget < definition.Retry.MaxAttempts)
        {
            var delay = Backoff.Delay(definition.Retry, step.AttemptsInBudget, Random.Shared.NextDouble());
            step.Status = StepStatus.FailedWillRetry;
            step.DueAt = time.GetUtcNow() + delay;
            step.ErrorClass = failure;
            step.ErrorMessage = Truncate(message, 2000);
            ClearLease(step);
            await audit.AppendAsync("step.failed-will-retry", actor, record.Code, step.StepId, new { attempt = step.Attempt, error = MaskFor(record, message), retryInSeconds = Math.Round(delay.TotalSeconds, 1) }, cancellationToken);
            UpdateCaseStatus(record);
            return;
        }

        var reason = failure == FailureClass.Transient
            ? $"重试 {step.AttemptsInBudget} 次后仍失败 / still failing after {step.AttemptsInBudget} attempts: {message}"
            : message;
        await HandOverAsync(step, record, failure, reason, actor, audit, cancellationToken);
    }

    /// <summary>
    /// The attempt never reached the department system (its circuit is open, its robot sessions are busy): the step
    /// waits until the system may be tried again, with a little jitter so the waiting steps do not return at once,
    /// and the attempt is not counted against its retries — a system that is down makes steps wait, not fail.
    /// </summary>
    private async Task DeferAsync(StepRecord step, CaseRecord record, TimeSpan deferredFor, string message, string actor, AuditWriter audit, CancellationToken cancellationToken)
    {
        var wait = TimeSpan.FromTicks(Math.Clamp(deferredFor.Ticks, MinDeferral.Ticks, MaxDeferral.Ticks));
        wait += TimeSpan.FromTicks((long)(wait.Ticks * 0.25 * Random.Shared.NextDouble()));
        step.Status = StepStatus.FailedWillRetry;
        step.AttemptsInBudget = Math.Max(0, step.AttemptsInBudget - 1);
        step.DueAt = time.GetUtcNow() + wait;
        step.ErrorClass = FailureClass.Transient;
        step.ErrorMessage = Truncate(message, 2000);
        ClearLease(step);
        await audit.AppendAsync("step.deferred", actor, record.Code, step.StepId, new { attempt = step.Attempt, reason = MaskFor(record, message), retryInSeconds = Math.Round(wait.TotalSeconds, 1) }, cancellationToken);
        UpdateCaseStatus(record);
    }

    private async Task HandOverAsync(StepRecord step, CaseRecord record, FailureClass failure, string message, string actor, AuditWriter audit, CancellationToken cancellationToken)
    {
        step.Status = StepStatus.WaitingForPerson;
        step.ErrorClass = failure;
        step.ErrorMessage = Truncate(message, 2000);
        ClearLease(step);
        step.DueAt = null;
        await audit.AppendAsync("step.waiting-for-person", actor, record.Code, step.StepId, new { attempt = step.Attempt, failure = failure.ToString(), error = MaskFor(record, message) }, cancellationToken);
        UpdateCaseStatus(record);
    }

    /// <summary>Moves pending steps whose dependencies are done to Ready (or Skipped when their condition
    /// does not hold), repeatedly, then updates the case's status.</summary>
    private async Task AdvanceAsync(CaseRecord record, BundleDefinition bundle, AuditWriter audit, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var byId = record.Steps.ToDictionary(s => s.StepId, StringComparer.Ordinal);
        bool progressed;
        do
        {
            progressed = false;
            var values = ValuesOf(record);
            foreach (var definition in bundle.Steps)
            {
                var step = byId[definition.Id];
                if (step.Status == StepStatus.NeedsAmendment && step.AmendAction is not null && definition.DependsOn.All(d => byId[d].Status.ReleasesDependents()))
                {
                    // The records it builds on are corrected: its own correction may run now.
                    step.Status = StepStatus.Ready;
                    step.DueAt = now;
                    step.AttemptsInBudget = 0;
                    await audit.AppendAsync("step.amendment-ready", EngineActor, record.Code, step.StepId, new { action = step.AmendAction }, cancellationToken);
                    continue;
                }

                if (step.Status != StepStatus.Pending || !definition.DependsOn.All(d => byId[d].Status.ReleasesDependents()))
                {
                    continue;
                }

                progressed = true;
                if (!StepConditionEvaluator.Holds(definition.Condition, values))
                {
                    step.Status = StepStatus.Skipped;
                    step.FinishedAt = now;
                    await audit.AppendAsync("step.skipped", EngineActor, record.Code, step.StepId, new { reason = "condition not met" }, cancellationToken);
                    continue;
                }

                step.Status = StepStatus.Ready;
                step.DueAt = now;
                step.InputsJson = JsonSerializer.Serialize(ResolveInputs(definition, values, step.CorrectedInputsJson), JsonDefaults.Options);
                await audit.AppendAsync("step.ready", EngineActor, record.Code, step.StepId, null, cancellationToken);
            }
        }
        while (progressed);

        var before = record.Status;
        UpdateCaseStatus(record);
        if (record.Status == CaseStatus.Completed && before != CaseStatus.Completed)
        {
            record.ClosedAt = now;
            await audit.AppendAsync("case.completed", EngineActor, record.Code, null, new { steps = record.Steps.Count(s => s.Status == StepStatus.Succeeded), skipped = record.Steps.Count(s => s.Status == StepStatus.Skipped) }, cancellationToken);
        }
    }

    private void UpdateCaseStatus(CaseRecord record)
    {
        record.UpdatedAt = time.GetUtcNow();
        if (record.Status == CaseStatus.Cancelled)
        {
            return;
        }

        record.Status = record.Steps.All(s => s.Status.IsTerminal()) ? CaseStatus.Completed
            : record.Steps.Any(s => s.Status == StepStatus.WaitingForPerson && s.ErrorClass == FailureClass.NeedsApplicant) ? CaseStatus.WaitingForApplicant
            : record.Steps.Any(s => s.Status == StepStatus.WaitingForPerson || (s.Status == StepStatus.NeedsAmendment && s.AmendAction is null)) ? CaseStatus.WaitingForPerson
            : CaseStatus.Running;
        if (record.Status != CaseStatus.Completed)
        {
            record.ClosedAt = null;
        }
    }

    private static Dictionary<string, string?> ResolveInputs(StepDefinition definition, CaseValues values, string? correctedJson)
    {
        var inputs = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (name, source) in definition.Inputs)
        {
            var node = source.Path is not null && ValuePath.TryParse(source.Path, out var path) ? path.Value.Resolve(values) : source.Value;
            inputs[name] = AsText(node);
        }

        foreach (var (name, value) in ReadStrings(correctedJson))
        {
            inputs[name] = value;
        }

        return inputs;
    }

    private string[] ApplyCorrections(StepRecord step, StepDefinition definition, Dictionary<string, string?>? values)
    {
        if (values is not { Count: > 0 })
        {
            throw new EngineRequestException("inputs.missing", "Correct-and-retry needs at least one corrected input.");
        }

        var action = bundles.Systems.FindAction(definition.Action)!;
        var unknown = values.Keys.Where(k => action.FindInput(k) is null).ToList();
        if (unknown.Count > 0)
        {
            throw new ValuesRejectedException([.. unknown.Select(u => new FieldError($"inputs.{u}", FormErrorCodes.UnknownField, $"「{action.Name.Zh}」没有输入项「{u}」", $"'{action.Name.En}' has no input \"{u}\""))]);
        }

        // A value of the unified form is changed once, for every department, by amending the case.
        var fromForm = values.Keys.Where(k => definition.Inputs.TryGetValue(k, out var source) && source.Path?.StartsWith("form.", StringComparison.Ordinal) == true).ToList();
        if (fromForm.Count > 0)
        {
            throw new ValuesRejectedException([.. fromForm.Select(k => new FieldError($"inputs.{k}", "input.fromForm",
                $"「{action.FindInput(k)!.Label.Zh}」来自一次表单（{definition.Inputs[k].Path}），请更正办件，使各部门一致", $"'{action.FindInput(k)!.Label.En}' comes from the unified form ({definition.Inputs[k].Path}); amend the case so every department gets it"))]);
        }

        var corrected = ReadStrings(step.CorrectedInputsJson);
        var inputs = ReadStrings(step.InputsJson);
        foreach (var (name, value) in values)
        {
            corrected[name] = value;
            inputs[name] = value;
        }

        var check = ActionContract.CheckInputs(action, inputs, Today);
        if (!check.IsValid)
        {
            throw new ValuesRejectedException(check.Errors);
        }

        foreach (var name in values.Keys)
        {
            corrected[name] = check.Normalized.GetValueOrDefault(name);
            inputs[name] = check.Normalized.GetValueOrDefault(name);
        }

        step.CorrectedInputsJson = JsonSerializer.Serialize(corrected, JsonDefaults.Options);
        step.InputsJson = JsonSerializer.Serialize(inputs, JsonDefaults.Options);
        return [.. values.Keys];
    }

    private static CaseValues ValuesOf(CaseRecord record)
    {
        var form = JsonNode.Parse(record.FormJson)!.AsObject();
        var outputs = record.Steps
            .Where(s => s.OutputsJson is not null)
            .ToDictionary(s => s.StepId, s => JsonNode.Parse(s.OutputsJson!)!.AsObject(), StringComparer.Ordinal);
        return new CaseValues(form, outputs);
    }

    /// <summary>
    /// The bundle version the case pinned. A version published after this process started is not in its catalog
    /// yet; the definition every case pins is also stored with the cases, so it is read from there and learnt.
    /// </summary>
    private async Task<BundleDefinition> BundleOfAsync(EngineDbContext db, CaseRecord record, CancellationToken cancellationToken)
    {
        if (bundles.Find(record.BundleId, record.BundleVersion) is { } known)
        {
            return known;
        }

        var pinned = await db.BundleVersions.AsNoTracking()
            .Where(b => b.BundleId == record.BundleId && b.Version == record.BundleVersion)
            .Select(b => b.DefinitionJson)
            .FirstOrDefaultAsync(cancellationToken)
            ?? throw new InvalidOperationException($"Case {record.Code} pins bundle {record.BundleId} v{record.BundleVersion}, which is neither known to this runner nor stored with the cases.");
        logger.LogInformation("Learnt bundle {BundleId} v{Version} from the stored pinned definition", record.BundleId, record.BundleVersion);
        return bundles.Add(pinned, $"bundle_versions/{record.BundleId}/{record.BundleVersion}");
    }

    private async Task PinBundleVersionAsync(EngineDbContext db, BundleDefinition bundle, CancellationToken cancellationToken)
    {
        if (await db.BundleVersions.AnyAsync(b => b.BundleId == bundle.Id && b.Version == bundle.Version, cancellationToken))
        {
            return;
        }

        var json = bundles.SourceOf(bundle.Id, bundle.Version) ?? JsonSerializer.Serialize(bundle, JsonDefaults.Options);
        db.BundleVersions.Add(new BundleVersionRecord
        {
            BundleId = bundle.Id,
            Version = bundle.Version,
            DefinitionJson = json,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(json))),
            RegisteredAt = time.GetUtcNow(),
        });
    }

    private string NewCaseCode(BundleDefinition bundle, DateTimeOffset now)
    {
        const string alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
        Span<char> suffix = stackalloc char[6];
        for (var i = 0; i < suffix.Length; i++)
        {
            suffix[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
        }

        var local = TimeZoneInfo.ConvertTime(now, _zone);
        return string.Create(CultureInfo.InvariantCulture, $"{bundle.CasePrefix}{local:yyyyMMdd}{suffix}");
    }

    private static async Task<CaseRecord> LoadCaseAsync(EngineDbContext db, Guid caseId, CancellationToken cancellationToken) =>
        await db.Cases.Include(c => c.Steps).FirstAsync(c => c.Id == caseId, cancellationToken);

    private static async Task<CaseRecord> LoadCaseAsync(EngineDbContext db, string caseCode, CancellationToken cancellationToken) =>
        await db.Cases.Include(c => c.Steps).FirstOrDefaultAsync(c => c.Code == caseCode, cancellationToken)
        ?? throw new NotFoundException("case.unknown", $"No case {caseCode}.");

    private static void RequireReason(string? reason)
    {
        if (string.IsNullOrWhiteSpace(reason) || reason.Length > 500)
        {
            throw new EngineRequestException("reason.required", "A person's action needs a reason (1–500 characters).");
        }
    }

    private static void RequireState(StepRecord step, PersonActionKind kind, params StepStatus[] allowed)
    {
        if (!allowed.Contains(step.Status))
        {
            throw new ActionConflictException("step.state", $"{kind} is not possible while step '{step.StepId}' is {step.Status}; it needs {string.Join(" or ", allowed)}.");
        }
    }

    private static void ClearRun(StepRecord step)
    {
        ClearLease(step);
        step.DueAt = null;
        step.ErrorClass = null;
        step.ErrorMessage = null;
    }

    private static void ClearLease(StepRecord step)
    {
        step.LeaseExpiresAt = null;
        step.LeaseHolder = null;
        step.Verifying = false;
    }

    /// <summary>A department system's message for the audit trail: it may quote the applicant, so the case's names are masked too.</summary>
    private static string MaskFor(CaseRecord record, string message) =>
        PersonalDataMasker.MaskText(message, PersonalDataMasker.NamesIn(JsonNode.Parse(record.FormJson)));

    private static Dictionary<string, string?> MaskAll(Dictionary<string, string?> values) =>
        values.ToDictionary(v => v.Key, v => PersonalDataMasker.MaskValue(v.Key, v.Value));

    internal static Dictionary<string, string?> ReadStrings(string? json) =>
        json is null ? new(StringComparer.Ordinal) : new(JsonSerializer.Deserialize<Dictionary<string, string?>>(json, JsonDefaults.Options)!, StringComparer.Ordinal);

    private static string? AsText(JsonNode? node) => StepValueText.Of(node);

    private static string? Truncate(string? text, int max) => text is { Length: > 0 } && text.Length > max ? text[..max] : text;

    /// <summary>Runs one transition in its own transaction, retrying it from a fresh read when another
    /// writer changed the same rows first.</summary>
    private async Task<T> TransactAsync<T>(Func<EngineDbContext, Task<T>> work, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var admitted = await (writeGate ?? WriteGate.Open).EnterAsync(cancellationToken);
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            try
            {
                if (db.Database.ProviderName?.Contains("Npgsql", StringComparison.Ordinal) == true)
                {
                    await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({WriteLockKey})", cancellationToken);
                }

                var result = await work(db);
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return result;
            }
            catch (DbUpdateException ex) when (attempt < MaxTransactionAttempts && (ex is DbUpdateConcurrencyException || StoreErrors.IsTransient(ex)))
            {
                logger.LogDebug("Transition conflicted (attempt {Attempt}); retrying from a fresh read", attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 10 * attempt)), cancellationToken);
            }
        }
    }
}

/// <param name="HoldForBatchWindow">true: hold the case for its bundle's overnight batch window; false: run it now;
/// null: as the bundle's setting (Bundles:{id}:HoldSubmissions) says.</param>
public sealed record SubmitCase(string BundleId, JsonObject? Form, string Actor, int? BundleVersion = null, string? RequestId = null, bool? HoldForBatchWindow = null);

public sealed record SubmitResult(string CaseCode, bool Created);

public enum PersonActionKind
{
    Retry,
    CorrectAndRetry,
    Skip,
    CompleteByHand,
}

/// <summary>An operator's decision on one step. <see cref="Values"/> holds corrected inputs or hand-entered outputs;
/// <see cref="Cascade"/> lets a skip also skip the later steps that need the skipped step's outputs.</summary>
public sealed record PersonAction(string CaseCode, string StepId, PersonActionKind Kind, string Actor, string Reason, Dictionary<string, string?>? Values = null, bool Cascade = false);

/// <summary>
/// 更正: a change of the case's unified form. <see cref="Form"/> holds the changed fields by section, as in a
/// submission (a null value clears an optional field).
/// </summary>
public sealed record AmendCase(string CaseCode, string Actor, string Reason, JsonObject? Form);

/// <summary>What an amendment changed: the form fields (masked) and the steps it touched.</summary>
public sealed record AmendResult(IReadOnlyList<string> ChangedFields, IReadOnlyList<string> StepsUpdated, IReadOnlyList<string> StepsToAmend);
