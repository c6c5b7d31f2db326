using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace RpaRunner.Workflows.Engine.Storage;

/// <summary>
/// Brings the database to the current schema by running the versioned SQL scripts under
/// Engine/Storage/Schema/&lt;provider&gt;/ that it has not run yet. The scripts are plain SQL so operators can
/// read what they deploy; a test keeps them equal to the EF Core model. On PostgreSQL several processes may
/// start at once (a farm): a session advisory lock lets one of them apply the scripts while the others wait.
/// </summary>
public sealed class DatabaseInitializer(IDbContextFactory<EngineDbContext> dbFactory, DatabaseOptions options, TimeProvider time, ILogger<DatabaseInitializer> logger, IEnumerable<SchemaInclude>? includes = null)
{
    /// <summary>The advisory lock key that serialises schema upgrades on PostgreSQL.</summary>
    public const long SchemaLockKey = 0x5250_4100;

    /// <summary>A line of a script that stands for SQL shipped by a library: "-- @include quartz:postgres".</summary>
    private const string IncludeMarker = "-- @include ";

    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var provider = options.ProviderKey;
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            if (provider == DatabaseOptions.Sqlite)
            {
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            }
            else
            {
                await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_lock({SchemaLockKey})", cancellationToken);
            }

            await ApplyScriptsAsync(db, provider, cancellationToken);
            await BackfillSearchIndexAsync(cancellationToken);
        }
        finally
        {
            if (provider == DatabaseOptions.Postgres)
            {
                await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_unlock({SchemaLockKey})", CancellationToken.None);
            }

            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// Indexes the cases stored before the case search index. A row it cannot read does not stop the runner (or a
    /// command such as <c>audit verify</c>) from starting: the failure is logged, and those cases are found by code only.
    /// </summary>
    private async Task BackfillSearchIndexAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (await CaseSearchIndex.BackfillAsync(dbFactory, cancellationToken) is > 0 and var indexed)
            {
                logger.LogInformation("Indexed {Count} cases stored before the case search index", indexed);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning("The case search index could not take in the cases stored before it ({Error}); they are found by their code only", ex.GetType().Name);
        }
    }

    private async Task ApplyScriptsAsync(EngineDbContext db, string provider, CancellationToken cancellationToken)
    {
        await db.Database.ExecuteSqlRawAsync(
            "CREATE TABLE IF NOT EXISTS schema_versions (version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);", cancellationToken);
        var applied = (await db.Database.SqlQueryRaw<int>("SELECT version AS \"Value\" FROM schema_versions").ToListAsync(cancellationToken)).ToHashSet();
        foreach (var (version, name, sql) in Scripts(provider, includes ?? []))
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

    /// <summary>The embedded schema scripts of a provider, in order, with the includes of the host's libraries expanded.</summary>
    public static IEnumerable<(int Version, string Name, string Sql)> Scripts(string provider, IEnumerable<SchemaInclude>? includes = null)
    {
        var known = (includes ?? []).ToDictionary(i => i.Name, StringComparer.Ordinal);
        var assembly = typeof(DatabaseInitializer).Assembly;
        var prefix = $"StoreSchema/{provider}/";
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(resource[prefix.Length..]);
            var version = int.Parse(name.AsSpan(0, name.IndexOf('_', StringComparison.Ordinal)), CultureInfo.InvariantCulture);
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            yield return (version, name, ExpandIncludes(reader.ReadToEnd(), known));
        }
    }

    /// <summary>Replaces "-- @include quartz:postgres" with the SQL its library ships (<see cref="SchemaInclude"/>).</summary>
    internal static string ExpandIncludes(string sql, IReadOnlyDictionary<string, SchemaInclude> includes)
    {
        if (!sql.Contains(IncludeMarker, StringComparison.Ordinal))
        {
            return sql;
        }

        var lines = sql.Split('\n').Select(line => line.TrimEnd('\r')).Select(line =>
            line.StartsWith(IncludeMarker, StringComparison.Ordinal) ? Include(line[IncludeMarker.Length..].Trim(), includes) : line);
        return string.Join('\n', lines);
    }

    private static string Include(string what, IReadOnlyDictionary<string, SchemaInclude> includes) =>
        includes.TryGetValue(what, out var include)
            ? include.Sql()
            : throw new InvalidOperationException($"The schema script includes '{what}', which this host does not provide (it registers a SchemaInclude for each library whose tables share the database).");
}

/// <summary>
/// SQL that a library of the host ships for its own tables in the engine's database (e.g. Quartz.NET's job store),
/// named in a schema script by a line "-- @include name", so the tables always match the library's version.
/// </summary>
public sealed record SchemaInclude(string Name, Func<string> Sql);
