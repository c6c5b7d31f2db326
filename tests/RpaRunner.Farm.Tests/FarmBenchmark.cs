using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using RpaRunner.Farm.Tests.Servers;
using RpaRunner.Runner.Demo;
using RpaRunner.Workflows.Engine;
using Xunit.Abstractions;

namespace RpaRunner.Farm.Tests;

/// <summary>Runs only with RPA_FARM_BENCH=1: the farm benchmark is minutes of load, not a test.</summary>
public sealed class FarmBenchFactAttribute : FactAttribute
{
    public FarmBenchFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("RPA_FARM_BENCH") != "1")
        {
            Skip = "farm benchmark: set RPA_FARM_BENCH=1 (writes ops/bench/results/farm.md)";
        }
    }
}

/// <summary>
/// Steps per second and dispatch latency of a farm with 1, 2 and 3 workers, in one run on one machine: each round
/// gets a fresh database and virtual host, one orchestrator, the cases submitted first, then N workers started
/// and timed until every case is closed. Written to ops/bench/results/farm.md.
/// </summary>
[Collection(FarmCollection.Name)]
public sealed class FarmBenchmark(FarmServers servers, ITestOutputHelper output)
{
    [FarmBenchFact]
    public async Task StepsPerSecond_AndDispatchLatency_With1To3Workers()
    {
        var cases = int.TryParse(Environment.GetEnvironmentVariable("RPA_FARM_BENCH_CASES"), out var c) ? c : 60;
        var rows = new List<string>();
        foreach (var workers in new[] { 1, 2, 3 })
        {
            var row = await RoundAsync(workers, cases);
            output.WriteLine(row);
            rows.Add(row);
        }

        var text = new StringBuilder();
        text.AppendLine("# Farm benchmark");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Measured {DateTimeOffset.UtcNow:yyyy-MM-dd} on this project's machine ({Environment.ProcessorCount} cores, shared), in one run:");
        text.AppendLine("PostgreSQL and RabbitMQ as private local servers, one orchestrator and N workers as separate processes");
        text.AppendLine(CultureInfo.InvariantCulture, $"on loopback, {cases} cases (newborn, retirement, company-setup in turn) submitted before the workers start,");
        text.AppendLine("simulated department systems with 200 ms per action, 4 sessions per pool per worker (web and desktop-linux).");
        text.AppendLine("Read the ratios between rows; absolute numbers depend on the machine and what else runs on it.");
        text.AppendLine();
        text.AppendLine("Command:");
        text.AppendLine();
        text.AppendLine("```bash");
        text.AppendLine(CultureInfo.InvariantCulture, $"RPA_FARM_BENCH=1 RPA_FARM_BENCH_CASES={cases} dotnet test tests/RpaRunner.Farm.Tests -c Release --filter FarmBenchmark");
        text.AppendLine("```");
        text.AppendLine();
        text.AppendLine("| workers | steps | wall time | steps/s | ratio to 1 worker | ready→dispatched p50 / p95 | dispatched→taken by a bot p50 / p95 |");
        text.AppendLine("|---|---|---|---|---|---|---|");
        var baseline = double.Parse(rows[0].Split('|')[4], CultureInfo.InvariantCulture);
        foreach (var row in rows)
        {
            var cells = row.Split('|');
            var rate = double.Parse(cells[4], CultureInfo.InvariantCulture);
            text.AppendLine(CultureInfo.InvariantCulture, $"|{cells[1]}|{cells[2]}|{cells[3]} s|{cells[4]}|{rate / baseline:0.00}×|{cells[5]}|{cells[6]}|");
        }

        var file = Path.Combine(RepositoryRoot(), "ops", "bench", "results", "farm.md");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllTextAsync(file, text.ToString());
        output.WriteLine(text.ToString());
    }

    private async Task<string> RoundAsync(int workers, int cases)
    {
        await using var cluster = await FarmCluster.CreateAsync(servers, $"bench{workers}",
        [
            "--Simulation:MinLatency=00:00:00.200",
            "--Simulation:MaxLatency=00:00:00.200",
            "--Engine:LeaseDuration=00:00:30",
            "--Engine:DispatchTimeout=00:10:00",
        ]);
        var orchestrator = await cluster.StartOrchestratorAsync();
        using var clerk = FarmCluster.Clerk(orchestrator);
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        var bundles = new[] { "newborn", "retirement", "company-setup" };
        for (var i = 0; i < cases; i++)
        {
            await FarmCluster.SubmitAsync(clerk, bundles[i % 3], SampleApplications.For(bundles[i % 3], i / 3, today));
        }

        await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => cluster.StartWorkerAsync()));
        var workersUp = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        await FarmAssertions.WaitUntilAllCasesCloseAsync(cluster.ConnectionString, cases, TimeSpan.FromMinutes(20));
        clock.Stop();
        await using var db = FarmDatabase.Context(cluster.ConnectionString);
        var steps = await db.Steps.CountAsync(s => s.Status == StepStatus.Succeeded);
        var events = await db.AuditEvents.Where(a => a.Kind == "step.ready" || a.Kind == "step.dispatched" || a.Kind == "step.started")
            .Select(a => new { a.Kind, a.CaseCode, a.StepId, a.At }).ToListAsync();
        var byStep = events.GroupBy(e => (e.CaseCode, e.StepId)).ToList();
        var toDispatch = new List<double>();
        var toTaken = new List<double>();
        foreach (var step in byStep)
        {
            var ready = step.Where(e => e.Kind == "step.ready").Select(e => e.At).DefaultIfEmpty().Min();
            var dispatched = step.Where(e => e.Kind == "step.dispatched").Select(e => e.At).DefaultIfEmpty().Min();
            var taken = step.Where(e => e.Kind == "step.started").Select(e => e.At).DefaultIfEmpty().Min();
            if (ready != default && dispatched != default && taken != default && ready >= workersUp)
            {
                // Only steps made ready while the workers ran (later steps of each case): no start-up in the figures.
                toDispatch.Add((dispatched - ready).TotalMilliseconds);
                toTaken.Add((taken - dispatched).TotalMilliseconds);
            }
        }

        var rate = steps / clock.Elapsed.TotalSeconds;
        return string.Create(CultureInfo.InvariantCulture,
            $"| {workers} |{steps}|{clock.Elapsed.TotalSeconds:0.0}|{rate:0.0}|{P(toDispatch, 0.5)} / {P(toDispatch, 0.95)}|{P(toTaken, 0.5)} / {P(toTaken, 0.95)}|");
    }

    private static string P(List<double> values, double quantile)
    {
        if (values.Count == 0)
        {
            return "–";
        }

        var sorted = values.Order().ToList();
        var ms = sorted[(int)Math.Min(sorted.Count - 1, Math.Floor(quantile * sorted.Count))];
        return ms >= 1000 ? string.Create(CultureInfo.InvariantCulture, $"{ms / 1000:0.0} s") : string.Create(CultureInfo.InvariantCulture, $"{ms:0} ms");
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "RpaRunner.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("RpaRunner.sln not found above the test output.");
    }
}
