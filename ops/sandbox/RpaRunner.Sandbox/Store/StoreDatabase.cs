using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace RpaRunner.Sandbox.Store;

/// <summary>One SQLite file. Writes are serialised in-process so sequences and duplicate checks stay exact.</summary>
internal sealed class StoreDatabase : IDisposable
{
    private readonly DbContextOptions<SandboxDbContext> _options;
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    public StoreDatabase(string name, string filePath)
    {
        Name = name;
        FilePath = filePath;
        var connection = new SqliteConnectionStringBuilder { DataSource = filePath, DefaultTimeout = 30 }.ToString();
        _options = new DbContextOptionsBuilder<SandboxDbContext>().UseSqlite(connection).Options;
        using var db = CreateContext();
        db.Database.EnsureCreated();
        db.Database.ExecuteSqlRaw("PRAGMA journal_mode=WAL;");
    }

    public string Name { get; }
    public string FilePath { get; }

    public SandboxDbContext CreateContext() => new(_options);

    public async Task<T> ReadAsync<T>(Func<SandboxDbContext, Task<T>> read)
    {
        await using var db = CreateContext();
        return await read(db);
    }

    /// <summary>Runs <paramref name="write"/> alone against this file and saves its changes.</summary>
    public async Task<T> WriteAsync<T>(Func<SandboxDbContext, Task<T>> write, CancellationToken cancellationToken = default)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            await using var db = CreateContext();
            var result = await write(db);
            await db.SaveChangesAsync(cancellationToken);
            return result;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Takes the write lock for a longer unit of work (a whole business action).</summary>
    public async Task<IDisposable> LockAsync(CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        return new Releaser(_writeLock);
    }

    public void Dispose() => _writeLock.Dispose();

    private sealed class Releaser(SemaphoreSlim semaphore) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                semaphore.Release();
            }
        }
    }
}
