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

    /// <summary>A folder of script files that override the shipped ones (for designers' fixes).</summary>
    public string? ScriptsFolder { get; set; }

    internal string? ResolveBrowserPath() =>
        BrowserPath ?? (File.Exists("/usr/bin/chromium") ? "/usr/bin/chromium" : null);
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
