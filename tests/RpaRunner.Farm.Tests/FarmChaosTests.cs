using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using RpaRunner.Farm.Tests.Servers;
using RpaRunner.Runner.Demo;
using RpaRunner.Workflows.Engine;
using Xunit.Abstractions;

namespace RpaRunner.Farm.Tests;

/// <summary>
/// One orchestrator and three workers (separate processes on loopback, PostgreSQL, RabbitMQ) process a batch of
/// cases while random nodes are killed with SIGKILL and started again. Every case completes with exactly one
/// record per matter; the tax system, closed for the first minute, is not touched before it opens and its steps
/// then resume; the public-security system's limit of two sessions holds across the farm.
/// </summary>
[Collection(FarmCollection.Name)]
public sealed class FarmChaosTests(FarmServers servers, ITestOutputHelper output)
{
    private const string LimitedSystem = "gongan";
    private const int SessionLimit = 2;
    private const string ClosedSystem = "shuiwu";

    [Fact]
    public async Task Batch_WithNodesKilledAndRestarted_CompletesEveryCase_OncePerMatter_WithinLimitsAndHours()
    {
        var cases = int.TryParse(Environment.GetEnvironmentVariable("RPA_SOAK_CASES"), out var n) && Environment.GetEnvironmentVariable("RPA_SOAK") == "1" ? n : 200;
        var seed = Environment.TickCount;
        var random = new Random(seed);
        output.WriteLine($"{cases} cases, seed {seed}");
        await using var cluster = await FarmCluster.CreateAsync(servers, "chaos",
        [
            "--Simulation:MinLatency=00:00:00.030",
            "--Simulation:MaxLatency=00:00:00.120",
            $"--DepartmentSystems:{LimitedSystem}:MaxSessions={SessionLimit}",
            Closure(DateTimeOffset.UtcNow.AddDays(1)),
        ]);
        try
        {
            await RunAsync(cluster, cases, random);
        }
        catch
        {
            foreach (var node in cluster.Nodes)
            {
                output.WriteLine($"── {node} ──\n{node.Output}");
            }

            throw;
        }
    }

    /// <summary>The tax system is closed (a cutover) from an hour ago until <paramref name="end"/>.</summary>
    private static string Closure(DateTimeOffset end) =>
        $"--Systems:{ClosedSystem}:Closures:0={DateTimeOffset.UtcNow.AddHours(-1):yyyy-MM-ddTHH:mm:ssZ}/{end:yyyy-MM-ddTHH:mm:ssZ}";

    private async Task RunAsync(FarmCluster cluster, int cases, Random random)
    {
        var started = DateTimeOffset.UtcNow;
        var orchestrator = await cluster.StartOrchestratorAsync();
        using var clerk = FarmCluster.Clerk(orchestrator);
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        var bundles = new[] { "newborn", "retirement", "company-setup" };
        var submissions = Enumerable.Range(0, cases).Select(i => (Bundle: bundles[i % 3], Index: i / 3)).ToList();
        await Parallel.ForEachAsync(submissions, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (s, _) =>
            await FarmCluster.SubmitAsync(clerk, s.Bundle, SampleApplications.For(s.Bundle, s.Index, today)));
        output.WriteLine($"submitted {cases} cases at +{(DateTimeOffset.UtcNow - started).TotalSeconds:0.0}s");
        await Task.WhenAll(cluster.StartWorkerAsync(), cluster.StartWorkerAsync(), cluster.StartWorkerAsync());
        output.WriteLine($"workers up at +{(DateTimeOffset.UtcNow - started).TotalSeconds:0.0}s");

        // While the tax system is closed its ready steps wait, and say why.
        var waiting = await WaitForReadyStepOfAsync(cluster.ConnectionString, ClosedSystem, DateTimeOffset.UtcNow.AddMinutes(3));
        var view = await clerk.GetFromJsonAsync<JsonNode>($"/api/cases/{waiting}");
        var step = view!["steps"]!.AsArray().First(s => s!["system"]!.GetValue<string>() == ClosedSystem && s["status"]!.GetValue<string>() == "ready");
        Assert.Contains("outside the service hours of shuiwu", step!["waiting"]!.GetValue<string>(), StringComparison.Ordinal);

        // The cutover is cut short: the orchestrator is killed and comes back with the tax system opening in 20 seconds.
        // Closures are written to the second, so the test's own moment is cut to the second as well.
        var opensAt = DateTimeOffset.UtcNow.AddSeconds(20);
        opensAt = opensAt.AddTicks(-(opensAt.Ticks % TimeSpan.TicksPerSecond));
        orchestrator.Kill();
        orchestrator.Overrides.Add(Closure(opensAt));
        await orchestrator.StartAsync();
        output.WriteLine($"{ClosedSystem} opens at {opensAt:O} (+{(opensAt - started).TotalSeconds:0.0}s)");

        // Chaos: kill a random node every few seconds (a worker and an orchestrator among the first two), start it again.
        var kills = new List<string> { orchestrator.ToString() };
        var maxKills = Environment.GetEnvironmentVariable("RPA_SOAK") == "1" ? 60 : 10;
        var nextKill = DateTimeOffset.UtcNow.AddSeconds(2);
        await FarmAssertions.WaitUntilAllCasesCloseAsync(cluster.ConnectionString, cases, TimeSpan.FromMinutes(Environment.GetEnvironmentVariable("RPA_SOAK") == "1" ? 60 : 5), async () =>
        {
            if (kills.Count < maxKills && DateTimeOffset.UtcNow >= nextKill)
            {
                var victim = kills.Count == 1 ? cluster.Workers.ElementAt(random.Next(3)) : cluster.Nodes[random.Next(cluster.Nodes.Count)];
                victim.Kill();
                kills.Add(victim.ToString());
                await Task.Delay(random.Next(300, 1500));
                await victim.StartAsync();
                nextKill = DateTimeOffset.UtcNow.AddSeconds(random.Next(3, 7));
            }
            else
            {
                await Task.Delay(300);
            }
        });
        output.WriteLine($"all closed at +{(DateTimeOffset.UtcNow - started).TotalSeconds:0.0}s; kills: {string.Join(", ", kills)}");
        Assert.Contains(kills, k => k.StartsWith("orchestrator", StringComparison.Ordinal));
        Assert.Contains(kills, k => k.StartsWith("worker", StringComparison.Ordinal));

        await FarmAssertions.EveryCaseCompletedWithOneRecordPerMatterAsync(cluster);
        // The limit holds as the department system itself saw its robot sessions, and in the engine's records.
        var seen = FarmAssertions.PeakSessionsSeenBySystem(cluster, LimitedSystem);
        var recorded = await FarmAssertions.PeakSessionsAsync(cluster.ConnectionString, LimitedSystem);
        output.WriteLine($"peak sessions of {LimitedSystem}: {seen} seen by the system, {recorded} in the engine's attempts (limit {SessionLimit})");
        if (recorded > SessionLimit)
        {
            output.WriteLine(await FarmAssertions.BusiestAttemptsAsync(cluster.ConnectionString, LimitedSystem));
        }

        Assert.InRange(seen, 1, SessionLimit);
        Assert.InRange(recorded, 1, SessionLimit);

        // Nothing touched the tax system before it opened, and its steps ran after.
        await using var db = FarmDatabase.Context(cluster.ConnectionString);
        var taxKeys = await db.Steps.Where(s => s.System == ClosedSystem).Select(s => s.IdempotencyKey).ToListAsync();
        var firstDispatch = await (from a in db.Attempts join s in db.Steps on a.StepRecordId equals s.Id where s.System == ClosedSystem select a.DispatchedAt).MinAsync();
        Assert.True(firstDispatch >= opensAt, $"a {ClosedSystem} step was dispatched at {firstDispatch:O}, before it opened at {opensAt:O}");
        var firstTouch = FirstJournalEntry(cluster.StorePath, taxKeys);
        Assert.True(firstTouch >= opensAt, $"the {ClosedSystem} system was touched at {firstTouch:O}, before it opened at {opensAt:O}");
        Assert.NotEmpty(taxKeys);
        output.WriteLine($"{ClosedSystem}: {taxKeys.Count} steps, first dispatch {firstDispatch:O}, first touch {firstTouch:O}");
    }

    private static async Task<string> WaitForReadyStepOfAsync(string connectionString, string system, DateTimeOffset before)
    {
        while (DateTimeOffset.UtcNow < before)
        {
            await using var db = FarmDatabase.Context(connectionString);
            var code = await db.Steps.Where(s => s.System == system && s.Status == StepStatus.Ready).Select(s => s.Case!.Code).FirstOrDefaultAsync();
            if (code is not null)
            {
                return code;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"No {system} step became ready before {before:O}; the test needs more time before the system opens.");
    }

    private static DateTimeOffset FirstJournalEntry(string storePath, List<string> keys)
    {
        using var connection = new SqliteConnection($"Data Source={storePath}");
        connection.Open();
        var first = DateTimeOffset.MaxValue;
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT idempotency_key, at FROM journal";
        using var reader = command.ExecuteReader();
        var set = keys.ToHashSet(StringComparer.Ordinal);
        while (reader.Read())
        {
            if (set.Contains(reader.GetString(0)))
            {
                var at = DateTimeOffset.Parse(reader.GetString(1), CultureInfo.InvariantCulture);
                first = at < first ? at : first;
            }
        }

        return first;
    }
}
