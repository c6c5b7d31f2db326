using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RpaRunner.Runner.Demo;
using RpaRunner.Runner.Tests.TestSupport;
using RpaRunner.Workflows.Engine;
using RpaRunner.Workflows.Engine.Storage;
using Xunit.Abstractions;

namespace RpaRunner.Runner.Tests.EndToEnd;

/// <summary>
/// A night's batch arriving at once on the embedded runner: far more ready steps than bot sessions. The
/// dispatcher must hand each pool only what its bots can take, so no step waits in a queue until its dispatch
/// times out, is "not taken" and dispatched again.
/// </summary>
[Collection(RunsAloneCollection.Name)]
public sealed class DispatchBackpressureTests(ITestOutputHelper output)
{
    private const int Cases = 200;
    private const int SessionsPerPool = 4;

    [Fact]
    public async Task ABatchOf200Cases_WithFourSessionsPerPool_RunsEveryStepOnce_WithoutRequeues()
    {
        // A dispatch timeout of 5 s: long for a step that waits behind a few others (each takes 10–30 ms), far too
        // short for a queue that holds the whole batch.
        await using var runner = await RunnerFixture.StartAsync(
            null,
            $"--Bots:ConcurrencyPerPool={SessionsPerPool}",
            "--Simulation:MinLatency=00:00:00.010",
            "--Simulation:MaxLatency=00:00:00.030",
            "--Engine:DispatchTimeout=00:00:05");
        var engine = runner.Services.GetRequiredService<CaseEngine>();
        var queries = runner.Services.GetRequiredService<CaseQueries>();
        var dbFactory = runner.Services.GetRequiredService<IDbContextFactory<EngineDbContext>>();
        string[] bundles = ["newborn", "retirement", "company-setup"];
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < Cases; i++)
        {
            var bundle = bundles[i % bundles.Length];
            await engine.SubmitAsync(new SubmitCase(bundle, SampleApplications.For(bundle, i, engine.Today), "clerk1"));
        }

        output.WriteLine($"submitted {Cases} cases in {clock.Elapsed.TotalSeconds:0.0} s");

        // Let the batch finish, watching how many steps of each pool are in flight (queued for a bot or being run).
        var maxInFlight = new Dictionary<string, int>(StringComparer.Ordinal);
        // The deadline leaves room for a machine busy with other work; the assertions below are what matters.
        var deadline = clock.Elapsed + TimeSpan.FromSeconds(240);
        while (true)
        {
            var counts = await queries.CountByStatusAsync();
            Assert.Equal(0, counts.GetValueOrDefault(CaseStatus.WaitingForPerson));
            if (counts.GetValueOrDefault(CaseStatus.Completed) == Cases)
            {
                break;
            }

            Assert.True(clock.Elapsed < deadline, $"the batch did not finish in time: {string.Join(", ", counts)}");
            await using (var db = await dbFactory.CreateDbContextAsync())
            {
                var inFlight = await db.Steps.Where(s => s.Status == StepStatus.Running)
                    .GroupBy(s => s.Pool).Select(g => new { Pool = g.Key, Count = g.Count() }).ToListAsync();
                foreach (var pool in inFlight)
                {
                    maxInFlight[pool.Pool] = Math.Max(maxInFlight.GetValueOrDefault(pool.Pool), pool.Count);
                }
            }

            await Task.Delay(50);
        }

        output.WriteLine($"all {Cases} cases completed in {clock.Elapsed.TotalSeconds:0.0} s; most steps in flight per pool: {string.Join(", ", maxInFlight)}");
        await using var check = await dbFactory.CreateDbContextAsync();
        var steps = await check.Steps.AsNoTracking().Select(s => new { s.Id, s.Status, s.Attempt }).ToListAsync();
        var attempts = await check.Attempts.AsNoTracking().Select(a => new { a.StepRecordId, a.Outcome }).ToListAsync();
        var notTaken = attempts.Count(a => a.Outcome == "not-taken");
        var requeued = await check.AuditEvents.CountAsync(a => a.Kind == "step.requeued");
        output.WriteLine($"{steps.Count} steps ({steps.Count(s => s.Status == StepStatus.Skipped)} skipped by their conditions), {attempts.Count} attempts ({notTaken} not taken), {requeued} step.requeued audit rows");

        // Each pool had no more in flight than its bots' sessions and the small allowance, and used its sessions.
        var limit = runner.Services.GetRequiredService<IOptions<EngineOptions>>().Value.CapacityOf(SessionsPerPool).InFlightLimit;
        Assert.All(maxInFlight, p => Assert.InRange(p.Value, 1, limit));
        Assert.InRange(maxInFlight.GetValueOrDefault("web"), SessionsPerPool, limit);

        Assert.Equal(0, notTaken);
        Assert.Equal(0, requeued);
        Assert.All(steps, s => Assert.True(s.Status is StepStatus.Succeeded or StepStatus.Skipped, $"step {s.Id} is {s.Status}"));

        // The attempt counter of each step is the number of times a bot really ran it (once: nothing failed).
        var real = attempts.Where(a => a.Outcome != "not-taken").GroupBy(a => a.StepRecordId).ToDictionary(g => g.Key, g => g.Count());
        Assert.All(steps, s => Assert.Equal(real.GetValueOrDefault(s.Id), s.Attempt));
        Assert.All(steps.Where(s => s.Status == StepStatus.Succeeded), s => Assert.Equal(1, s.Attempt));
    }
}
