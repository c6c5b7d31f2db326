using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using RpaRunner.Workflows.Audit;
using RpaRunner.Workflows.Engine.Progression;
using RpaRunner.Workflows.Engine.Storage;
using RpaRunner.Workflows.Notifications;
using RpaRunner.Workflows.Telemetry;

namespace RpaRunner.Workflows.Engine.Transitions;

/// <summary>
/// One transition's unit of work: a database transaction and the audit events it writes, with the notifications those
/// events make for the webhooks (the outbox, ADR 0016), committed together. A
/// transition that collides with another writer on the same case or step (a row's revision changed under it) is run
/// again from a fresh read; nothing is half applied.
/// </summary>
internal sealed class EngineTransaction
{
    private const int MaxAttempts = 12;

    /// <summary>
    /// Where a transition's time goes, per transition and phase: <c>wait</c> (admitted as a writer), <c>work</c> (its
    /// reads and rules), <c>follow</c> (deadlines and outbox), <c>save</c> (change detection and the statements),
    /// <c>commit</c>, and <c>retry</c> (a collision's back-off): <c>rpa_engine_transaction_phase_duration_seconds</c>.
    /// </summary>
    public static readonly Histogram<double> PhaseDuration = RpaTelemetry.Meter.CreateHistogram<double>(
        "rpa.engine.transaction.phase.duration", unit: "s", description: "Time of the engine's write transactions, per transition and phase",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1] });

    private EngineTransaction(EngineDbContext db, TimeProvider time)
    {
        Db = db;
        Audit = new AuditWriter(db, time);
    }

    public EngineDbContext Db { get; }

    /// <summary>Audit events written in this transaction: they exist exactly when its changes do.</summary>
    public AuditWriter Audit { get; }

    private readonly List<string> _touched = [];

    /// <summary>A case whose step this transaction changes without holding the case: announced with the cases it writes.</summary>
    public void Touched(string caseCode) => _touched.Add(caseCode);

    public static async Task<T> RunAsync<T>(EngineCore core, Func<EngineTransaction, Task<T>> work, string transition, CancellationToken cancellationToken)
    {
        var timed = PhaseDuration.Enabled;
        for (var attempt = 1; ; attempt++)
        {
            var mark = Stopwatch.GetTimestamp();
            using var admitted = await core.Locks.EnterWriteAsync(cancellationToken);
            mark = Phase(timed, transition, "wait", mark);
            await using var db = await core.DbFactory.CreateDbContextAsync(cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            try
            {
                var tx = new EngineTransaction(db, core.Time);
                var result = await work(tx);
                mark = Phase(timed, transition, "work", mark);
                await DeadlineClock.FollowAsync(db, core.Schedule, core.Time.GetUtcNow(), tx.Audit, cancellationToken);
                await NotificationOutbox.WriteAsync(core, db, tx.Audit.Appended, cancellationToken);
                mark = Phase(timed, transition, "follow", mark);
                var changed = ChangedCases(db);
                changed.AddRange(tx._touched);
                await db.SaveChangesAsync(cancellationToken);
                mark = Phase(timed, transition, "save", mark);
                await transaction.CommitAsync(cancellationToken);
                Phase(timed, transition, "commit", mark);
                core.Changes.Publish(changed);
                return result;
            }
            catch (Exception ex) when (attempt < MaxAttempts && (ex is DbUpdateConcurrencyException || StoreErrors.IsTransient(ex)))
            {
                core.Logger.LogDebug("Transition conflicted (attempt {Attempt}: {Reason}); retrying from a fresh read", attempt, ex.GetType().Name);
                admitted.Dispose();
                mark = Stopwatch.GetTimestamp();
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 10 * attempt)), cancellationToken);
                Phase(timed, transition, "retry", mark);
            }
        }
    }

    private static long Phase(bool timed, string transition, string phase, long since)
    {
        if (!timed)
        {
            return since;
        }

        var now = Stopwatch.GetTimestamp();
        PhaseDuration.Record(Stopwatch.GetElapsedTime(since, now).TotalSeconds, new KeyValuePair<string, object?>("transition", transition), new KeyValuePair<string, object?>("phase", phase));
        return now;
    }

    /// <summary>
    /// The codes of the cases this transaction changes: cases written, and the cases named by the audit rows it adds
    /// (every transition audits what it does to a case or step), read before the save clears the change tracker.
    /// </summary>
    private static List<string> ChangedCases(EngineDbContext db)
    {
        db.ChangeTracker.DetectChanges();
        var entries = db.ChangeTracker.Entries().ToList();
        var codeOf = entries.Select(e => e.Entity).OfType<CaseRecord>().ToDictionary(c => c.Id, c => c.Code);
        var codes = new List<string>();
        foreach (var entry in entries)
        {
            if (entry.State is EntityState.Unchanged or EntityState.Detached)
            {
                continue;
            }

            switch (entry.Entity)
            {
                case CaseRecord record:
                    codes.Add(record.Code);
                    break;
                case StepRecord step when codeOf.TryGetValue(step.CaseId, out var owner):
                    codes.Add(owner);
                    break;
                case AuditEventRecord { CaseCode: { } code }:
                    codes.Add(code);
                    break;
            }
        }

        return codes;
    }
}
