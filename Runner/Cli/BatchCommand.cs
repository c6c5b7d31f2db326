using System.CommandLine;
using RpaRunner.Runner.Batch;
using RpaRunner.Runner.Demo;
using RpaRunner.Runner.Hosting;
using RpaRunner.Workflows.Catalog;
using RpaRunner.Workflows.Engine;
using Spectre.Console;

namespace RpaRunner.Runner.Cli;

/// <summary><c>rpa batch</c>: the overnight batch on one machine — a file of cases through an embedded runner, with a progress bar and a summary.</summary>
public static class BatchCommand
{
    public static Command Create()
    {
        var bundle = new Option<string>("--bundle") { Description = "The bundle of every case in the file.", Required = true };
        var file = new Option<FileInfo>("--file") { Description = "Cases: a .json array of forms, or a .csv with section.field columns.", Required = true };
        var sandbox = new Option<bool>("--sandbox") { Description = "Start the sandbox department systems beside the runner and enter the cases there." };
        var command = new Command("batch", "Process a file of cases on this machine and report what became of each.") { bundle, file, sandbox };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((parse, cancellationToken) => RunAsync(parse.GetValue(bundle)!, parse.GetValue(file)!, parse.GetValue(sandbox), [.. parse.UnmatchedTokens], cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string bundleId, FileInfo file, bool withSandbox, string[] extraArgs, CancellationToken cancellationToken)
    {
        if (!file.Exists)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]No such file: {file.FullName}[/]");
            return 2;
        }

        var dataDirectory = Path.GetFullPath("data");
        await using var sandbox = withSandbox ? await SandboxBeside.StartAsync(Path.Combine(dataDirectory, "sandbox"), cancellationToken) : null;
        var builder = RunnerApp.CreateBuilder([.. sandbox?.RunnerArgs() ?? [], "--urls", "http://127.0.0.1:0", "--Serilog:MinimumLevel:Default=Warning", .. extraArgs]);
        builder.AddRunner();
        await using var app = builder.Build();
        app.MapRunner();
        await app.InitializeAsync(cancellationToken);
        await app.StartAsync(cancellationToken);

        var engine = app.Services.GetRequiredService<CaseEngine>();
        var definition = engine.Bundles.Find(bundleId);
        if (definition is null)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]Unknown bundle '{bundleId}'.[/]");
            return 2;
        }

        List<BatchRow> rows;
        try
        {
            rows = BatchFile.Read(file.FullName, definition.Form);
        }
        catch (Exception ex) when (ex is InvalidDataException or System.Text.Json.JsonException)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]{file.Name} cannot be read: {ex.Message}[/]");
            return 2;
        }

        var submission = await new BatchRun(engine).SubmitAsync(bundleId, rows, $"batch:{Environment.UserName}", cancellationToken);
        foreach (var (line, problem) in submission.Rejected)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]line {line} refused, not stored:[/] {problem}");
        }

        AnsiConsole.MarkupLineInterpolated($"{submission.CaseCodes.Count} case(s) accepted, {submission.Rejected.Count} refused.");
        var cases = await CaseProgress.FollowBatchAsync(app.Services.GetRequiredService<CaseQueries>(), submission.CaseCodes, bundleId, cancellationToken);
        CaseProgress.PrintSummary(cases, app.Services.GetRequiredService<BundleCatalog>());
        var completed = cases.Count(c => c.Status == CaseStatus.Completed);
        var waiting = cases.Count(c => c.Status is CaseStatus.WaitingForPerson or CaseStatus.WaitingForApplicant);
        AnsiConsole.MarkupLineInterpolated($"[bold]{completed} completed, {waiting} waiting for a person or the applicant, {submission.Rejected.Count} refused[/] (of {rows.Count} rows).");
        await app.StopAsync(CancellationToken.None);
        return submission.Rejected.Count > 0 ? 1 : waiting > 0 ? 3 : 0;
    }
}
