using System.CommandLine;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using RpaRunner.Runner.Demo;
using RpaRunner.Runner.Hosting;
using RpaRunner.Runner.Security;
using RpaRunner.Workflows.Calendar;
using RpaRunner.Workflows.Catalog;
using RpaRunner.Workflows.Engine;
using Spectre.Console;

namespace RpaRunner.Runner.Cli;

/// <summary>
/// <c>rpa demo</c>: starts the sandbox department systems and an embedded runner on a fresh demo folder,
/// submits sample cases of the three core bundles through the API as a clerk would, shows each case's
/// progress, checks in the sandbox that every matter was entered exactly once, and prints where to look.
/// </summary>
public static class DemoCommand
{
    private static readonly string[] s_bundles = ["newborn", "retirement", "company-setup"];

    /// <summary>Bundles added as data: one sample case each, run alongside the core bundles' cases.</summary>
    private static readonly string[] s_moreBundles = ["hiring", "deregistration", "after-death", "social-insurance"];

    public static Command Create()
    {
        var exitWhenDone = new Option<bool>("--exit-when-done") { Description = "Print a summary and exit (0 only when every sample case completed) instead of serving on." };
        var perBundle = new Option<int>("--cases") { Description = "Sample cases per bundle (default 2; retirement is limited by the sandbox's seeded retirees).", DefaultValueFactory = _ => 2 };
        var urls = new Option<string>("--urls") { Description = "Where the API listens (default http://127.0.0.1:5080).", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
        var simulate = new Option<bool>("--simulate") { Description = "Enter the data into in-process simulated systems instead of the sandbox (no browser needed)." };
        var command = new Command("demo", "Run sample cases of the three core bundles end to end on the embedded runner.") { exitWhenDone, perBundle, urls, simulate };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((parse, cancellationToken) => RunAsync(
            parse.GetValue(exitWhenDone), Math.Clamp(parse.GetValue(perBundle), 1, 50), parse.GetValue(urls)!, parse.GetValue(simulate), [.. parse.UnmatchedTokens], cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(bool exitWhenDone, int perBundle, string urls, bool simulate, string[] extraArgs, CancellationToken cancellationToken)
    {
        var dataDirectory = Path.GetFullPath(Path.Combine("data", "demo"));
        if (Directory.Exists(dataDirectory))
        {
            Directory.Delete(dataDirectory, recursive: true);
        }

        AnsiConsole.Write(new Rule("[bold]RpaRunner demo[/] — 一件事一次办"));
        await using var sandbox = simulate ? null : await SandboxBeside.StartAsync(Path.Combine(dataDirectory, "sandbox"), cancellationToken);
        await using var material = simulate ? null : await DemoMaterial.StartScannerAsync(dataDirectory, cancellationToken);
        if (material?.Unavailable is { } noScanner)
        {
            AnsiConsole.MarkupLineInterpolated($"[yellow]{noScanner}[/]");
        }

        List<string> args =
        [
            "--urls", urls,
            $"--Runner:DataDirectory={dataDirectory}",
            $"--Database:ConnectionString=Data Source={Path.Combine(dataDirectory, "rpa.db")}",
            "--Bots:Pools:0=web",
            "--Bots:Pools:1=desktop-linux",
            "--Bots:ConcurrencyPerPool=3",
            "--Engine:ReconcileInterval=00:00:02",
            "--Serilog:MinimumLevel:Default=Warning",
        ];
        if (sandbox is null)
        {
            args.AddRange(["--Simulation:Enabled=true", "--Simulation:MinLatency=00:00:00.200", "--Simulation:MaxLatency=00:00:00.900", "--Simulation:TransientFailureRate=0.05",
                "--Simulation:AwaitingLooks=1", "--Engine:AwaitingRecheckInterval=00:00:05"]);
            AnsiConsole.MarkupLine("Department systems: [yellow]simulated in-process[/] (--simulate).");
        }
        else
        {
            args.AddRange(sandbox.RunnerArgs());
            if (material?.ClamAvAddress is { } clamAv)
            {
                args.Add($"--Materials:ClamAv={clamAv}");
            }

            AnsiConsole.MarkupLine("Department systems: the [green]sandbox[/] (ops/sandbox), driven by web bots in Chromium.");
        }

        var builder = RunnerApp.CreateBuilder([.. args, .. extraArgs]);
        builder.AddRunner();
        var users = DevelopmentUsers.EnsureSomeoneWithPasswords(builder.Configuration, Roles.Clerk, Roles.Operator, Roles.Designer, Roles.Admin);
        await using var app = builder.Build();
        app.MapRunner();
        await app.InitializeAsync(cancellationToken);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var http = new HttpClient { BaseAddress = new Uri(address) };
        http.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, users.First(u => u.User.Role == Roles.Clerk).Key);

        var today = app.Services.GetRequiredService<CaseEngine>().Today;
        await ShowRejectedFormAsync(http, today, cancellationToken);
        var codes = new List<string>();
        string? waiver = null;
        foreach (var bundle in s_bundles.Concat(s_moreBundles))
        {
            var wanted = s_moreBundles.Contains(bundle) ? 1 : perBundle;
            var count = sandbox is null ? wanted : Math.Min(wanted, sandbox.Applications.Capacity(bundle));
            for (var i = 0; i < count; i++)
            {
                var form = sandbox?.Applications.For(bundle, i, today) ?? SampleApplications.For(bundle, i, today);
                var deferred = WaiverDemo.IsWaiverSample(bundle, i);
                var response = deferred ? await WaiverDemo.SubmitAsync(http, form, cancellationToken) : await http.PostAsJsonAsync("/api/cases", new { bundleId = bundle, form }, cancellationToken);
                var body = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken);
                if (!response.IsSuccessStatusCode)
                {
                    throw new InvalidOperationException($"The sample {bundle} case was refused: {body}");
                }

                codes.Add(body!["caseCode"]!.GetValue<string>());
                if (bundle == "newborn" && i == 0 && material?.ClamAvAddress is not null)
                {
                    // Right after the submission, before its 户口登记 runs: one case with a material.
                    AnsiConsole.MarkupLineInterpolated($"{await material.HandInAsync(http, codes[^1], cancellationToken)}");
                }

                waiver = deferred ? codes[^1] : waiver;
            }
        }

        AnsiConsole.MarkupLineInterpolated($"Submitted {codes.Count} cases as clerk1 through POST {address}/api/cases.");
        if (waiver is not null)
        {
            await WaiverDemo.SupplyAsync(http, waiver, app.Services.GetRequiredService<BureauClock>(), cancellationToken);
        }

        var queries = app.Services.GetRequiredService<CaseQueries>();
        var finals = await CaseProgress.FollowEachAsync(queries, codes, cancellationToken);
        CaseProgress.PrintSummary(finals, app.Services.GetRequiredService<BundleCatalog>());
        foreach (var note in await CaseProgress.DriftNotesAsync(queries, codes, cancellationToken))
        {
            AnsiConsole.MarkupLineInterpolated($"[blue]{note}[/]");
        }

        (int Matters, int Duplicates, int Missing)? exactlyOnce = sandbox is null ? null : await DemoChecks.RecordsPerMatterAsync(sandbox.Sandbox, finals, app.Services.GetRequiredService<SystemCatalog>(), cancellationToken);
        if (exactlyOnce is { } check)
        {
            AnsiConsole.MarkupLine(check.Duplicates == 0
                ? $"[green]Exactly once:[/] {check.Matters} matters entered, one sandbox record each (inspection API)."
                : $"[red]{check.Duplicates} matter(s) have more than one record in the sandbox.[/]");
        }

        var materialCheck = sandbox is null || material is null ? null : await material.CheckAsync(sandbox.Sandbox, finals, cancellationToken);
        if (materialCheck is { } sameFile)
        {
            AnsiConsole.MarkupLine((sameFile.Same ? "[green]" : "[red]") + Markup.Escape(sameFile.Text) + "[/]");
        }

        if (sandbox is not null)
        {
            var (events, notified, badSignatures, repeats, pending) = await DemoChecks.NotificationsAsync(sandbox.Sandbox, app.Services.GetRequiredService<Workflows.Notifications.OutboxStore>(), finals, cancellationToken);
            AnsiConsole.MarkupLine(badSignatures == 0 && repeats == 0 && pending == 0
                ? $"[green]结果回传 / notifications:[/] {events} events of {notified} cases delivered to the platform stand-in, in order, every signature valid."
                : $"[yellow]结果回传 / notifications:[/] {events} delivered, {pending} not yet, {badSignatures} with a bad signature, {repeats} received twice.");
        }

        PrintWhereToLook(address, users, dataDirectory, sandbox);
        var blockedOnDesktop = finals.Where(c => c.Status != CaseStatus.Completed)
            .All(c => c.Steps.Where(s => s.Status != StepStatus.Succeeded && s.Status != StepStatus.Skipped).All(s => s.Pool == "desktop-linux" && (s.Error ?? string.Empty).Contains("no bot", StringComparison.Ordinal)));
        var completed = finals.Count(c => c.Status == CaseStatus.Completed);
        AnsiConsole.MarkupLineInterpolated($"{completed} of {finals.Count} cases completed.");
        if (completed < finals.Count && blockedOnDesktop)
        {
            AnsiConsole.MarkupLine("[yellow]The cases still open wait only on desktop matters, which need a desktop bot on this machine.[/]");
        }

        var ok = (completed == finals.Count || blockedOnDesktop) && (exactlyOnce?.Duplicates ?? 0) == 0 && (materialCheck?.Same ?? true);
        if (exitWhenDone)
        {
            await app.StopAsync(CancellationToken.None);
            return ok ? 0 : 1;
        }

        AnsiConsole.MarkupLine("Serving until Ctrl+C.");
        await app.WaitForShutdownAsync(cancellationToken);
        return 0;
    }

    private static async Task ShowRejectedFormAsync(HttpClient http, DateOnly today, CancellationToken cancellationToken)
    {
        var form = SampleApplications.Newborn(0, today);
        var id = form["mother"]!["idNumber"]!.GetValue<string>();
        form["mother"]!["idNumber"] = id[..17] + (id[17] == '0' ? '1' : '0');
        form["child"]!["birthDate"] = "2099-02-30";
        var response = await http.PostAsJsonAsync("/api/cases", new { bundleId = "newborn", form }, cancellationToken);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken);
        AnsiConsole.MarkupLineInterpolated($"A form with a wrong ID check character and an impossible date is refused ({(int)response.StatusCode}), nothing stored:");
        foreach (var (field, messages) in problem?["errors"]?.AsObject() ?? [])
        {
            AnsiConsole.MarkupLineInterpolated($"    [bold]{field}[/]: {string.Join("; ", messages!.AsArray().Select(m => m!.GetValue<string>()))}");
        }
    }

    private static void PrintWhereToLook(string address, List<DevelopmentUser> users, string dataDirectory, SandboxBeside? sandbox)
    {
        var table = new Table().Title("Where to look").AddColumns("what", "where");
        table.AddRow("web UI (hall, console, designer)", address + "/");
        table.AddRow("API", address + "/api/cases");
        table.AddRow("OpenAPI document", address + "/openapi/v1.json");
        foreach (var (user, key, password) in users)
        {
            table.AddRow($"{user.Role} user {user.Name}", $"password {password} · X-Api-Key: {key}");
        }

        if (sandbox is not null)
        {
            foreach (var system in sandbox.Sandbox.Systems)
            {
                table.AddRow($"sandbox {system.Id}", $"{system.BaseUrl} ({system.RobotUsername})");
            }

            table.AddRow("sandbox dzzz (电子证照库 API)", $"{sandbox.Sandbox.LicenceLibraryUrl}api/licences (app key {sandbox.Sandbox.Licences.AppKey}, signed requests)");
            table.AddRow("sandbox inspection", $"{sandbox.Sandbox.InspectionUrl} (X-Inspection-Key: {sandbox.Sandbox.InspectionKey})");
        }

        table.AddRow("evidence of failed attempts", Path.Combine(dataDirectory, "evidence") + $" (served at {address}/evidence/…)");
        table.AddRow("database (personal data sealed)", Path.Combine(dataDirectory, "rpa.db"));
        table.AddRow("data key (keep apart from backups)", Path.Combine(dataDirectory, Security.DataKeys.DefaultFile));
        table.AddRow("logs (JSON, personal data masked)", Path.Combine(dataDirectory, "logs"));
        table.AddRow("audit key and checkpoints (keep apart from the database)", Path.Combine(dataDirectory, Audit.AuditKeys.DefaultFile) + ", " + new Audit.AuditOptions().CheckpointPath(dataDirectory));
        table.AddRow("audit check", $"./rpa audit verify --Runner:DataDirectory={dataDirectory} --Database:ConnectionString=\"Data Source=" + Path.Combine(dataDirectory, "rpa.db") + "\"");
        AnsiConsole.Write(table);
    }
}
