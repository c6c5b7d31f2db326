namespace RpaRunner.Runner.Persistence;

/// <summary>Where the engine keeps its state (configuration section "Database").</summary>
public sealed class DatabaseOptions
{
    /// <summary>sqlite (embedded, default) or postgres (farm).</summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>Default: a SQLite file under the data directory.</summary>
    public string ConnectionString { get; set; } = "Data Source=data/rpa.db";
}
