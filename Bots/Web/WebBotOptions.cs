using RpaRunner.Workflows.Engine.Contracts;

namespace RpaRunner.Bots.Web;

/// <summary>Settings of the web bots (configuration section "WebBots").</summary>
public sealed class WebBotOptions
{
    /// <summary>The Chromium to drive. Default: Debian's /usr/bin/chromium when present, else Playwright's own browser.</summary>
    public string? BrowserPath { get; set; }

    public bool Headless { get; set; } = true;

    /// <summary>How long a step waits for an element before the page counts as not what the script expects. Default 10 s.</summary>
    public TimeSpan StepTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Images, fonts and media are not loaded: bots do not look at them. Default true.</summary>
    public bool BlockNonEssentialResources { get; set; } = true;

    /// <summary>
    /// What the Playwright trace of every attempt records, kept only when the attempt fails (beside its full-page
    /// screenshot and page HTML, which are taken either way). Default <see cref="AttemptTrace.Escalating"/>.
    /// </summary>
    public AttemptTrace AttemptTrace { get; set; } = AttemptTrace.Escalating;

    /// <summary>A folder of script files that override the shipped ones (for designers' fixes).</summary>
    public string? ScriptsFolder { get; set; }

    internal string? ResolveBrowserPath() =>
        BrowserPath ?? (File.Exists("/usr/bin/chromium") ? "/usr/bin/chromium" : null);
}

/// <summary>What an attempt's Playwright trace records (setting "WebBots:AttemptTrace").</summary>
public enum AttemptTrace
{
    /// <summary>Actions with a DOM snapshot before and after each, the network and the console: the trace viewer shows
    /// every page the bot saw and what it did on it.</summary>
    Snapshots,

    /// <summary>As <see cref="Snapshots"/>, plus a screencast of the page (a film strip in the viewer); costs a screenshot
    /// stream for every attempt.</summary>
    SnapshotsAndScreencast,

    /// <summary>No trace: a failed attempt keeps its screenshot, page HTML and log only. For measurement, not production.</summary>
    None,

    /// <summary>Actions with their timings, the network and the console, without DOM snapshots: the trace viewer lists
    /// what the bot did and what the system answered, and the attempt's screenshot and page HTML show the page it failed on.</summary>
    Actions,

    /// <summary>
    /// <see cref="Actions"/> on a step's first try, <see cref="Snapshots"/> on every later one (a retry by the engine or by
    /// the system's resilience policy) and on a verification: DOM snapshots cost a fifth of a web step's time, so they
    /// are recorded where a failure has already been seen — a step that reaches a person after its retries has them.
    /// </summary>
    Escalating,
}

/// <summary>What one try of a step records under each <see cref="AttemptTrace"/> setting.</summary>
public static class AttemptTraceExtensions
{
    /// <summary>The recording for try <paramref name="tryInAttempt"/> (1 = first) of <paramref name="step"/>'s attempt; never <see cref="AttemptTrace.Escalating"/>.</summary>
    public static AttemptTrace For(this AttemptTrace setting, RunStep step, int tryInAttempt) =>
        setting != AttemptTrace.Escalating ? setting
        : step.Attempt > 1 || tryInAttempt > 1 || step.Verify ? AttemptTrace.Snapshots
        : AttemptTrace.Actions;
}

/// <summary>One department system as bots reach it (configuration section "DepartmentSystems:{id}").</summary>
public sealed class DepartmentSystemEndpoint
{
    public string? BaseUrl { get; set; }

    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>Sessions a web worker opens on a system without a <see cref="MaxSessions"/> setting.</summary>
    public const int DefaultWorkerSessions = 4;

    /// <summary>
    /// Robot sessions the department system allows at once ("DepartmentSystems:{id}:MaxSessions", the one key for it):
    /// the engine keeps the whole farm within it, and a web worker opens no more than it. Unset: no farm-wide limit,
    /// and <see cref="DefaultWorkerSessions"/> per web worker.
    /// </summary>
    public int? MaxSessions { get; set; }

    /// <summary>Sessions one web worker opens on the system at once.</summary>
    public int WorkerSessions => MaxSessions ?? DefaultWorkerSessions;
}
