namespace RpaRunner.Bots.Rehearsal;

/// <summary>
/// Settings of step rehearsal (configuration section "Rehearsal"). A rehearsal drives this runner's own bots,
/// so it enters data into whatever department systems they are configured for: enable it only where those
/// are the sandbox systems (the demo does), never where they are production ones.
/// </summary>
public sealed class RehearsalOptions
{
    public const string Section = "Rehearsal";

    /// <summary>Whether designers may test a step here. Default false.</summary>
    public bool Enabled { get; set; }
}
