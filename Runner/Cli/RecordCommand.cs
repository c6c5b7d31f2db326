using System.CommandLine;
using RpaRunner.Bots.Recorder;
using RpaRunner.Bots.Scripts;
using RpaRunner.Runner.Hosting;
using RpaRunner.Runner.Security;
using RpaRunner.Workflows.Catalog;
using RpaRunner.Workflows.Model;
using RpaRunner.Workflows.Privacy;
using Spectre.Console;

namespace RpaRunner.Runner.Cli;

/// <summary>
/// <c>rpa record</c>: a designer records a bot script by doing the matter once in a Chromium window on the target system.
/// The script is saved as a draft with its problems listed; publishing it stays a separate, deliberate act.
/// </summary>
public static class RecordCommand
{
    public static Command Create()
    {
        var system = new Option<string>("--system") { Description = "The department system (systems.json id, e.g. renshe).", Required = true };
        var action = new Option<string>("--action") { Description = "The action to record (certifyContributions or renshe.certifyContributions).", Required = true };
        var url = new Option<string>("--url") { Description = "The page the matter starts on: an address, or a path under DepartmentSystems:<system>:BaseUrl.", Required = true };
        var output = new Option<FileInfo?>("--out") { Description = "Where to save the draft (default <Runner:DataDirectory>/recordings/<system>/<action>.json)." };
        var runner = new Option<Uri?>("--runner") { Description = "Save the recording into the system's draft in this runner's catalog (with a designer's API key in RPA_API_KEY) instead of a file." };
        var command = new Command("record", "Record a bot script: do the matter once in the browser window; each step becomes a script step.") { system, action, url, output, runner };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((parse, cancellationToken) => RunAsync(parse.GetValue(system)!, parse.GetValue(action)!, parse.GetValue(url)!, parse.GetValue(output), parse.GetValue(runner), [.. parse.UnmatchedTokens], cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string systemId, string actionName, string url, FileInfo? output, Uri? runnerAddress, string[] extraArgs, CancellationToken cancellationToken)
    {
        var configuration = RunnerApp.CreateBuilder(extraArgs).Configuration;
        var systems = SystemCatalog.LoadEmbedded();
        using var runner = runnerAddress is null ? null : RecordedScriptCatalogSink.Client(runnerAddress, Environment.GetEnvironmentVariable("RPA_API_KEY") ?? string.Empty);
        SystemPackage? package = null;
        if (runner is not null)
        {
            // The runner's catalog knows systems added as data; record against its version of the system.
            package = await RecordedScriptCatalogSink.PackageAsync(runner, systemId, cancellationToken);
            if (package is not null)
            {
                systems = systems.With(package.System);
            }
        }

        var actionId = actionName.Contains('.', StringComparison.Ordinal) ? actionName : $"{systemId}.{actionName}";
        if (systems.FindSystem(systemId) is not { Kind: DepartmentSystem.WebKind } || systems.FindAction(actionId) is not { } action)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]系统目录中没有网页系统 {systemId} 的事项 {actionId} / the catalog has no web system {systemId} with the action {actionId}[/]");
            return 2;
        }

        var endpoint = configuration.GetSection($"DepartmentSystems:{systemId}");
        var baseUrl = (endpoint["BaseUrl"] ?? package?.System.BaseUrl) is { Length: > 0 } configured ? new Uri(configured)
            : Uri.TryCreate(url, UriKind.Absolute, out var given) && given.Scheme is "http" or "https" ? new Uri(given.GetLeftPart(UriPartial.Authority) + "/") : null;
        if (baseUrl is null)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]--url 须为完整地址，或配置 DepartmentSystems:{systemId}:BaseUrl / give --url as a full address or configure DepartmentSystems:{systemId}:BaseUrl[/]");
            return 2;
        }

        // The robot account's password may be sealed in configuration ("rpa1:…"), as a worker reads it.
        var password = endpoint["Password"];
        if (PersonalDataCipher.IsProtected(password))
        {
            password = DataKeys.Load(configuration, RunnerApp.DataDirectory(configuration)).Unprotect(password!, ProtectedSettings.Purpose);
        }

        if (OperatingSystem.IsLinux() && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DISPLAY")) && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("WAYLAND_DISPLAY")))
        {
            AnsiConsole.MarkupLine("[red]录制需要图形桌面（未设置 DISPLAY）：请在设计人员的桌面上运行，或用 xvfb-run / the recorder opens a window: run it on a desktop (DISPLAY is not set)[/]");
            return 2;
        }

        var scripts = ScriptLibrary.Load(configuration["WebBots:ScriptsFolder"]);
        var options = new RecorderOptions
        {
            Action = action,
            System = (package?.Script is { } packaged ? System.Text.Json.JsonSerializer.Deserialize<SystemScript>(packaged.ToJsonString(), JsonDefaults.Options) : null)
                ?? scripts.FindSystem(systemId) ?? new SystemScript { System = systemId },
            BaseUrl = baseUrl,
            StartUrl = url,
            Username = endpoint["Username"],
            Password = password,
            BrowserPath = configuration["WebBots:BrowserPath"],
        };
        var file = output?.FullName ?? RecordedScriptFileSink.DefaultPath(RunnerApp.DataDirectory(configuration), systemId, actionId);
        return await RecordAsync(options, systems, runner is null ? new RecordedScriptFileSink(file) : new RecordedScriptCatalogSink(runner), cancellationToken);
    }

    /// <summary>Opens the recorder, waits for 完成, saves the draft and prints where and what is left to settle.</summary>
    public static async Task<int> RecordAsync(RecorderOptions options, SystemCatalog systems, IRecordedScriptSink sink, CancellationToken cancellationToken)
    {
        await using var session = await RecorderSession.StartAsync(options, cancellationToken);
        AnsiConsole.MarkupLineInterpolated($"录制 [bold]{options.Action.Name.Zh}[/]（{options.Action.Id}）：在浏览器窗口中办理一次，结束时点工具条的“完成” / do the matter once in the browser window, then press 完成 (finish) on the recorder's toolbar.");
        Bots.Scripts.BotScript script;
        try
        {
            script = await session.Finished.WaitAsync(cancellationToken);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            AnsiConsole.MarkupLine("[yellow]窗口已关闭，未保存 / the window was closed before 完成; nothing saved[/]");
            return 1;
        }

        var draft = RecordedDraft.Of(options.System.System, script, systems);
        var where = await sink.SaveAsync(draft, cancellationToken);
        AnsiConsole.MarkupLineInterpolated($"[green]✓[/] 草稿已保存 / draft saved: [bold]{where}[/] ({script.Steps.Count} steps, {script.Outputs.Count} outputs)");
        if (draft.Problems.Count > 0)
        {
            AnsiConsole.MarkupLineInterpolated($"[yellow]发布前须处理 {draft.Problems.Count} 个问题 / {draft.Problems.Count} problem(s) to settle before publishing:[/]");
            foreach (var problem in draft.Problems)
            {
                AnsiConsole.MarkupLineInterpolated($"  • {problem}");
            }
        }

        return 0;
    }
}
