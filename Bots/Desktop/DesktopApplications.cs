using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RpaRunner.Bots.Runtime;
using RpaRunner.Bots.Web;

namespace RpaRunner.Bots.Desktop;

/// <summary>
/// The desktop applications a worker drives: attaches to a system's window when it is open, otherwise starts the
/// configured program into the robot's session and waits for its window; restarts a program it started when the
/// window hangs or disappears. Programs it started are ended when the worker stops.
/// </summary>
public sealed class DesktopApplications(
    IDesktopAutomation automation,
    IOptions<DesktopBotOptions> options,
    IOptionsMonitor<DepartmentSystemEndpoint> endpoints,
    ILogger<DesktopApplications> logger) : IDisposable
{
    private readonly ConcurrentDictionary<string, Process> _started = new(StringComparer.Ordinal);

    /// <summary>The process this worker started for a system, if it still runs.</summary>
    public int? StartedProcessId(string system) => _started.TryGetValue(system, out var p) && !HasExited(p) ? p.Id : null;

    /// <summary>The system's window, ready for a step; <c>Launched</c> tells whether the program was just started (log in first).</summary>
    public async Task<(IDesktopElement Window, bool Launched)> EnsureWindowAsync(string system, string windowName, DesktopDriverLog log, CancellationToken cancellationToken)
    {
        var session = await automation.CheckHealthAsync(null, cancellationToken);
        if (!session.Healthy)
        {
            throw new TransientBotException(session.Problem!);
        }

        var app = options.Value.Applications.GetValueOrDefault(system);
        var health = await automation.CheckHealthAsync(windowName, cancellationToken);
        if (health.Healthy && await automation.FindWindowAsync(windowName, cancellationToken) is { } open)
        {
            return (open, false);
        }

        if (app is not { Launch: true, Command: not null })
        {
            throw new TransientBotException($"{health.Problem}; DesktopBots:Applications:{system} names no program to start, so a person must open it");
        }

        if (_started.TryRemove(system, out var previous))
        {
            log.Add($"window \"{windowName}\" unusable ({health.Problem}); ending the program this worker started (pid {SafeId(previous)})");
            logger.LogWarning("Restarting the {System} desktop application: {Problem}", system, health.Problem);
            Kill(previous);
        }
        else if (await automation.FindWindowAsync(windowName, cancellationToken) is not null)
        {
            // Open but not answering, and not ours to end.
            throw new TransientBotException(health.Problem!);
        }

        var process = Start(system, app);
        _started[system] = process;
        log.Add($"started {Path.GetFileName(app.Command)} for {system} (pid {process.Id}); waiting for \"{windowName}\"");
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (await automation.FindWindowAsync(windowName, cancellationToken) is { } window)
            {
                log.Add($"window \"{windowName}\" is open after {clock.Elapsed.TotalSeconds:0.0}s");
                return (window, true);
            }

            if (HasExited(process))
            {
                _started.TryRemove(system, out _);
                throw new TransientBotException($"应用程序启动失败 / {system}'s program exited with code {process.ExitCode} before its window \"{windowName}\" appeared: {Tail(process)}");
            }

            if (clock.Elapsed >= app.StartupTimeout)
            {
                throw new TransientBotException($"应用程序启动超时 / the window \"{windowName}\" did not appear within {app.StartupTimeout.TotalSeconds:0}s after starting {system}'s program");
            }

            await Task.Delay(200, cancellationToken);
        }
    }

    /// <summary>Ends the program this worker started for a system (tests use it to crash the application).</summary>
    public void Stop(string system)
    {
        if (_started.TryRemove(system, out var process))
        {
            Kill(process);
        }
    }

    public void Dispose()
    {
        foreach (var system in _started.Keys.ToList())
        {
            Stop(system);
        }
    }

    private Process Start(string system, DesktopApplicationOptions app)
    {
        var endpoint = endpoints.Get(system);
        var info = new ProcessStartInfo(app.Command!)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = app.WorkingDirectory ?? string.Empty,
        };
        foreach (var argument in app.Arguments)
        {
            info.ArgumentList.Add(argument
                .Replace("{{baseUrl}}", endpoint.BaseUrl ?? string.Empty, StringComparison.Ordinal)
                .Replace("{{username}}", endpoint.Username ?? string.Empty, StringComparison.Ordinal)
                .Replace("{{password}}", endpoint.Password ?? string.Empty, StringComparison.Ordinal));
        }

        foreach (var (key, value) in app.Environment)
        {
            info.Environment[key] = value;
        }

        info.Environment["DISPLAY"] = automation.Display;
        if (options.Value.SessionBusAddress is { } bus)
        {
            info.Environment["DBUS_SESSION_BUS_ADDRESS"] = bus;
        }

        if (options.Value.AccessibilityBusAddress is { } a11y)
        {
            info.Environment["AT_SPI_BUS_ADDRESS"] = a11y;
        }

        info.Environment.TryAdd("NO_AT_BRIDGE", "0");
        info.Environment.TryAdd("GTK_A11Y", "atspi");
        var process = Process.Start(info) ?? throw new TransientBotException($"{app.Command} did not start");
        var tail = new ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => Keep(tail, e.Data);
        process.ErrorDataReceived += (_, e) => Keep(tail, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        s_tails.AddOrUpdate(process, tail);
        return process;
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Process, ConcurrentQueue<string>> s_tails = [];

    private static void Keep(ConcurrentQueue<string> tail, string? line)
    {
        if (line is null)
        {
            return;
        }

        tail.Enqueue(line);
        while (tail.Count > 20)
        {
            tail.TryDequeue(out _);
        }
    }

    private static string Tail(Process process) =>
        s_tails.TryGetValue(process, out var tail) && !tail.IsEmpty ? string.Join(" | ", tail) : "(no output)";

    private static bool HasExited(Process process)
    {
        try
        {
            return process.HasExited;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }

    private static string SafeId(Process process)
    {
        try
        {
            return process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (InvalidOperationException)
        {
            return "?";
        }
    }

    private static void Kill(Process process)
    {
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
        }

        process.Dispose();
    }
}
