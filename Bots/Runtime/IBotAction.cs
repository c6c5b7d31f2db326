using RpaRunner.Workflows.Engine.Contracts;

namespace RpaRunner.Bots.Runtime;

/// <summary>
/// Performs department-system actions. An implementation checks the system for an existing record by the
/// step's idempotency key before it creates one, and signals failures with <see cref="BotFailureException"/>.
/// </summary>
public interface IBotAction
{
    /// <summary>Whether this implementation can perform the action (e.g. all actions of web systems).</summary>
    bool CanRun(RunStep step);

    Task<BotResult> RunAsync(BotStepContext context, CancellationToken cancellationToken);
}

/// <summary>
/// A finished action: the outputs read from the department system. <see cref="NotFound"/>: a verification
/// (<see cref="RunStep.Verify"/>) looked the record up and it is not there.
/// </summary>
public sealed record BotResult(Dictionary<string, string?> Outputs, bool FoundExisting, bool NotFound = false)
{
    /// <summary>A document fetched from a certificate library, handed to the engine as the case's material.</summary>
    public FetchedDocument? Document { get; init; }

    /// <summary>A verification found no record.</summary>
    public static BotResult Absent => new([], FoundExisting: false, NotFound: true);
}
