using System.Globalization;
using System.Text;
using RpaRunner.Bench.Peers;
using RpaRunner.Farm.Tests.Servers;
using Xunit.Abstractions;

namespace RpaRunner.Farm.Tests;

/// <summary>
/// RpaRunner beside two peer schedulers on the same PostgreSQL server, in one run: the farm (one orchestrator,
/// three worker processes, simulated systems without latency) and then Quartz.NET clustered and Hangfire, each with
/// three nodes of eight threads (a worker runs 4 sessions in each of its 2 pools), running the same cases' step
/// graphs with no-op jobs. Written to ops/bench/results/peers.md. Runs only with RPA_FARM_BENCH=1.
/// </summary>
[Collection(FarmCollection.Name)]
public sealed class PeerBenchmark(FarmServers servers, ITestOutputHelper output)
{
    private const int Nodes = 3;
    private const int ThreadsPerNode = 8;

    [FarmBenchFact]
    public async Task StepsPerSecond_OfRpaRunnerQuartzAndHangfire_OnOnePostgres()
    {
        var cases = int.TryParse(Environment.GetEnvironmentVariable("RPA_FARM_BENCH_CASES"), out var c) ? c : 90;
        var timeout = TimeSpan.FromMinutes(20);
        var engine = await FarmRounds.RunAsync(servers, "peers", Nodes, cases, FarmRounds.Settings(TimeSpan.Zero));
        output.WriteLine($"RpaRunner: {engine.Steps} steps in {engine.ToLastClose.TotalSeconds:0.0} s");
        var quartz = await QuartzPeer.RunAsync(await servers.Postgres.CreateDatabaseAsync($"quartz_{Guid.NewGuid():N}"[..30]), cases, Nodes, ThreadsPerNode, timeout);
        output.WriteLine($"Quartz.NET: {quartz.Jobs} jobs in {quartz.Wall.TotalSeconds:0.0} s");
        var hangfire = await HangfirePeer.RunAsync(await servers.Postgres.CreateDatabaseAsync($"hangfire_{Guid.NewGuid():N}"[..30]), cases, Nodes, ThreadsPerNode, timeout);
        output.WriteLine($"Hangfire: {hangfire.Jobs} jobs in {hangfire.Wall.TotalSeconds:0.0} s");

        var rate = engine.StepsPerSecondToLastClose;
        var better = Math.Max(quartz.JobsPerSecond, hangfire.JobsPerSecond);
        var betterMiddle = Math.Max(quartz.MiddleHalfRate, hangfire.MiddleHalfRate);
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Measured {DateTimeOffset.UtcNow:yyyy-MM-dd}, {Environment.ProcessorCount} cores, load average at the end {LoadAverage()}; {cases} cases (newborn, retirement, company-setup in turn).");
        text.AppendLine();
        text.AppendLine("| system | steps (jobs) | attempts | nodes × concurrency | wall time | steps/s | RpaRunner ÷ this | middle half steps/s | RpaRunner ÷ this | ready→dispatched p50 / p95 | dispatched→taken p50 / p95 |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        text.AppendLine(CultureInfo.InvariantCulture, $"| RpaRunner (orchestrator + {Nodes} worker processes, RabbitMQ) | {engine.Steps} | {engine.Attempts} | {Nodes} × {ThreadsPerNode} | {engine.ToLastClose.TotalSeconds:0.0} s | {rate:0.0} | 1.00 | {engine.MiddleHalfRate:0.0} | 1.00 | {FarmRounds.P(engine.ToDispatch, 0.5)} / {FarmRounds.P(engine.ToDispatch, 0.95)} | {FarmRounds.P(engine.ToTaken, 0.5)} / {FarmRounds.P(engine.ToTaken, 0.95)} |");
        foreach (var peer in new[] { quartz, hangfire })
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {peer.Peer} (in one process) | {peer.Jobs} | {peer.Jobs} | {peer.Nodes} × {peer.ThreadsPerNode} | {peer.Wall.TotalSeconds:0.0} s | {peer.JobsPerSecond:0.0} | {rate / peer.JobsPerSecond:0.00} | {peer.MiddleHalfRate:0.0} | {engine.MiddleHalfRate / peer.MiddleHalfRate:0.00} | – | – |");
        }

        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"RpaRunner ÷ better peer: **{rate / better:0.00}** end to end, **{engine.MiddleHalfRate / betterMiddle:0.00}** over the middle half.");
        output.WriteLine(text.ToString());
        await FarmRounds.WriteLastRunAsync("peers.md", text.ToString());
    }

    internal static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
