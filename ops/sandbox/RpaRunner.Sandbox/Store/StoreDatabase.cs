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
        AddMissingColumns(db);
        AddMissingTables(db);
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

    /// <summary>
    /// A store file written before the correction columns existed gets them (EnsureCreated only makes new files),
    /// so a kept data directory keeps working.
    /// </summary>
    private static void AddMissingColumns(SandboxDbContext db)
    {
        var connection = db.Database.GetDbConnection();
        connection.Open();
        try
        {
            var present = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            using (var command = connection.CreateCommand())
            {
                command.CommandText = "SELECT name FROM pragma_table_info('Records')";
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    present.Add(reader.GetString(0));
                }
            }

            foreach (var (column, definition) in new[]
            {
                ("Revision", "INTEGER NOT NULL DEFAULT 1"),
                ("UpdatedAt", "TEXT NULL"),
                ("CorrectionsJson", "TEXT NOT NULL DEFAULT '[]'"),
            })
            {
                if (present.Count > 0 && !present.Contains(column))
                {
                    using var alter = connection.CreateCommand();
                    alter.CommandText = $"ALTER TABLE \"Records\" ADD COLUMN \"{column}\" {definition}";
                    alter.ExecuteNonQuery();
                }
            }
        }
        finally
        {
            connection.Close();
        }
    }

    /// <summary>A store file written before attachments existed gets their table, as this version's schema creates it.</summary>
    private static void AddMissingTables(SandboxDbContext db)
    {
        var script = db.Database.GenerateCreateScript();
        foreach (var statement in script.Split(";", StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(s => s.StartsWith("CREATE TABLE \"Attachments\"", StringComparison.Ordinal) || s.StartsWith("CREATE INDEX", StringComparison.Ordinal) && s.Contains("ON \"Attachments\"", StringComparison.Ordinal)))
        {
            var idempotent = statement
                .Replace("CREATE TABLE ", "CREATE TABLE IF NOT EXISTS ", StringComparison.Ordinal)
                .Replace("CREATE INDEX ", "CREATE INDEX IF NOT EXISTS ", StringComparison.Ordinal);
            db.Database.ExecuteSqlRaw(idempotent);
        }
    }

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
