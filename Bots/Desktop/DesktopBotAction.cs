using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RpaRunner.Bots.Desktop.AtSpi;
using RpaRunner.Bots.Evidence;
using RpaRunner.Bots.Resilience;
using RpaRunner.Bots.Runtime;
using RpaRunner.Bots.Scripts;
using RpaRunner.Bots.Web;
using RpaRunner.Workflows.Calendar;
using RpaRunner.Workflows.Catalog;
using RpaRunner.Workflows.Model;
using RpaRunner.Workflows.Engine.Contracts;

namespace RpaRunner.Bots.Desktop;

/// <summary>
/// Performs the actions of desktop department systems through the accessibility layer with the shared bot
/// scripts: makes sure the application's window is open (starting the program when configured), checks the
/// session before each step, searches before it creates, confirms the lease right before the first write, and on
/// every failed attempt keeps a screenshot of the display, the window's accessibility tree and the driver's log
/// (after a successful one, a screenshot only when the caller asks for it).
/// </summary>
public sealed class DesktopBotAction(
    IDesktopAutomation automation,
    DesktopApplications applications,
    ScriptLibrary scripts,
    SystemCatalog systems,
    SystemResilience resilience,
    EvidenceStore evidence,
    IOptionsMonitor<DepartmentSystemEndpoint> endpoints,
    IOptions<DesktopBotOptions> options,
    TimeProvider time,
    BureauClock clock,
    ILogger<DesktopBotAction> logger) : IBotAction
{
    private static readonly JsonSerializerOptions s_logJson = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public bool CanRun(RunStep step) =>
        options.Value.Enabled && automation is not UnsupportedDesktopAutomation
        && systems.FindSystem(step.System)?.Kind == DepartmentSystem.DesktopKind && scripts.FindAction(step.Action) is not null;

    public async Task<BotResult> RunAsync(BotStepContext context, CancellationToken cancellationToken)
    {
        var system = context.Step.System;
        // One window: one step at a time on this worker; DepartmentSystems:{id}:MaxSessions bounds the whole farm.
        return await resilience.ExecuteAsync(system, DesktopApplicationOptions.StepsPerWindow, token => new ValueTask<BotResult>(AttemptAsync(context, token)), cancellationToken);
    }

    private async Task<BotResult> AttemptAsync(BotStepContext context, CancellationToken cancellationToken)
    {
        var step = context.Step;
        var script = scripts.FindAction(step.Action)!;
        var system = scripts.FindSystem(step.System) ?? new SystemScript { System = step.System };
        var windowName = options.Value.Applications.GetValueOrDefault(step.System)?.WindowName
            ?? system.Window.Select(w => w.Name).FirstOrDefault(n => n is not null)
            ?? throw new NeedsPersonException($"脚本错误 / the desktop system {step.System} names no window (system script 'window' or DesktopBots:Applications:{step.System}:WindowName)");
        var log = new DesktopDriverLog(time);
        var endpoint = endpoints.Get(step.System);
        using var driver = new DesktopScriptDriver(automation, windowName, system, log, options.Value.SettleAfter(step.System));
        var runner = new ScriptRunner(driver, options.Value.StepTimeout, context.Materials);
        var values = new ScriptValues(step.Inputs, new Dictionary<string, string?>
        {
            ["key"] = step.IdempotencyKey,
            ["caseCode"] = step.CaseCode,
            ["action"] = step.Action,
            ["username"] = endpoint.Username,
            ["password"] = endpoint.Password,
        });
        log.Add($"{step.Action} for {step.CaseCode}/{step.StepId} attempt {step.Attempt} on display {automation.Display} ({automation.Technology})");
        var moment = new CommitMoment();
        try
        {
            var (_, launched) = await applications.EnsureWindowAsync(step.System, windowName, log, cancellationToken);
            if (launched && system.Login is { } login)
            {
                await runner.RunStepsAsync(system.System, "login", login.Steps, values, cancellationToken);
            }

            // The display just before and just after the commit click: kept with the attempt when it then fails.
            var result = await runner.RunAsync(
                script,
                values,
                async token =>
                {
                    moment.Before = await CaptureAsync(log);
                    await context.CommitAsync(token);
                },
                cancellationToken,
                verifyOnly: step.Verify,
                afterCommitStep: async _ => moment.After = await CaptureAsync(log));
            if (!result.NotFound)
            {
                ReadBackCheck.Ensure(systems, step, result.Outputs, clock);
            }

            context.Notes.AddRange(runner.Drift);
            context.Notes.AddRange(runner.Notes);
            log.Add(result.FoundExisting ? "found the record entered before; read its result" : "entered the record and read its result");
            if (context.WantsFinalScreenshot)
            {
                context.FinalScreenshot = await CaptureAsync(log);
            }

            return result;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            context.Notes.AddRange(runner.Drift);
            context.Notes.AddRange(runner.Notes);
            log.Add($"failed: {ex.GetType().Name}: {ex.Message}");
            await KeepEvidenceAsync(context, driver, windowName, log, ex, moment);
            throw ex switch
            {
                BotFailureException or LeaseLostException => ex,
                ElementUnavailableException => new TransientBotException($"应用程序无响应 / {ex.Message}", ex),
                DBusCallException => new TransientBotException($"无障碍总线错误 / accessibility bus error: {ex.Message}", ex),
                DesktopAutomationException => new NeedsPersonException($"窗口操作失败 / {ex.Message}"),
                _ => ex,
            };
        }
    }

    /// <summary>A PNG of the display now; none (and a log line) when it cannot be captured.</summary>
    private async Task<byte[]?> CaptureAsync(DesktopDriverLog log)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            return await automation.CaptureScreenAsync(timeout.Token);
        }
        catch (Exception ex) when (ex is DesktopAutomationException or DllNotFoundException or OperationCanceledException)
        {
            log.Add($"no final screenshot: {ex.Message}");
            return null;
        }
    }

    private async Task KeepEvidenceAsync(BotStepContext context, DesktopScriptDriver driver, string windowName, DesktopDriverLog log, Exception failure, CommitMoment moment)
    {
        var step = context.Step;
        var (folder, relative) = evidence.FolderFor(step.CaseCode, step.StepId, step.Attempt);
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                await File.WriteAllBytesAsync(Path.Combine(folder, "screenshot.png"), await automation.CaptureScreenAsync(timeout.Token), timeout.Token);
                context.Evidence["screenshot"] = $"{relative}/screenshot.png";
            }
            catch (Exception ex) when (ex is DesktopAutomationException or DllNotFoundException or IOException or OperationCanceledException)
            {
                log.Add($"no screenshot: {ex.Message}");
            }

            try
            {
                foreach (var (kind, png) in new[] { ("beforeCommit", moment.Before), ("afterCommit", moment.After) })
                {
                    if (png is not null)
                    {
                        var file = kind == "beforeCommit" ? "before-commit.png" : "after-commit.png";
                        await File.WriteAllBytesAsync(Path.Combine(folder, file), png, timeout.Token);
                        context.Evidence[kind] = $"{relative}/{file}";
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException)
            {
                log.Add($"no commit-moment screenshots: {ex.Message}");
            }

            try
            {
                var window = driver.Window ?? await automation.FindWindowAsync(windowName, timeout.Token);
                string tree;
                if (window is not null)
                {
                    tree = (await window.DumpAsync(cancellationToken: timeout.Token)).ToText();
                }
                else
                {
                    var apps = await automation.GetApplicationsAsync(timeout.Token);
                    tree = $"window \"{windowName}\" is not open; applications on the accessibility bus:\n"
                        + string.Concat(apps.Select(a => $"  {a.Name} (pid {a.ProcessId}): {string.Join(", ", a.Windows)}\n"));
                }

                await File.WriteAllTextAsync(Path.Combine(folder, "a11y.txt"), tree, timeout.Token);
                context.Evidence["a11y"] = $"{relative}/a11y.txt";
            }
            catch (Exception ex) when (ex is DesktopAutomationException or DBusCallException or IOException or OperationCanceledException)
            {
                log.Add($"no accessibility tree: {ex.Message}");
            }

            var record = new
            {
                display = automation.Display,
                technology = automation.Technology,
                window = windowName,
                error = failure.Message,
                errorType = failure.GetType().Name,
                notes = context.Notes,
                driverLog = log.Lines,
            };
            await File.WriteAllTextAsync(Path.Combine(folder, "log.json"), JsonSerializer.Serialize(record, s_logJson), CancellationToken.None);
            context.Evidence["log"] = $"{relative}/log.json";
            logger.LogInformation("Kept desktop evidence of {CaseCode}/{StepId} attempt {Attempt} in {Folder}", step.CaseCode, step.StepId, step.Attempt, relative);
        }
        finally
        {
            // Sealed even when a part of the evidence could not be taken.
            evidence.Seal(folder);
        }
    }

    /// <summary>Screenshots of the display just before and just after the commit click.</summary>
    private sealed class CommitMoment
    {
        public byte[]? Before { get; set; }

        public byte[]? After { get; set; }
    }
}
