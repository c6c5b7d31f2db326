using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using RpaRunner.Bench.Peers;
using RpaRunner.Farm.Tests.Servers;
using RpaRunner.Runner.Demo;
using RpaRunner.Workflows.Engine;

namespace RpaRunner.Farm.Tests;

/// <summary>What one timed farm round measured.</summary>
/// <param name="Wall">From the workers being up until the poll that saw every case closed (polls every 0.5 s).</param>
/// <param name="ToLastClose">From the workers being up until the last case's recorded close: no polling in it.</param>
/// <param name="ToDispatch">Ready → dispatched of each step made ready while the workers ran, in milliseconds.</param>
/// <param name="ToTaken">Dispatched → taken by a bot (step.started) of the same steps, in milliseconds.</param>
/// <param name="MiddleHalfRate">Steps per second over the middle half of the steps (by their step.succeeded time): start-up and tail left out.</param>
/// <param name="Attempts">Attempts of all steps: more than the steps when some failed and ran again.</param>
public sealed record FarmRoundResult(int Workers, int Steps, int Attempts, TimeSpan Wall, TimeSpan ToLastClose, double MiddleHalfRate, List<double> ToDispatch, List<double> ToTaken)
{
    public double StepsPerSecond => Steps / Wall.TotalSeconds;

    public double StepsPerSecondToLastClose => Steps / ToLastClose.TotalSeconds;

    /// <summary>Ready → taken by a bot, in milliseconds (dispatch and transport together).</summary>
    public List<double> ToStarted => [.. ToDispatch.Zip(ToTaken, (a, b) => a + b)];
}

/// <summary>Timed farm rounds for the benchmarks: a fresh database and virtual host, the cases submitted first, then N workers.</summary>
public static class FarmRounds
{
    public static readonly string[] Bundles = ["newborn", "retirement", "company-setup"];

    /// <summary>
    /// Settings of a benchmark round whose simulated systems take <paramref name="action"/> per action. A round
    /// without action latency gives each worker its own record store (a path relative to the node's data folder) and
    /// records no sessions, so the workers do not wait on one SQLite file shared between processes.
    /// </summary>
    public static List<string> Settings(TimeSpan action)
    {
        var latency = action.ToString("c", CultureInfo.InvariantCulture);
        List<string> noOp = action == TimeSpan.Zero ? ["--Simulation:StorePath=simulated-systems.db", "--Simulation:RecordSessions=false"] : [];
        return
        [
            .. noOp,
            $"--Simulation:MinLatency={latency}",
            $"--Simulation:MaxLatency={latency}",
            "--Engine:LeaseDuration=00:00:30",
            "--Engine:DispatchTimeout=00:10:00",
        ];
    }

    /// <summary>One orchestrator; <paramref name="cases"/> cases of the three bundles in turn submitted; then <paramref name="workers"/> workers, timed until every case is closed.</summary>
    public static async Task<FarmRoundResult> RunAsync(FarmServers servers, string name, int workers, int cases, IEnumerable<string> settings)
    {
        await using var cluster = await FarmCluster.CreateAsync(servers, name, settings);
        var orchestrator = await cluster.StartOrchestratorAsync();
        using var clerk = FarmCluster.Clerk(orchestrator);
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        for (var i = 0; i < cases; i++)
        {
            await FarmCluster.SubmitAsync(clerk, Bundles[i % 3], SampleApplications.For(Bundles[i % 3], i / 3, today));
        }

        await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => cluster.StartWorkerAsync()));
        var workersUp = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        await FarmAssertions.WaitUntilAllCasesCloseAsync(cluster.ConnectionString, cases, TimeSpan.FromMinutes(20));
        clock.Stop();
        await using var db = FarmDatabase.Context(cluster.ConnectionString);
        var steps = await db.Steps.CountAsync(s => s.Status == StepStatus.Succeeded);
        var attempts = await db.Attempts.CountAsync();
        var lastClose = (await db.Cases.Select(c => c.ClosedAt).ToListAsync()).Max() ?? DateTimeOffset.UtcNow;
        var succeeded = await db.AuditEvents.Where(a => a.Kind == "step.succeeded").Select(a => a.At).ToListAsync();
        var middleHalf = PeerProgress.MiddleHalfRate([.. succeeded.Select(at => (at - workersUp).TotalSeconds)]);
        var (toDispatch, toTaken) = await LatenciesAsync(cluster.ConnectionString, workersUp);
        return new FarmRoundResult(workers, steps, attempts, clock.Elapsed, lastClose - workersUp, middleHalf, toDispatch, toTaken);
    }

    /// <summary>Ready → dispatched and dispatched → taken of each step made ready at or after <paramref name="from"/>, from the audit trail.</summary>
    public static async Task<(List<double> ToDispatch, List<double> ToTaken)> LatenciesAsync(string connectionString, DateTimeOffset from)
    {
        await using var db = FarmDatabase.Context(connectionString);
        var events = await db.AuditEvents.Where(a => a.At >= from && (a.Kind == "step.ready" || a.Kind == "step.dispatched" || a.Kind == "step.started"))
            .Select(a => new { a.Kind, a.CaseCode, a.StepId, a.At }).ToListAsync();
        var toDispatch = new List<double>();
        var toTaken = new List<double>();
        foreach (var step in events.GroupBy(e => (e.CaseCode, e.StepId)))
        {
            var ready = step.Where(e => e.Kind == "step.ready").Select(e => e.At).DefaultIfEmpty().Min();
            var dispatched = step.Where(e => e.Kind == "step.dispatched").Select(e => e.At).DefaultIfEmpty().Min();
            var taken = step.Where(e => e.Kind == "step.started").Select(e => e.At).DefaultIfEmpty().Min();
            if (ready != default && dispatched != default && taken != default)
            {
                // Only steps made ready while the workers ran (later steps of each case): no start-up in the figures.
                toDispatch.Add((dispatched - ready).TotalMilliseconds);
                toTaken.Add((taken - dispatched).TotalMilliseconds);
            }
        }

        return (toDispatch, toTaken);
    }

    /// <summary>The value at <paramref name="quantile"/> of <paramref name="values"/>, in milliseconds; NaN when there are none.</summary>
    public static double Quantile(List<double> values, double quantile)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToList();
        return sorted[(int)Math.Min(sorted.Count - 1, Math.Floor(quantile * sorted.Count))];
    }

    /// <summary>A quantile as the results pages print it: "38 ms", "8.4 s", "–".</summary>
    public static string P(List<double> values, double quantile)
    {
        var ms = Quantile(values, quantile);
        return double.IsNaN(ms) ? "–"
            : ms >= 1000 ? string.Create(CultureInfo.InvariantCulture, $"{ms / 1000:0.0} s")
            : string.Create(CultureInfo.InvariantCulture, $"{ms:0} ms");
    }

    public static async Task WriteResultsAsync(string fileName, string text)
    {
        var file = Path.Combine(RepositoryRoot(), "ops", "bench", "results", fileName);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllTextAsync(file, text);
    }

    /// <summary>A run's table, written to ops/bench/results/last-run/ (not tracked) to be copied into the results page.</summary>
    public static Task WriteLastRunAsync(string fileName, string text) => WriteResultsAsync(Path.Combine("last-run", fileName), text);

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
