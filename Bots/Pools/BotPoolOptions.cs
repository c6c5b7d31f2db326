namespace RpaRunner.Bots.Pools;

/// <summary>Settings of this process's bot worker (configuration section "Bots").</summary>
public sealed class BotPoolOptions
{
    /// <summary>This worker's name in leases, reports and the audit trail. Default: machine name + process id.</summary>
    public string WorkerName { get; set; } = $"{Environment.MachineName}-{Environment.ProcessId}";

    /// <summary>The pools this process serves (web, desktop-linux, …). Empty: the process runs no bots.</summary>
    public List<string> Pools { get; set; } = [];

    /// <summary>How many steps this process runs at once per pool. Default 4.</summary>
    public int ConcurrencyPerPool { get; set; } = 4;

    /// <summary>Longest time one attempt may take before it counts as a transient failure. Default 5 minutes.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often this worker tells the engine its pools and sessions; after three missed heartbeats the
    /// engine stops dispatching to it. Default 10 seconds.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A farm worker: the runner (orchestrator) address it fetches a step's materials from, e.g. http://orchestrator:5080.
    /// Not needed in the embedded runner, whose bots read them through the engine in the same process.
    /// </summary>
    public Uri? RunnerUrl { get; set; }

    /// <summary>
    /// How long a bot that asks a person (a captcha, an SMS code, a U盾 PIN) waits for the answer, keeping its session and
    /// lease; then the step waits for the system's next service hours (ADR 0028). The attempt's own clock
    /// (<see cref="AttemptTimeout"/>) stands still meanwhile. Default 5 minutes.
    /// </summary>
    public TimeSpan AskTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How many answers the system may refuse (a wrong captcha) before the step goes to a person with evidence. Default 3.</summary>
    public int AskAttempts { get; set; } = 3;

    /// <summary>How often a waiting bot looks for the answer. Default 1 second.</summary>
    public TimeSpan AskPollInterval { get; set; } = TimeSpan.FromSeconds(1);
}
