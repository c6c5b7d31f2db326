namespace RpaRunner.Runner.Audit;

/// <summary>Configuration section "Audit" (ADR 0011). The key itself is read by <see cref="AuditKeys"/>.</summary>
public sealed class AuditOptions
{
    /// <summary>The append-only file of checkpoints, outside the database; relative paths are in the data directory.</summary>
    public string CheckpointFile { get; set; } = "audit/checkpoints.jsonl";

    /// <summary>How often the leading engine process seals the rows written since (default 1 s).</summary>
    public TimeSpan SealInterval { get; set; } = TimeSpan.FromSeconds(1);

    public string CheckpointPath(string dataDirectory) => Path.GetFullPath(CheckpointFile, dataDirectory);

    public static AuditOptions Of(IConfiguration configuration) => configuration.GetSection("Audit").Get<AuditOptions>() ?? new AuditOptions();
}
