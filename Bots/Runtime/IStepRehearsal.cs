namespace RpaRunner.Bots.Runtime;

/// <summary>
/// Runs one step of a bundle against the rehearsal (sandbox) department systems, outside any case, so a
/// workflow designer can see what the bot does with given inputs before publishing.
/// </summary>
public interface IStepRehearsal
{
    Task<RehearsalResult> RehearseAsync(string bundleId, string stepId, IReadOnlyDictionary<string, string?> inputs, CancellationToken cancellationToken);
}

/// <summary>What a rehearsal did: the outputs it read, or the error, and a PNG screenshot of the last page or window.</summary>
public sealed record RehearsalResult(bool Succeeded, IReadOnlyDictionary<string, string?> Outputs, string? Error, byte[]? Screenshot, IReadOnlyList<string> Notes);
