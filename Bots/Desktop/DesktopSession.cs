using System.Diagnostics;
using System.Globalization;
using RpaRunner.Bots.Desktop.AtSpi;

namespace RpaRunner.Bots.Desktop;

/// <summary>Settings of a private desktop session (<see cref="DesktopSession.StartAsync"/>).</summary>
public sealed class DesktopSessionOptions
{
    public int Width { get; set; } = 1280;

    public int Height { get; set; } = 1024;

    public string XvfbPath { get; set; } = "/usr/bin/Xvfb";

    public string DBusDaemonPath { get; set; } = "/usr/bin/dbus-daemon";

    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(20);
}

/// <summary>
/// A headless desktop for desktop bots, started by this process and stopped with it: an Xvfb X server on a
/// free display, a session D-Bus whose org.a11y.Bus starts the accessibility bus on demand, and a private
/// runtime directory for the accessibility bus's socket. The demo and the tests call it; a worker on a real
/// desktop does not need it (it configures DesktopBots:Display and DesktopBots:SessionBusAddress instead).
/// <code>
/// await using var desktop = await DesktopSession.StartAsync();
/// configuration["DesktopBots:Display"] = desktop.Display;                       // ":37"
/// configuration["DesktopBots:SessionBusAddress"] = desktop.SessionBusAddress;   // "unix:path=/tmp/dbus-…"
/// </code>
/// </summary>
public sealed class DesktopSession : IAsyncDisposable
{
    private readonly Process _xserver;
    private readonly Process _bus;
    private readonly string _runtimeDirectory;
    private int _stopped;

    private DesktopSession(Process xserver, Process bus, string display, string sessionBus, string accessibilityBus, string runtimeDirectory)
    {
        _xserver = xserver;
        _bus = bus;
        Display = display;
        SessionBusAddress = sessionBus;
        AccessibilityBusAddress = accessibilityBus;
        _runtimeDirectory = runtimeDirectory;
    }

    /// <summary>The X display, e.g. ":37" (DISPLAY).</summary>
    public string Display { get; }

    /// <summary>The session bus (DBUS_SESSION_BUS_ADDRESS).</summary>
    public string SessionBusAddress { get; }

    /// <summary>The accessibility bus the session's org.a11y.Bus started.</summary>
    public string AccessibilityBusAddress { get; }

    /// <summary>The Xvfb process (tests end it to see what a lost display does).</summary>
    public int XServerProcessId => _xserver.Id;

    /// <summary>What an application launched into this session needs in its environment.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["DISPLAY"] = Display,
        ["DBUS_SESSION_BUS_ADDRESS"] = SessionBusAddress,
        ["XDG_RUNTIME_DIR"] = _runtimeDirectory,
        ["NO_AT_BRIDGE"] = "0",
        ["GTK_A11Y"] = "atspi",
    };

    /// <summary>Whether this machine has what a session needs (Xvfb, dbus-daemon, at-spi2-core); null when it does, else what is missing.</summary>
    public static string? MissingPrerequisite(DesktopSessionOptions? options = null)
    {
        options ??= new DesktopSessionOptions();
        foreach (var (path, package) in new[] { (options.XvfbPath, "xvfb"), (options.DBusDaemonPath, "dbus"), ("/usr/libexec/at-spi-bus-launcher", "at-spi2-core") })
        {
            if (!File.Exists(path))
            {
                return $"{path} (Debian package {package})";
            }
        }

        return null;
    }

    public static async Task<DesktopSession> StartAsync(DesktopSessionOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new DesktopSessionOptions();
        if (MissingPrerequisite(options) is { } missing)
        {
            throw new DesktopAutomationException($"a desktop session needs {missing}; install the packages of ops/install/sandbox-packages.txt");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.StartTimeout);
        var runtimeDirectory = Directory.CreateTempSubdirectory("rpa-desktop-").FullName;
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(runtimeDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        Process? xserver = null, bus = null;
        try
        {
            // -displayfd: Xvfb picks a free display itself and writes its number once it accepts connections.
            xserver = Start(options.XvfbPath, ["-displayfd", "1", "-screen", "0", string.Create(CultureInfo.InvariantCulture, $"{options.Width}x{options.Height}x24"), "-nolisten", "tcp", "-noreset"], new Dictionary<string, string>());
            var number = await ReadLineAsync(xserver, "Xvfb", timeout.Token);
            var display = ":" + number.Trim();

            bus = Start(options.DBusDaemonPath, ["--session", "--nofork", "--nopidfile", "--print-address=1"], new Dictionary<string, string>
            {
                ["DISPLAY"] = display,
                ["XDG_RUNTIME_DIR"] = runtimeDirectory,
            });
            var sessionBus = (await ReadLineAsync(bus, "dbus-daemon", timeout.Token)).Trim();

            // Ask once now, so a broken accessibility stack shows here rather than in the first bot step.
            var accessibilityBus = await Task.Run(() => AskAccessibilityBus(sessionBus), timeout.Token);
            return new DesktopSession(xserver, bus, display, sessionBus, accessibilityBus, runtimeDirectory);
        }
        catch (Exception ex)
        {
            Stop(bus);
            Stop(xserver);
            TryDelete(runtimeDirectory);
            throw ex is DesktopAutomationException ? ex : new DesktopAutomationException($"the desktop session did not start: {ex.Message}", ex);
        }
    }

    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            // The accessibility bus launcher and the registry leave by themselves when the session bus goes.
            Stop(_bus);
            Stop(_xserver);
            TryDelete(_runtimeDirectory);
        }

        return ValueTask.CompletedTask;
    }

    private static string AskAccessibilityBus(string sessionBus)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var connection = DBusConnection.Open(sessionBus);
                if (connection.Call("org.a11y.Bus", "/org/a11y/bus", "org.a11y.Bus", "GetAddress", TimeSpan.FromSeconds(10)) is [string address, ..] && address.Length > 0)
                {
                    return address;
                }
            }
            catch (DBusCallException ex) when (clock.Elapsed < TimeSpan.FromSeconds(10))
            {
                _ = ex;
            }

            if (clock.Elapsed >= TimeSpan.FromSeconds(10))
            {
                throw new DesktopAutomationException($"org.a11y.Bus on {sessionBus} gave no accessibility bus address (is at-spi2-core installed?)");
            }

            Thread.Sleep(200);
        }
    }

    private static Process Start(string file, IEnumerable<string> arguments, Dictionary<string, string> environment)
    {
        var info = new ProcessStartInfo(file)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info) ?? throw new DesktopAutomationException($"{file} did not start");
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<string> ReadLineAsync(Process process, string what, CancellationToken cancellationToken)
    {
        try
        {
            return await process.StandardOutput.ReadLineAsync(cancellationToken) ?? throw new DesktopAutomationException($"{what} exited before it was ready (exit code {(process.HasExited ? process.ExitCode : -1)})");
        }
        catch (OperationCanceledException) when (!process.HasExited)
        {
            throw new DesktopAutomationException($"{what} was not ready in time");
        }
    }

    private static void Stop(Process? process)
    {
        if (process is null)
        {
            return;
        }

        try
        {
            if (!process.HasExited)
            {
                process.Kill();
                process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        process.Dispose();
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
