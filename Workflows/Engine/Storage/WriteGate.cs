namespace RpaRunner.Workflows.Engine.Storage;

/// <summary>
/// Admits one engine transaction at a time when the store allows only one writer (SQLite): waiting here
/// is cheap, whereas colliding writers make SQLite answer "busy" and back off for far longer. Stores with
/// row-level locking (PostgreSQL) pass straight through and rely on optimistic concurrency.
/// </summary>
public sealed class WriteGate(bool serialize) : IDisposable
{
    private readonly SemaphoreSlim? _gate = serialize ? new SemaphoreSlim(1, 1) : null;

    public static WriteGate Open { get; } = new(serialize: false);

    public async ValueTask<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        if (_gate is null)
        {
            return NoRelease.Instance;
        }

        await _gate.WaitAsync(cancellationToken);
        return new Release(_gate);
    }

    public void Dispose() => _gate?.Dispose();

    private sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }

    private sealed class NoRelease : IDisposable
    {
        public static readonly NoRelease Instance = new();

        public void Dispose()
        {
        }
    }
}
