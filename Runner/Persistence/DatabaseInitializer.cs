using System.Globalization;
using Microsoft.EntityFrameworkCore;
using RpaRunner.Workflows.Engine.Storage;

namespace RpaRunner.Runner.Persistence;

/// <summary>
/// Brings the database to the current schema by running the versioned SQL scripts under
/// Persistence/Schema/&lt;provider&gt;/ that it has not run yet. The scripts are plain SQL so operators can
/// read what they deploy; a test keeps them equal to the EF Core model.
/// </summary>
public sealed class DatabaseInitializer(IDbContextFactory<EngineDbContext> dbFactory, DatabaseOptions options, TimeProvider time, ILogger<DatabaseInitializer> logger)
{
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var provider = options.Provider.ToLowerInvariant();
        if (provider == "sqlite")
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        await db.Database.ExecuteSqlRawAsync(
            "CREATE TABLE IF NOT EXISTS schema_versions (version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);", cancellationToken);
        var applied = (await db.Database.SqlQueryRaw<int>("SELECT version AS \"Value\" FROM schema_versions").ToListAsync(cancellationToken)).ToHashSet();
        foreach (var (version, name, sql) in Scripts(provider))
        {
            if (applied.Contains(version))
            {
                continue;
            }

            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync(sql, cancellationToken);
            await db.Database.ExecuteSqlRawAsync(
                "INSERT INTO schema_versions(version, name, applied_at) VALUES ({0}, {1}, {2})",
                [version, name, time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture)], cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            logger.LogInformation("Applied schema script {Version} {Name}", version, name);
        }
    }

    /// <summary>The embedded schema scripts of a provider, in order.</summary>
    public static IEnumerable<(int Version, string Name, string Sql)> Scripts(string provider)
    {
        var assembly = typeof(DatabaseInitializer).Assembly;
        var prefix = $"Schema/{provider}/";
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(resource[prefix.Length..]);
            var version = int.Parse(name.AsSpan(0, name.IndexOf('_', StringComparison.Ordinal)), CultureInfo.InvariantCulture);
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            yield return (version, name, reader.ReadToEnd());
        }
    }
}
