namespace RpaRunner.Workflows.Engine.Contracts;

/// <summary>
/// A bot worker tells the engine which pools it serves and how many steps of each it runs at once. Sent to the
/// engine's queue when the worker starts, every <see cref="Interval"/> while it runs, and once more when it stops
/// (<see cref="Leaving"/>). The engine counts a worker whose heartbeats stopped for three intervals as gone.
/// Like every message between engine and bots it need not survive: the next one says the same.
/// </summary>
public sealed record BotHeartbeat
{
    public required string Worker { get; init; }

    /// <summary>Pool → steps of that pool this worker runs at once (its bot sessions).</summary>
    public required Dictionary<string, int> Sessions { get; init; }

    /// <summary>How often this worker sends a heartbeat.</summary>
    public required TimeSpan Interval { get; init; }

    /// <summary>The worker is stopping: its sessions no longer count.</summary>
    public bool Leaving { get; init; }
}
