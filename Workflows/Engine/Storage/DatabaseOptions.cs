namespace RpaRunner.Workflows.Engine.Storage;

/// <summary>Where the engine keeps its state (configuration section "Database").</summary>
public sealed class DatabaseOptions
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    /// <summary>sqlite (embedded, default) or postgres (farm).</summary>
    public string Provider { get; set; } = Sqlite;

    /// <summary>Default: a SQLite file under the data directory. PostgreSQL: an Npgsql connection string,
    /// e.g. "Host=db1;Database=rpa;Username=rpa;Password=…".</summary>
    public string ConnectionString { get; set; } = "Data Source=data/rpa.db";

    /// <summary>The provider as the schema folders name it: sqlite or postgres ("postgresql" and "npgsql" are accepted).</summary>
    public string ProviderKey => Provider.Trim().ToLowerInvariant() switch
    {
        "sqlite" => Sqlite,
        "postgres" or "postgresql" or "npgsql" => Postgres,
        _ => throw new InvalidOperationException($"Database provider '{Provider}' is not supported; use sqlite (embedded) or postgres (farm)."),
    };
}
