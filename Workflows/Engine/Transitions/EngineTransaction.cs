using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using RpaRunner.Workflows.Audit;
using RpaRunner.Workflows.Engine.Progression;
using RpaRunner.Workflows.Engine.Storage;

namespace RpaRunner.Workflows.Engine.Transitions;

/// <summary>
/// One transition's unit of work: a database transaction and the audit events it writes, committed together. A
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
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
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
}
