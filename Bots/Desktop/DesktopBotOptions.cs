using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace RpaRunner.Bots.Desktop;

/// <summary>Settings of the desktop bots (configuration section "DesktopBots").</summary>
public sealed class DesktopBotOptions
{
    public const string Section = "DesktopBots";

    /// <summary>Desktop bots run at all. Default true (they still need a display and a script).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>X display of the robot's desktop session (":99"). Default: DISPLAY.</summary>
    public string? Display { get; set; }

    /// <summary>The session's D-Bus (where org.a11y.Bus lives). Default: DBUS_SESSION_BUS_ADDRESS.</summary>
    public string? SessionBusAddress { get; set; }

    /// <summary>The accessibility bus, when it is known directly. Default: asked from org.a11y.Bus.</summary>
    public string? AccessibilityBusAddress { get; set; }

    /// <summary>How long a step waits for an element. Default 15 s.</summary>
    public TimeSpan StepTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long one accessibility call may take before the application counts as not responding. Default 3 s.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Pause after pressing a button: GTK performs accessibility actions from its idle loop. Default 250 ms.</summary>
    public TimeSpan SettleAfterAction { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Per department system (id): how to start or find its desktop application.</summary>
    public Dictionary<string, DesktopApplicationOptions> Applications { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The pause after a button press for one system's application: its own setting, else the global one.</summary>
    public TimeSpan SettleAfter(string systemId) => Applications.GetValueOrDefault(systemId)?.SettleAfterAction ?? SettleAfterAction;

    /// <summary>Reads the section by hand (the bot runtime carries no configuration binder).</summary>
    public static void Bind(IConfiguration section, DesktopBotOptions options)
    {
        options.Enabled = Bool(section["Enabled"]) ?? options.Enabled;
        options.Display = section["Display"] ?? options.Display;
        options.SessionBusAddress = section["SessionBusAddress"] ?? options.SessionBusAddress;
        options.AccessibilityBusAddress = section["AccessibilityBusAddress"] ?? options.AccessibilityBusAddress;
        options.StepTimeout = Time(section["StepTimeout"]) ?? options.StepTimeout;
        options.CallTimeout = Time(section["CallTimeout"]) ?? options.CallTimeout;
        options.SettleAfterAction = Time(section["SettleAfterAction"]) ?? options.SettleAfterAction;
        foreach (var app in section.GetSection("Applications").GetChildren())
        {
            var target = options.Applications.TryGetValue(app.Key, out var existing) ? existing : options.Applications[app.Key] = new DesktopApplicationOptions();
            target.Command = app["Command"] ?? target.Command;
            var arguments = app.GetSection("Arguments").GetChildren().ToList();
            if (arguments.Count > 0)
            {
                target.Arguments = [.. arguments.OrderBy(a => int.TryParse(a.Key, out var i) ? i : int.MaxValue).Select(a => a.Value ?? string.Empty)];
            }

            target.WorkingDirectory = app["WorkingDirectory"] ?? target.WorkingDirectory;
            target.WindowName = app["WindowName"] ?? target.WindowName;
            target.Launch = Bool(app["Launch"]) ?? target.Launch;
            target.StartupTimeout = Time(app["StartupTimeout"]) ?? target.StartupTimeout;
            target.SettleAfterAction = Time(app["SettleAfterAction"]) ?? target.SettleAfterAction;
            foreach (var variable in app.GetSection("Environment").GetChildren())
            {
                target.Environment[variable.Key] = variable.Value ?? string.Empty;
            }
        }
    }

    /// <summary>
    /// Configuration entries that point the desktop bots at a <see cref="DesktopSession"/> and launch one system's
    /// application from a start info (e.g. the sandbox's CreateCounterClientStartInfo()).
    /// </summary>
    public static IEnumerable<KeyValuePair<string, string?>> ConfigurationFor(DesktopSession session, string systemId, ProcessStartInfo application, string? windowName = null)
    {
        yield return new($"{Section}:Display", session.Display);
        yield return new($"{Section}:SessionBusAddress", session.SessionBusAddress);
        yield return new($"{Section}:AccessibilityBusAddress", session.AccessibilityBusAddress);
        var prefix = $"{Section}:Applications:{systemId}";
        yield return new($"{prefix}:Command", application.FileName);
        for (var i = 0; i < application.ArgumentList.Count; i++)
        {
            yield return new($"{prefix}:Arguments:{i}", application.ArgumentList[i]);
        }

        if (!string.IsNullOrEmpty(application.WorkingDirectory))
        {
            yield return new($"{prefix}:WorkingDirectory", application.WorkingDirectory);
        }

        if (windowName is not null)
        {
            yield return new($"{prefix}:WindowName", windowName);
        }

        foreach (var name in new[] { "NO_AT_BRIDGE", "GTK_A11Y", "LANG", "LC_ALL" })
        {
            if (application.Environment.TryGetValue(name, out var value) && value is not null)
            {
                yield return new($"{prefix}:Environment:{name}", value);
            }
        }
    }

    private static bool? Bool(string? value) => bool.TryParse(value, out var b) ? b : null;

    private static TimeSpan? Time(string? value) => TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var t) ? t : null;
}

/// <summary>How a worker reaches one system's desktop application (configuration "DesktopBots:Applications:{system}").</summary>
public sealed class DesktopApplicationOptions
{
    /// <summary>The program to start when the window is not open (null: only attach to a window that is open).</summary>
    public string? Command { get; set; }

    /// <summary>Its arguments; {{baseUrl}}, {{username}} and {{password}} come from DepartmentSystems:{system}.</summary>
    public List<string> Arguments { get; set; } = [];

    public string? WorkingDirectory { get; set; }

    /// <summary>Extra environment; DISPLAY and DBUS_SESSION_BUS_ADDRESS are set from the session.</summary>
    public Dictionary<string, string> Environment { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The main window's title; default: the system script's "window".</summary>
    public string? WindowName { get; set; }

    /// <summary>Start the application when its window is not open (and restart it when it hangs). Default true.</summary>
    public bool Launch { get; set; } = true;

    public TimeSpan StartupTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>This application's pause after pressing a button (a slow legacy client needs longer); default: DesktopBots:SettleAfterAction.</summary>
    public TimeSpan? SettleAfterAction { get; set; }

    /// <summary>Steps at once on one worker's application: one window means one at a time. More throughput means more
    /// desktop sessions (workers); DepartmentSystems:{id}:MaxSessions bounds them all together.</summary>
    public const int StepsPerWindow = 1;
}
