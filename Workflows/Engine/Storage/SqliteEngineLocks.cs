namespace RpaRunner.Workflows.Engine.Storage;

/// <summary>
/// SQLite has one writer: the engine's transactions are admitted one at a time in this process, which also makes every
/// claim count the sessions in use exactly. Readers (API, UI) run beside it (WAL).
/// </summary>
public sealed class SqliteEngineLocks : IEngineLocks, IDisposable
{
    private readonly SemaphoreSlim _writer = new(1, 1);

    public async ValueTask<IDisposable> EnterWriteAsync(CancellationToken cancellationToken)
    {
        await _writer.WaitAsync(cancellationToken);
        return new Release(_writer);
    }

    public Task LockSessionsAsync(EngineDbContext db, IReadOnlyCollection<string> systems, CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _writer.Dispose();

    private sealed class Release(SemaphoreSlim writer) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                writer.Release();
            }
        }
    }
}
