namespace RpaRunner.Workflows.Engine.Storage;

/// <summary>
/// What differs between the engine's stores in how transitions may run side by side. Transitions of different cases
/// commit concurrently under optimistic concurrency (a row's revision); the store adds only what it must:
/// SQLite admits one writer at a time (waiting here is cheap, a busy database backs off for far longer); PostgreSQL
/// lets writers run in parallel and serialises only the claims of the same department system, so a session limit is
/// counted exactly however many orchestrators claim.
/// </summary>
public interface IEngineLocks
{
    /// <summary>Entered before each write transaction begins; released after it commits or rolls back.</summary>
    ValueTask<IDisposable> EnterWriteAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Inside a claim transaction, before counting the sessions in use: no other transaction can claim a step of these
    /// systems until this one ends. Taken in one order (sorted) so two claims never wait on each other in a circle.
    /// </summary>
    Task LockSessionsAsync(EngineDbContext db, IReadOnlyCollection<string> systems, CancellationToken cancellationToken);
}

/// <summary>No locks: for a store that has only this process and no limits to count (tests of the engine's rules).</summary>
public sealed class NoEngineLocks : IEngineLocks
{
    public static NoEngineLocks Instance { get; } = new();

    public ValueTask<IDisposable> EnterWriteAsync(CancellationToken cancellationToken) => ValueTask.FromResult<IDisposable>(NoRelease.Instance);

    public Task LockSessionsAsync(EngineDbContext db, IReadOnlyCollection<string> systems, CancellationToken cancellationToken) => Task.CompletedTask;

    internal sealed class NoRelease : IDisposable
    {
        public static readonly NoRelease Instance = new();

        public void Dispose()
        {
        }
    }
}
