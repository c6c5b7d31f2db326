namespace RpaRunner.Bots.Simulated;

/// <summary>
/// Settings of the simulated department systems (configuration section "Simulation"): an in-process
/// stand-in that keeps its records in its own SQLite file, used for engine rehearsal, tests and benchmarks.
/// </summary>
public sealed class SimulationOptions
{
    /// <summary>Whether this worker performs every action on the simulated systems instead of the real ones.</summary>
    public bool Enabled { get; set; }

    /// <summary>The SQLite file of the simulated systems' records. Default data/simulated-systems.db.</summary>
    public string StorePath { get; set; } = Path.Combine("data", "simulated-systems.db");

    /// <summary>Time each action takes (uniformly between min and max). Default 0.</summary>
    public TimeSpan MinLatency { get; set; } = TimeSpan.Zero;

    public TimeSpan MaxLatency { get; set; } = TimeSpan.Zero;

    /// <summary>Share of attempts that fail transiently (as an HTTP 5xx would), 0–1. Default 0.</summary>
    public double TransientFailureRate { get; set; }

    /// <summary>Record every robot session (start and end) in the store, to measure concurrent sessions per system.</summary>
    public bool RecordSessions { get; set; }

    /// <summary>
    /// Step ids whose first attempt stores the record and then hangs, as a bot would when its process is killed right
    /// after the commit point (crash tests: kill the runner then, start it again, count the records).
    /// </summary>
    public List<string> HangAfterCommit { get; set; } = [];

    /// <summary>
    /// For an action whose department waits for the applicant (its contract's <c>awaits</c>, e.g. the premium the
    /// guardian pays): how many looks still find it waiting before the department confirms. Default 0 (already paid).
    /// </summary>
    public int AwaitingLooks { get; set; }
}
