using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RpaRunner.Workflows.Engine.Contracts;
using RpaRunner.Workflows.Engine.Storage;

namespace RpaRunner.Workflows.Engine;

/// <summary>
/// The bot workers that are alive and what each pool of them can take, learnt from their heartbeats and kept in
/// the engine's store (table bot_workers), so every orchestrator — and a new leader right after a fail-over —
/// sees the same bots. Workers still need no database: their heartbeats reach the engine through the broker.
/// </summary>
public sealed class BotRoster(
    IDbContextFactory<EngineDbContext> dbFactory,
    TimeProvider time,
    IOptions<EngineOptions> options,
    ILogger<BotRoster> logger,
    IEngineLocks? locks = null)
{
    /// <summary>Heartbeats a worker may miss before it counts as gone.</summary>
    public const int MissedHeartbeats = 3;

    private const int MaxTransactionAttempts = 5;
    private static readonly TimeSpan ForgetAfter = TimeSpan.FromDays(1);
    private readonly EngineOptions _options = options.Value;

    /// <summary>How long a heartbeat sent every <paramref name="interval"/> keeps its worker alive.</summary>
    public static TimeSpan TimeToLive(TimeSpan interval) =>
        MissedHeartbeats * TimeSpan.FromTicks(Math.Clamp(interval.Ticks, TimeSpan.FromSeconds(1).Ticks, TimeSpan.FromMinutes(5).Ticks));

    /// <summary>
    /// Records a heartbeat. Returns true when a pool's live sessions grew (a worker joined, came back, or offers
    /// more), so that the dispatcher may hand out more steps at once.
    /// </summary>
    public async Task<bool> RecordAsync(BotHeartbeat heartbeat, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(heartbeat);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await TryRecordAsync(heartbeat, cancellationToken);
            }
            catch (DbUpdateException ex) when (attempt < MaxTransactionAttempts && (ex is DbUpdateConcurrencyException || StoreErrors.IsTransient(ex)))
            {
                // Another orchestrator recorded this worker at the same moment; read again.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 10 * attempt)), cancellationToken);
            }
        }
    }

    private async Task<bool> TryRecordAsync(BotHeartbeat heartbeat, CancellationToken cancellationToken)
    {
        using var admitted = await (locks ?? NoEngineLocks.Instance).EnterWriteAsync(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        var offered = heartbeat.Sessions.Where(s => s.Value > 0 && !heartbeat.Leaving).ToDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal);
        var rows = await db.BotWorkers.Where(w => w.Worker == heartbeat.Worker).ToListAsync(cancellationToken);
        var grew = false;
        var joined = new List<string>();
        foreach (var (pool, sessions) in offered)
        {
            var row = rows.FirstOrDefault(r => r.Pool == pool);
            if (row is null)
            {
                row = new BotWorkerRecord { Worker = heartbeat.Worker, Pool = pool };
                db.BotWorkers.Add(row);
            }

            var wasAlive = row.ExpiresAt > now;
            if (!wasAlive)
            {
                joined.Add($"{pool}×{sessions}");
            }

            grew |= !wasAlive || sessions > row.Sessions;
            row.Sessions = sessions;
            row.LastSeenAt = now;
            row.ExpiresAt = now + TimeToLive(heartbeat.Interval);
        }

        var left = rows.Where(r => !offered.ContainsKey(r.Pool) && r.ExpiresAt > now).ToList();
        foreach (var row in left)
        {
            row.ExpiresAt = now;
        }

        await db.SaveChangesAsync(cancellationToken);
        await db.BotWorkers.Where(w => w.ExpiresAt < now - ForgetAfter).ExecuteDeleteAsync(cancellationToken);
        if (joined.Count > 0)
        {
            logger.LogInformation("Bot worker {Worker} serves {Pools}", heartbeat.Worker, string.Join(", ", joined));
        }

        if (left.Count > 0)
        {
            logger.LogInformation("Bot worker {Worker} left {Pools}", heartbeat.Worker, string.Join(", ", left.Select(r => r.Pool)));
        }

        return grew;
    }

    /// <summary>What the live workers of each pool can take now. A pool without live workers is absent.</summary>
    public async Task<IReadOnlyDictionary<string, PoolCapacity>> CapacityAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await CapacityAsync(db, cancellationToken);
    }

    /// <summary>What the live workers of each pool can take now, read through <paramref name="db"/>.</summary>
    public async Task<IReadOnlyDictionary<string, PoolCapacity>> CapacityAsync(EngineDbContext db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var now = time.GetUtcNow();
        var live = await db.BotWorkers.AsNoTracking().Where(w => w.ExpiresAt > now)
            .GroupBy(w => w.Pool)
            .Select(g => new { Pool = g.Key, Workers = g.Count(), Sessions = g.Sum(w => w.Sessions) })
            .ToListAsync(cancellationToken);
        return live.ToDictionary(p => p.Pool, p => _options.CapacityOf(p.Sessions, p.Workers), StringComparer.Ordinal);
    }
}
