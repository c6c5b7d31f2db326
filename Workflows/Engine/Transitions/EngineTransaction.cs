using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using RpaRunner.Workflows.Audit;
using RpaRunner.Workflows.Engine.Progression;
using RpaRunner.Workflows.Engine.Storage;
using RpaRunner.Workflows.Notifications;

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

    private EngineTransaction(EngineDbContext db, TimeProvider time)
    {
        Db = db;
        Audit = new AuditWriter(db, time);
    }

    public EngineDbContext Db { get; }

    /// <summary>Audit events written in this transaction: they exist exactly when its changes do.</summary>
    public AuditWriter Audit { get; }

    public static async Task<T> RunAsync<T>(EngineCore core, Func<EngineTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var admitted = await core.Locks.EnterWriteAsync(cancellationToken);
            await using var db = await core.DbFactory.CreateDbContextAsync(cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            try
            {
                var tx = new EngineTransaction(db, core.Time);
                var result = await work(tx);
                await DeadlineClock.FollowAsync(db, core.Schedule, core.Time.GetUtcNow(), tx.Audit, cancellationToken);
                await NotificationOutbox.WriteAsync(core, db, tx.Audit.Appended, cancellationToken);
                var changed = ChangedCases(db);
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                core.Changes.Publish(changed);
                return result;
            }
            catch (Exception ex) when (attempt < MaxAttempts && (ex is DbUpdateConcurrencyException || StoreErrors.IsTransient(ex)))
            {
                core.Logger.LogDebug("Transition conflicted (attempt {Attempt}: {Reason}); retrying from a fresh read", attempt, ex.GetType().Name);
                admitted.Dispose();
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 10 * attempt)), cancellationToken);
            }
        }
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
