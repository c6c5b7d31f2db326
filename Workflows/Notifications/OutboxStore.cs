using Microsoft.EntityFrameworkCore;
using RpaRunner.Workflows.Audit;
using RpaRunner.Workflows.Engine;
using RpaRunner.Workflows.Engine.Storage;
using RpaRunner.Workflows.Model;

namespace RpaRunner.Workflows.Notifications;

/// <summary>How a webhook's failed deliveries are retried: exponential backoff with jitter, then a dead letter.</summary>
public sealed record OutboxRetryPolicy(int MaxAttempts, TimeSpan InitialDelay, TimeSpan MaxDelay, TimeSpan MaxAge)
{
    public static OutboxRetryPolicy Default { get; } = new(12, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(30), TimeSpan.FromDays(3));

    /// <summary>The wait after the <paramref name="failedAttempts"/>th failure, by the engine's own backoff (equal jitter).</summary>
    public TimeSpan DelayAfter(int failedAttempts, double random) =>
        Backoff.Delay(new RetryPolicy { InitialDelaySeconds = InitialDelay.TotalSeconds, MaxDelaySeconds = MaxDelay.TotalSeconds, BackoffFactor = 2 }, failedAttempts, random);
}

/// <summary>A notification as the console lists it (no payload: people see the case, the event and what went wrong).</summary>
public sealed record OutboxEntry(long Id, Guid EventId, string Webhook, string EventType, string CaseCode, OutboxState State, int Attempts,
    DateTimeOffset QueuedAt, DateTimeOffset? LastAttemptAt, string? LastError, DateTimeOffset? DeliveredAt, int HeldBehind);

/// <summary>
/// The outbox's bookkeeping (ADR 0016): which notifications are due, in order per case and webhook; what a try did to
/// one (delivered, retried later, dead letter); the dead letters and recent deliveries for the console, and a
/// person's resend. Only the delivery service and the console write here, never a transition after it committed.
/// </summary>
public sealed class OutboxStore(IDbContextFactory<EngineDbContext> dbFactory, TimeProvider time, IEngineLocks? locks = null)
{
    /// <summary>
    /// The notifications due now that are the first undelivered one of their case for their webhook, oldest first:
    /// a case's later events wait until the earlier ones are delivered, and all of them wait behind a dead letter.
    /// </summary>
    public async Task<IReadOnlyList<OutboxMessageRecord>> DueAsync(int max, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Outbox.AsNoTracking()
            .Where(m => m.State == OutboxState.Pending && m.NextAttemptAt <= now)
            .Where(m => !db.Outbox.Any(e => e.Webhook == m.Webhook && e.CaseCode == m.CaseCode && e.Id < m.Id && e.State != OutboxState.Delivered))
            .OrderBy(m => m.Id)
            .Take(max)
            .ToListAsync(cancellationToken);
    }

    /// <summary>When the next pending notification falls due (null: none is pending).</summary>
    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Outbox.Where(m => m.State == OutboxState.Pending).OrderBy(m => m.NextAttemptAt).Select(m => (DateTimeOffset?)m.NextAttemptAt).FirstOrDefaultAsync(cancellationToken);
    }

    public Task DeliveredAsync(long id, CancellationToken cancellationToken = default) => UpdateAsync(id, m =>
    {
        var now = time.GetUtcNow();
        m.Attempts++;
        m.LastAttemptAt = now;
        m.DeliveredAt = now;
        m.LastError = null;
        m.State = OutboxState.Delivered;
    }, cancellationToken);

    /// <summary>A try failed: the notification is tried again after its backoff, or becomes a dead letter after <see cref="OutboxRetryPolicy.MaxAttempts"/> tries or <see cref="OutboxRetryPolicy.MaxAge"/>.</summary>
    public Task FailedAsync(long id, string error, OutboxRetryPolicy policy, CancellationToken cancellationToken = default) => UpdateAsync(id, m =>
    {
        var now = time.GetUtcNow();
        m.Attempts++;
        m.LastAttemptAt = now;
        m.LastError = error.Length > OutboxMessageRecord.LastErrorMaxLength ? error[..OutboxMessageRecord.LastErrorMaxLength] : error;
        var next = now + policy.DelayAfter(m.Attempts, Random.Shared.NextDouble());
        if (m.Attempts >= policy.MaxAttempts || next - m.QueuedAt > policy.MaxAge)
        {
            m.State = OutboxState.DeadLetter;
        }
        else
        {
            m.NextAttemptAt = next;
        }
    }, cancellationToken);

    /// <summary>
    /// A person sends a dead letter again: pending now, with a fresh budget of tries and age, and the case's audit trail
    /// says who did. False when it is no dead letter (any more) or its case lies outside the person's <paramref name="scope"/>.
    /// </summary>
    public async Task<bool> ResendAsync(long id, string actor, CaseScope scope, CancellationToken cancellationToken = default)
    {
        using var admitted = await (locks ?? NoEngineLocks.Instance).EnterWriteAsync(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var message = await InScope(db, db.Outbox, scope).FirstOrDefaultAsync(m => m.Id == id && m.State == OutboxState.DeadLetter, cancellationToken);
        if (message is null)
        {
            return false;
        }

        var now = time.GetUtcNow();
        message.State = OutboxState.Pending;
        message.Attempts = 0;
        message.QueuedAt = now;
        message.NextAttemptAt = now;
        await new AuditWriter(db, time).AppendAsync(AuditKinds.NotificationResent, actor, message.CaseCode, null,
            new { webhook = message.Webhook, @event = message.EventType, eventId = message.EventId }, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>The dead letters of the cases in <paramref name="scope"/>, oldest first, each with how many later events of its case wait behind it.</summary>
    public async Task<IReadOnlyList<OutboxEntry>> DeadLettersAsync(CaseScope scope, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await InScope(db, db.Outbox.AsNoTracking(), scope)
            .Where(m => m.State == OutboxState.DeadLetter)
            .OrderBy(m => m.Id)
            .Take(500)
            .Select(m => new OutboxEntry(m.Id, m.EventId, m.Webhook, m.EventType, m.CaseCode, m.State, m.Attempts, m.QueuedAt, m.LastAttemptAt, m.LastError, m.DeliveredAt,
                db.Outbox.Count(e => e.Webhook == m.Webhook && e.CaseCode == m.CaseCode && e.Id > m.Id && e.State == OutboxState.Pending)))
            .ToListAsync(cancellationToken);
    }

    /// <summary>The latest notifications of any state of the cases in <paramref name="scope"/>, newest first (of one case when <paramref name="caseCode"/> is given).</summary>
    public async Task<IReadOnlyList<OutboxEntry>> RecentAsync(int max, CaseScope scope, string? caseCode = null, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = InScope(db, db.Outbox.AsNoTracking(), scope);
        if (caseCode is not null)
        {
            query = query.Where(m => m.CaseCode == caseCode);
        }

        return await query.OrderByDescending(m => m.Id).Take(max)
            .Select(m => new OutboxEntry(m.Id, m.EventId, m.Webhook, m.EventType, m.CaseCode, m.State, m.Attempts, m.QueuedAt, m.LastAttemptAt, m.LastError, m.DeliveredAt, 0))
            .ToListAsync(cancellationToken);
    }

    /// <summary>The notifications of the cases in <paramref name="scope"/>: another unit's cases are not there for a person, nor their notifications.</summary>
    private static IQueryable<OutboxMessageRecord> InScope(EngineDbContext db, IQueryable<OutboxMessageRecord> messages, CaseScope scope)
    {
        if (scope.IsAll)
        {
            return messages;
        }

        var codes = scope.Filter(db.Cases).Select(c => c.Code);
        return messages.Where(m => codes.Contains(m.CaseCode));
    }

    private async Task UpdateAsync(long id, Action<OutboxMessageRecord> change, CancellationToken cancellationToken)
    {
        using var admitted = await (locks ?? NoEngineLocks.Instance).EnterWriteAsync(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.Outbox.FirstOrDefaultAsync(m => m.Id == id, cancellationToken) is { } message)
        {
            change(message);
            await db.SaveChangesAsync(cancellationToken);
        }
    }
}
