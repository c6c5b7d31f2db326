using RpaRunner.Bots.Desktop.Screen;

namespace RpaRunner.Bots.Desktop.AtSpi;

/// <summary>Where an AT-SPI session is: the X display and the buses.</summary>
public sealed class AtSpiSessionOptions
{
    /// <summary>X display name (":99"). Default: the DISPLAY environment variable.</summary>
    public string? Display { get; set; }

    /// <summary>The session D-Bus, where org.a11y.Bus tells the accessibility bus's address. Default: DBUS_SESSION_BUS_ADDRESS.</summary>
    public string? SessionBusAddress { get; set; }

    /// <summary>The accessibility bus itself, when known (skips asking org.a11y.Bus). Default: AT_SPI_BUS_ADDRESS, else asked.</summary>
    public string? AccessibilityBusAddress { get; set; }

    /// <summary>How long one call to an application may take before it counts as not responding. Default 3 s.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How often waits look again. Default 150 ms.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(150);
}

/// <summary>
/// AT-SPI2 over its D-Bus interfaces (libdbus-1 through P/Invoke): the registry lists the applications, each
/// application's root lists its windows, and org.a11y.atspi.{Accessible,Text,EditableText,Action,Component,
/// Selection} do the rest. Each instance owns its own connection, so several sessions (displays) can live in
/// one process, and a bus that restarts is reconnected on the next call. Nothing here needs a GLib main loop.
/// </summary>
public sealed class AtSpiAutomation : IDesktopAutomation
{
    internal const string Registry = "org.a11y.atspi.Registry";
    internal const string RootPath = "/org/a11y/atspi/accessible/root";
    internal const string AccessibleIface = "org.a11y.atspi.Accessible";
    private static readonly string[] s_windowRoles = ["frame", "window", "dialog", "alert", "file chooser"];
    private readonly Lock _lock = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _windowOwners = new(StringComparer.Ordinal);
    private DBusConnection? _bus;
    private bool _disposed;

    public AtSpiAutomation(AtSpiSessionOptions options, DesktopDriverLog? log = null)
    {
        Options = options;
        Log = log ?? new DesktopDriverLog(TimeProvider.System);
        Display = options.Display ?? Environment.GetEnvironmentVariable("DISPLAY") ?? ":0";
    }

    public string Technology => "AT-SPI2";

    public string Display { get; }

    public AtSpiSessionOptions Options { get; }

    public DesktopDriverLog Log { get; }

    internal TimeSpan CallTimeout => Options.CallTimeout;

    public Task<IReadOnlyList<DesktopApplicationInfo>> GetApplicationsAsync(CancellationToken cancellationToken = default) => Task.Run(() =>
    {
        var apps = new List<DesktopApplicationInfo>();
        foreach (var (bus, path) in References(Call(Registry, RootPath, AccessibleIface, "GetChildren", "the desktop")))
        {
            try
            {
                var app = AtSpiElement.Load(this, bus, path, parentPath: string.Empty);
                var windows = app.Children().Select(w => w.Name).ToList();
                apps.Add(new DesktopApplicationInfo(app.Name, ProcessIdOf(bus), windows));
            }
            catch (DesktopAutomationException)
            {
                // An application that left while we looked.
            }
        }

        return (IReadOnlyList<DesktopApplicationInfo>)apps;
    }, cancellationToken);

    public Task<IDesktopElement?> FindWindowAsync(string name, CancellationToken cancellationToken = default) =>
        Task.Run(() => (IDesktopElement?)FindWindow(name), cancellationToken);

    public async Task<IDesktopElement> WaitForWindowAsync(string name, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            if (await FindWindowAsync(name, cancellationToken) is { } window)
            {
                return window;
            }

            if (clock.Elapsed >= timeout)
            {
                var apps = await GetApplicationsAsync(cancellationToken);
                var open = apps.SelectMany(a => a.Windows.Select(w => $"{a.Name}: {w}")).ToList();
                throw new ElementNotFoundException(
                    $"window \"{name}\" did not appear within {timeout.TotalSeconds:0.#}s on display {Display}; windows on the accessibility bus: "
                    + (open.Count == 0 ? "none" : string.Join("; ", open)));
            }

            await Task.Delay(Options.PollInterval, cancellationToken);
        }
    }

    public Task<SessionHealth> CheckHealthAsync(string? windowName, CancellationToken cancellationToken = default) => Task.Run(() =>
    {
        if (X11Display.Probe(Display) is { } displayProblem)
        {
            return SessionHealth.Failed($"显示会话不可用 / the desktop session is not usable: {displayProblem}");
        }

        try
        {
            var bus = Bus();
            bus.Call("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus.Peer", "Ping", CallTimeout);
        }
        catch (Exception ex) when (ex is DBusCallException or DesktopAutomationException)
        {
            return SessionHealth.Failed($"无障碍总线不可用 / the accessibility bus (AT-SPI) is down on display {Display}: {ex.Message}");
        }

        try
        {
            Bus().Call(Registry, RootPath, "org.freedesktop.DBus.Properties", "Get", CallTimeout, AccessibleIface, "ChildCount");
        }
        catch (DBusCallException ex)
        {
            return SessionHealth.Failed($"无障碍注册表无响应 / the AT-SPI registry does not answer on display {Display}: {ex.Message}");
        }

        if (windowName is null)
        {
            return SessionHealth.Ok;
        }

        AtSpiElement? window;
        List<string> unresponsive;
        try
        {
            window = FindWindow(windowName, out unresponsive);
        }
        catch (DesktopAutomationException ex)
        {
            return SessionHealth.Failed($"无障碍注册表无响应 / the AT-SPI registry on display {Display} does not answer: {ex.Message}");
        }

        if (window is null && unresponsive.Count > 0)
        {
            return SessionHealth.Failed($"应用程序无响应 / the window \"{windowName}\" cannot be reached: application {string.Join(", ", unresponsive)} does not respond within {CallTimeout.TotalSeconds:0.#}s (hung or busy)");
        }

        if (window is null)
        {
            return SessionHealth.Gone($"应用窗口不存在 / the window \"{windowName}\" is not open on display {Display} (the application is not running, or it has not joined the accessibility bus)");
        }

        try
        {
            var states = window.States();
            if (states.IsDefunct)
            {
                return SessionHealth.Gone($"应用窗口已失效 / the window \"{windowName}\" is defunct (its application is closing)");
            }
        }
        catch (ElementUnavailableException ex)
        {
            return SessionHealth.Failed($"应用程序无响应 / the application of \"{windowName}\" does not respond within {CallTimeout.TotalSeconds:0.#}s (hung or busy): {ex.Message}");
        }

        return SessionHealth.Ok;
    }, cancellationToken);

    public Task PressKeyAsync(string key, CancellationToken cancellationToken = default) => Task.Run(() =>
    {
        // ATSPI_KEY_SYM (3): the registry daemon turns the key symbol into a press and release through XTest.
        Call(Registry, "/org/a11y/atspi/registry/deviceeventcontroller", "org.a11y.atspi.DeviceEventController", "GenerateKeyboardEvent", $"key {key}", KeySym(key), string.Empty, 3u);
        Log.Add($"pressed {key}");
    }, cancellationToken);

    /// <summary>The X key symbol of a key name (the names Playwright uses); a single character is its own symbol.</summary>
    internal static int KeySym(string key) => key switch
    {
        "Enter" => 0xff0d,
        "Tab" => 0xff09,
        "Escape" => 0xff1b,
        "Backspace" => 0xff08,
        "Delete" => 0xffff,
        "Home" => 0xff50,
        "End" => 0xff57,
        "PageUp" => 0xff55,
        "PageDown" => 0xff56,
        "ArrowLeft" => 0xff51,
        "ArrowUp" => 0xff52,
        "ArrowRight" => 0xff53,
        "ArrowDown" => 0xff54,
        " " or "Space" => 0x20,
        ['F', .. var n] when int.TryParse(n, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var f) && f is >= 1 and <= 12 => 0xffbe + f - 1,
        [var c] when c < 0x100 => c,
        [var c] => 0x01000000 + c,
        _ => throw new DesktopAutomationException($"the key \"{key}\" has no desktop equivalent (names: Enter, Tab, Escape, Backspace, Delete, Home, End, PageUp, PageDown, Arrow…, F1–F12, one character; no modifier combinations)"),
    };

    public Task<int?> GetProcessIdAsync(IDesktopElement element, CancellationToken cancellationToken = default) =>
        Task.Run(() => element is AtSpiElement e ? ProcessIdOf(e.BusName) : null, cancellationToken);

    public Task<byte[]> CaptureScreenAsync(CancellationToken cancellationToken = default) =>
        Task.Run(() => X11Display.CapturePng(Display), cancellationToken);

    public async Task<byte[]> CaptureAsync(IDesktopElement element, CancellationToken cancellationToken = default)
    {
        var bounds = await element.GetBoundsAsync(cancellationToken);
        return await Task.Run(() => X11Display.CapturePng(Display, bounds), cancellationToken);
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            _bus?.Dispose();
            _bus = null;
        }
    }

    internal AtSpiElement? FindWindow(string name) => FindWindow(name, out _);

    public Task<IDesktopElement?> FindFileDialogAsync(string ownerWindow, CancellationToken cancellationToken = default) => Task.Run(() =>
    {
        // The dialog belongs to the application that shows the owner window; a chooser some other program left open is not ours.
        if (FindWindow(ownerWindow) is not { } owner)
        {
            return null;
        }

        var chooser = new ElementSelector { Role = "file chooser" };
        foreach (var window in AtSpiElement.Load(this, owner.BusName, RootPath, parentPath: string.Empty).Children())
        {
            // GTK's dialog is itself a "file chooser"; a toolkit that wraps the chooser in a plain dialog is found by what it holds.
            if (window.Role == "file chooser" || (window.Role == "dialog" && window.FindFirst(chooser) is not null))
            {
                return (IDesktopElement?)window;
            }
        }

        return null;
    }, cancellationToken);

    /// <summary>
    /// Looks through the applications on the bus, the one that showed this window last time first (so a hung
    /// stranger does not slow every step); <paramref name="unresponsive"/> lists applications that did not answer.
    /// </summary>
    internal AtSpiElement? FindWindow(string name, out List<string> unresponsive)
    {
        unresponsive = [];
        var applications = References(Call(Registry, RootPath, AccessibleIface, "GetChildren", "the desktop")).ToList();
        if (_windowOwners.TryGetValue(name, out var owner))
        {
            applications.Sort((a, b) => (b.Bus == owner).CompareTo(a.Bus == owner));
        }

        foreach (var (bus, path) in applications)
        {
            try
            {
                var app = AtSpiElement.Load(this, bus, path, parentPath: string.Empty);
                foreach (var window in app.Children())
                {
                    if (window.Name == name && s_windowRoles.Contains(window.Role))
                    {
                        _windowOwners[name] = bus;
                        return window;
                    }
                }
            }
            catch (ElementUnavailableException ex) when (ex.InnerException is DBusCallException { IsTimeout: true })
            {
                unresponsive.Add($"{bus} (pid {ProcessIdOf(bus)?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"})");
            }
            catch (ElementUnavailableException)
            {
                // Left the bus while we looked.
            }
        }

        return null;
    }

    /// <summary>Calls an AT-SPI method; failures name the element (<paramref name="where"/>) and whether it stopped answering or left.</summary>
    internal object?[] Call(string bus, string path, string iface, string method, string where, params object[] args)
    {
        try
        {
            return Bus().Call(bus, path, iface, method, CallTimeout, args);
        }
        catch (DBusCallException ex) when (ex.IsTimeout)
        {
            throw new ElementUnavailableException($"{where}: {iface}.{method} got no answer within {CallTimeout.TotalSeconds:0.#}s (the application is hung or busy)", ex);
        }
        catch (DBusCallException ex) when (ex.IsGone)
        {
            throw new ElementUnavailableException($"{where}: the element or its application is gone ({ex.Name})", ex);
        }
        catch (DBusCallException ex)
        {
            throw new DesktopAutomationException($"{where}: {iface}.{method} failed: {ex.Message}", ex);
        }
    }

    internal object? GetProperty(string bus, string path, string iface, string property, string where) =>
        Call(bus, path, "org.freedesktop.DBus.Properties", "Get", where, iface, property) is [var value, ..] ? value : null;

    internal int? ProcessIdOf(string busName)
    {
        try
        {
            return Bus().Call("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", "GetConnectionUnixProcessID", CallTimeout, busName) is [uint pid, ..] ? (int)pid : null;
        }
        catch (DBusCallException)
        {
            return null;
        }
    }

    internal static IEnumerable<(string Bus, string Path)> References(object?[] reply)
    {
        if (reply is not [List<object?> items, ..])
        {
            yield break;
        }

        foreach (var item in items)
        {
            if (item is object?[] { Length: 2 } pair && pair[0] is string bus && pair[1] is string path && path != "/org/a11y/atspi/null")
            {
                yield return (bus, path);
            }
        }
    }

    private DBusConnection Bus()
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_bus is { IsConnected: true })
            {
                return _bus;
            }

            _bus?.Dispose();
            _bus = null;
            var address = Options.AccessibilityBusAddress ?? Environment.GetEnvironmentVariable("AT_SPI_BUS_ADDRESS") ?? AskAccessibilityBus();
            _bus = DBusConnection.Open(address);
            Log.Add($"connected to the accessibility bus {address}");
            return _bus;
        }
    }

    /// <summary>The session bus's org.a11y.Bus starts at-spi-bus-launcher on demand and tells its address.</summary>
    private string AskAccessibilityBus()
    {
        var session = Options.SessionBusAddress ?? Environment.GetEnvironmentVariable("DBUS_SESSION_BUS_ADDRESS")
            ?? throw new DesktopAutomationException("no session D-Bus: set DesktopBots:SessionBusAddress or DBUS_SESSION_BUS_ADDRESS (DesktopSession.StartAsync provides one)");
        try
        {
            using var connection = DBusConnection.Open(session);
            return connection.Call("org.a11y.Bus", "/org/a11y/bus", "org.a11y.Bus", "GetAddress", TimeSpan.FromSeconds(10)) is [string address, ..] && address.Length > 0
                ? address
                : throw new DesktopAutomationException($"org.a11y.Bus on {session} gave no accessibility bus address");
        }
        catch (DBusCallException ex)
        {
            throw new DesktopAutomationException($"cannot reach the accessibility bus through the session bus {session}: {ex.Message}", ex);
        }
    }
}
