using System.Globalization;
using System.Text;
using RpaRunner.Farm.Tests.Servers;
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

        await FarmRounds.WriteResultsAsync("farm.md", text.ToString());
        output.WriteLine(text.ToString());
    }

    private async Task<string> RoundAsync(int workers, int cases)
    {
        var round = await FarmRounds.RunAsync(servers, $"bench{workers}", workers, cases, FarmRounds.Settings(TimeSpan.FromMilliseconds(200)));
        return string.Create(CultureInfo.InvariantCulture,
            $"| {workers} |{round.Steps}|{round.Wall.TotalSeconds:0.0}|{round.StepsPerSecond:0.0}|{FarmRounds.P(round.ToDispatch, 0.5)} / {FarmRounds.P(round.ToDispatch, 0.95)}|{FarmRounds.P(round.ToTaken, 0.5)} / {FarmRounds.P(round.ToTaken, 0.95)}|");
    }
}
