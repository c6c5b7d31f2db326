namespace RpaRunner.Bots.Runtime;

/// <summary>
/// Runs one step of a bundle against the rehearsal (sandbox) department systems, outside any case, so a
/// workflow designer can see what the bot does with given inputs before publishing.
/// </summary>
public interface IStepRehearsal
{
    /// <summary>Rehearses the step as the latest published version of the bundle defines it.</summary>
    Task<RehearsalResult> RehearseAsync(string bundleId, string stepId, IReadOnlyDictionary<string, string?> inputs, CancellationToken cancellationToken);

    /// <summary>Rehearses a step as given, e.g. from a draft not published yet: its system, action and constant inputs.</summary>
    Task<RehearsalResult> RehearseAsync(string bundleId, Workflows.Model.StepDefinition step, IReadOnlyDictionary<string, string?> inputs, CancellationToken cancellationToken);
}

/// <summary>What a rehearsal did: the outputs it read, or the error, and a PNG screenshot of the last page or window.</summary>
public sealed record RehearsalResult(bool Succeeded, IReadOnlyDictionary<string, string?> Outputs, string? Error, byte[]? Screenshot, IReadOnlyList<string> Notes);
