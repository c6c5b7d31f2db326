using Microsoft.EntityFrameworkCore;

namespace RpaRunner.Workflows.Engine.Storage;

/// <summary>
/// PostgreSQL: writers run in parallel. A claim takes a transaction-scoped advisory lock per department system it
/// counts sessions of (<c>pg_advisory_xact_lock</c> on the hash of the system's id, in sorted order), so two
/// orchestrators claiming at once still count a system's sessions exactly, while reports, leases, submissions and a
/// person's actions never wait for a claim of another case.
/// </summary>
public sealed class PostgresEngineLocks : IEngineLocks
{
    /// <summary>The namespace of the engine's session locks among the database's advisory locks.</summary>
    internal const long SessionLockSeed = 0x5250_4102;

    public ValueTask<IDisposable> EnterWriteAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult<IDisposable>(NoEngineLocks.NoRelease.Instance);

    public async Task LockSessionsAsync(EngineDbContext db, IReadOnlyCollection<string> systems, CancellationToken cancellationToken)
    {
        foreach (var system in systems.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({system}, {SessionLockSeed}))", cancellationToken);
        }
    }
}
