using Microsoft.EntityFrameworkCore;
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

    /// <summary>A person sends a dead letter again: pending now, with a fresh budget of tries and age. False when it is no dead letter (any more).</summary>
    public async Task<bool> ResendAsync(long id, CancellationToken cancellationToken = default)
    {
        var resent = false;
        await UpdateAsync(id, m =>
        {
            if (m.State != OutboxState.DeadLetter)
            {
                return;
            }

            var now = time.GetUtcNow();
            m.State = OutboxState.Pending;
            m.Attempts = 0;
            m.QueuedAt = now;
            m.NextAttemptAt = now;
            resent = true;
        }, cancellationToken);
        return resent;
    }

    /// <summary>The dead letters, oldest first, each with how many later events of its case wait behind it.</summary>
    public async Task<IReadOnlyList<OutboxEntry>> DeadLettersAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Outbox.AsNoTracking()
            .Where(m => m.State == OutboxState.DeadLetter)
            .OrderBy(m => m.Id)
            .Take(500)
            .Select(m => new OutboxEntry(m.Id, m.EventId, m.Webhook, m.EventType, m.CaseCode, m.State, m.Attempts, m.QueuedAt, m.LastAttemptAt, m.LastError, m.DeliveredAt,
                db.Outbox.Count(e => e.Webhook == m.Webhook && e.CaseCode == m.CaseCode && e.Id > m.Id && e.State == OutboxState.Pending)))
            .ToListAsync(cancellationToken);
    }

    /// <summary>The latest notifications of any state, newest first (of one case when <paramref name="caseCode"/> is given).</summary>
    public async Task<IReadOnlyList<OutboxEntry>> RecentAsync(int max, string? caseCode = null, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.Outbox.AsNoTracking();
        if (caseCode is not null)
        {
            query = query.Where(m => m.CaseCode == caseCode);
        }

        return await query.OrderByDescending(m => m.Id).Take(max)
            .Select(m => new OutboxEntry(m.Id, m.EventId, m.Webhook, m.EventType, m.CaseCode, m.State, m.Attempts, m.QueuedAt, m.LastAttemptAt, m.LastError, m.DeliveredAt, 0))
            .ToListAsync(cancellationToken);
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
