using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using RpaRunner.Runner.Demo;
using RpaRunner.Runner.Hosting;
using RpaRunner.Runner.Security;
using RpaRunner.Workflows.Engine;
using RpaRunner.Workflows.Privacy;
using Spectre.Console;

namespace RpaRunner.Runner.Cli;

/// <summary>
/// <c>rpa demo</c>: starts an embedded runner on a fresh demo database, submits sample cases of the three
/// core bundles through the API as a clerk would, shows each case's progress, and prints where to look.
/// </summary>
public static class DemoCommand
{
    private static readonly string[] s_bundles = ["newborn", "retirement", "company-setup"];

    public static Command Create()
    {
        var exitWhenDone = new Option<bool>("--exit-when-done") { Description = "Print a summary and exit (0 only when every sample case completed) instead of serving on." };
        var perBundle = new Option<int>("--cases") { Description = "Sample cases per bundle (default 3).", DefaultValueFactory = _ => 3 };
        var urls = new Option<string>("--urls") { Description = "Where the API listens (default http://127.0.0.1:5080).", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
        var command = new Command("demo", "Run sample cases of the three core bundles end to end on the embedded runner.") { exitWhenDone, perBundle, urls };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((parse, cancellationToken) => RunAsync(parse.GetValue(exitWhenDone), Math.Clamp(parse.GetValue(perBundle), 1, 200), parse.GetValue(urls)!, [.. parse.UnmatchedTokens], cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(bool exitWhenDone, int perBundle, string urls, string[] extraArgs, CancellationToken cancellationToken)
    {
        var dataDirectory = Path.GetFullPath(Path.Combine("data", "demo"));
        if (Directory.Exists(dataDirectory))
        {
            Directory.Delete(dataDirectory, recursive: true);
        }

        string[] args =
        [
            "--urls", urls,
            $"--Runner:DataDirectory={dataDirectory}",
            $"--Database:ConnectionString=Data Source={Path.Combine(dataDirectory, "rpa.db")}",
            "--Simulation:Enabled=true",
            "--Simulation:MinLatency=00:00:00.200",
            "--Simulation:MaxLatency=00:00:00.900",
            "--Simulation:TransientFailureRate=0.05",
            "--Bots:Pools:0=web",
            "--Bots:Pools:1=desktop-linux",
            "--Engine:ReconcileInterval=00:00:02",
            "--Serilog:MinimumLevel:Default=Warning",
            .. extraArgs,
        ];
        var builder = RunnerApp.CreateBuilder(args);
        builder.AddRunner();
        var users = DevelopmentUsers.EnsureSomeone(builder.Configuration, Roles.Clerk, Roles.Operator, Roles.Designer, Roles.Admin);
        await using var app = builder.Build();
        app.MapRunner();
        await app.InitializeAsync(cancellationToken);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        AnsiConsole.Write(new Rule("[bold]RpaRunner demo[/] — 一件事一次办"));
        AnsiConsole.MarkupLine("Department systems: [yellow]simulated in-process[/] (web and desktop bots drive the sandbox systems once they land).");
        using var http = new HttpClient { BaseAddress = new Uri(address) };
        var clerkKey = users.First(u => u.User.Role == Roles.Clerk).Key;
        http.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, clerkKey);

        await ShowRejectedFormAsync(http, cancellationToken);
        var today = app.Services.GetRequiredService<CaseEngine>().Today;
        var codes = new List<string>();
        foreach (var bundle in s_bundles)
        {
            for (var i = 0; i < perBundle; i++)
            {
                var response = await http.PostAsJsonAsync("/api/cases", new { bundleId = bundle, form = SampleApplications.For(bundle, i, today) }, cancellationToken);
                response.EnsureSuccessStatusCode();
                var body = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken);
                codes.Add(body!["caseCode"]!.GetValue<string>());
            }
        }

        AnsiConsole.MarkupLineInterpolated($"Submitted {codes.Count} cases ({perBundle} per bundle) as clerk1 through POST {address}/api/cases.");
        var finals = await ShowProgressAsync(http, codes, cancellationToken);
        PrintSummary(finals);
        PrintWhereToLook(address, users, dataDirectory);

        var allCompleted = finals.All(c => c.Status == CaseStatus.Completed);
        if (exitWhenDone)
        {
            await app.StopAsync(CancellationToken.None);
            AnsiConsole.MarkupLine(allCompleted ? "[green]Every sample case completed.[/]" : "[red]Not every sample case completed.[/]");
            return allCompleted ? 0 : 1;
        }

        AnsiConsole.MarkupLine("Serving until Ctrl+C.");
        await app.WaitForShutdownAsync(cancellationToken);
        return 0;
    }

    private static async Task ShowRejectedFormAsync(HttpClient http, CancellationToken cancellationToken)
    {
        var form = SampleApplications.Newborn(0, DateOnly.FromDateTime(DateTime.UnixEpoch).AddYears(56));
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

    private static async Task<List<CaseView>> ShowProgressAsync(HttpClient http, List<string> codes, CancellationToken cancellationToken)
    {
        var views = new Dictionary<string, CaseView>();
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        RunnerApp.ConfigureJson(options);
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var tasks = codes.ToDictionary(c => c, c => context.AddTask(c, maxValue: 1));
                while (!cancellationToken.IsCancellationRequested)
                {
                    foreach (var code in codes)
                    {
                        var view = await http.GetFromJsonAsync<CaseView>($"/api/cases/{code}", options, cancellationToken);
                        views[code] = view!;
                        var task = tasks[code];
                        task.MaxValue = view!.Progress.Total;
                        task.Value = view.Progress.Done;
                        var waiting = view.Steps.Count(s => s.Status == StepStatus.WaitingForPerson);
                        var retrying = view.Steps.Count(s => s.Status == StepStatus.FailedWillRetry);
                        task.Description = $"{code} {view.BundleId,-13} {Describe(view.Status)}{(retrying > 0 ? $" · {retrying} retrying" : string.Empty)}{(waiting > 0 ? $" · {waiting} waiting for a person" : string.Empty)}";
                        if (view.Status != CaseStatus.Running)
                        {
                            task.Value = task.MaxValue;
                        }
                    }

                    if (views.Values.All(v => v.Status != CaseStatus.Running))
                    {
                        break;
                    }

                    await Task.Delay(500, cancellationToken);
                }
            });
        return [.. codes.Select(c => views[c])];
    }

    private static string Describe(CaseStatus status) => status switch
    {
        CaseStatus.Completed => "办结 completed",
        CaseStatus.WaitingForPerson => "待人工 waiting",
        CaseStatus.Cancelled => "已撤销 cancelled",
        _ => "办理中 running",
    };

    private static void PrintSummary(List<CaseView> cases)
    {
        string[] headlines = ["childIdNumber", "retirementApprovalNo", "creditCode"];
        var table = new Table().Title("Cases").AddColumns("case", "bundle", "status", "steps", "attempts", "key result (masked)");
        foreach (var view in cases)
        {
            var headline = view.Steps
                .SelectMany(s => s.Outputs ?? new Dictionary<string, string?>())
                .FirstOrDefault(o => headlines.Contains(o.Key));
            var skipped = view.Steps.Count(s => s.Status == StepStatus.Skipped);
            table.AddRow(
                view.Code, view.BundleId, Describe(view.Status),
                $"{view.Steps.Count(s => s.Status == StepStatus.Succeeded)} done{(skipped > 0 ? $", {skipped} skipped" : string.Empty)} / {view.Steps.Count}",
                view.Steps.Sum(s => s.Attempt).ToString(CultureInfo.InvariantCulture),
                headline.Key is null ? string.Empty : Markup.Escape($"{headline.Key}={PersonalDataMasker.MaskValue(headline.Key, headline.Value)}"));
        }

        AnsiConsole.Write(table);
    }

    private static void PrintWhereToLook(string address, List<(ApiUser User, string Key)> users, string dataDirectory)
    {
        var table = new Table().Title("Where to look").AddColumns("what", "where");
        table.AddRow("API", address + "/api/cases");
        table.AddRow("OpenAPI document", address + "/openapi/v1.json");
        foreach (var (user, key) in users)
        {
            table.AddRow($"{user.Role} user {user.Name}", $"X-Api-Key: {key}");
        }

        table.AddRow("database", Path.Combine(dataDirectory, "rpa.db"));
        table.AddRow("logs (JSON, personal data masked)", Path.Combine(dataDirectory, "logs"));
        table.AddRow("audit check", "./rpa audit verify --Database:ConnectionString=\"Data Source=" + Path.Combine(dataDirectory, "rpa.db") + "\"");
        AnsiConsole.Write(table);
    }
}
