using Microsoft.Extensions.Configuration;

namespace RpaRunner.Workflows.Engine.Storage;

/// <summary>Where the engine keeps its state (configuration section "Database").</summary>
public sealed class DatabaseOptions
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    /// <summary>sqlite (embedded, default) or postgres (farm).</summary>
    public string Provider { get; set; } = Sqlite;

    /// <summary>The SQLite file name under the runner's data directory when no connection string is given.</summary>
    public const string SqliteFileName = "rpa.db";

    /// <summary>Default (SQLite): the file <see cref="SqliteFileName"/> in "Runner:DataDirectory", so a runner started
    /// with another data directory opens its own database (sealed with that directory's data key). PostgreSQL: an
    /// Npgsql connection string, e.g. "Host=db1;Database=rpa;Username=rpa;Password=…".</summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>The section "Database" of <paramref name="configuration"/>, with the SQLite file in the runner's data
    /// directory unless a connection string is given.</summary>
    public static DatabaseOptions Of(IConfiguration configuration)
    {
        var options = configuration.GetSection("Database").Get<DatabaseOptions>() ?? new DatabaseOptions();
        if (string.IsNullOrWhiteSpace(options.ConnectionString) && options.ProviderKey == Sqlite)
        {
            options.ConnectionString = $"Data Source={Path.Combine(DataDirectoryOf(configuration), SqliteFileName)}";
        }

        return options;
    }

    /// <summary>The runner's data directory (database, logs, evidence, keys): "Runner:DataDirectory", default "data".</summary>
    public static string DataDirectoryOf(IConfiguration configuration) =>
        Path.GetFullPath(configuration["Runner:DataDirectory"] ?? "data", Environment.CurrentDirectory);

    /// <summary>The provider as the schema folders name it: sqlite or postgres ("postgresql" and "npgsql" are accepted).</summary>
    public string ProviderKey => Provider.Trim().ToLowerInvariant() switch
    {
        "sqlite" => Sqlite,
        "postgres" or "postgresql" or "npgsql" => Postgres,
        _ => throw new InvalidOperationException($"Database provider '{Provider}' is not supported; use sqlite (embedded) or postgres (farm)."),
    };
}
