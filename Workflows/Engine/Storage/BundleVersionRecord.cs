namespace RpaRunner.Workflows.Engine.Storage;

/// <summary>A bundle version as it was when cases first used it: cases pin it, so a later edit never changes them.</summary>
public sealed class BundleVersionRecord
{
    public required string BundleId { get; set; }

    public int Version { get; set; }

    public required string DefinitionJson { get; set; }

    public required string Sha256 { get; set; }

    public DateTimeOffset RegisteredAt { get; set; }
}
