using Microsoft.EntityFrameworkCore;
using RpaRunner.Farm.Tests.Servers;
using RpaRunner.Runner.Demo;
using Xunit.Abstractions;

namespace RpaRunner.Farm.Tests;

/// <summary>Two orchestrators: exactly one leads; when it is killed the other takes over, Quartz runs clustered on
/// both, and the cases finish.</summary>
[Collection(FarmCollection.Name)]
public sealed class LeaderFailoverTests(FarmServers servers, ITestOutputHelper output)
{
    [Fact]
    public async Task KillingTheLeader_HandsDispatchToTheOtherOrchestrator_AndEveryCaseCompletes()
    {
        await using var cluster = await FarmCluster.CreateAsync(servers, "failover",
        [
            "--Simulation:MinLatency=00:00:00.300",
            "--Simulation:MaxLatency=00:00:00.600",
        ]);
        try
        {
            var first = await cluster.StartOrchestratorAsync();
            var second = await cluster.StartOrchestratorAsync();
            await cluster.StartWorkerAsync();
            var leader = await LeaderAsync(cluster);
            var follower = leader == first ? second : first;
            output.WriteLine($"leader: {leader}");

            using var clerk = FarmCluster.Clerk(follower);
            var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
            for (var i = 0; i < 12; i++)
            {
                var bundle = new[] { "newborn", "retirement", "company-setup" }[i % 3];
                await FarmCluster.SubmitAsync(clerk, bundle, SampleApplications.For(bundle, i / 3, today));
            }

            await Task.Delay(1500);
            leader.Kill();
            var next = await LeaderAsync(cluster);
            Assert.Same(follower, next);
            output.WriteLine($"new leader: {next}");
            await FarmAssertions.WaitUntilAllCasesCloseAsync(cluster.ConnectionString, 12, TimeSpan.FromMinutes(3));
            await FarmAssertions.EveryCaseCompletedWithOneRecordPerMatterAsync(cluster);

            // Quartz ran clustered: both orchestrators checked in to the same job store.
            await using var db = FarmDatabase.Context(cluster.ConnectionString);
            var instances = await db.Database.SqlQueryRaw<string>("SELECT instance_name AS \"Value\" FROM qrtz_scheduler_state").ToListAsync();
            output.WriteLine($"quartz instances: {string.Join(", ", instances)}");
            Assert.NotEmpty(instances);
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

    private static async Task<FarmNode> LeaderAsync(FarmCluster cluster)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
        while (DateTimeOffset.UtcNow < deadline)
        {
            foreach (var node in cluster.Orchestrators.Where(o => o.IsRunning))
            {
                if ((await node.StatusAsync())?["leader"]?.GetValue<bool>() == true)
                {
                    return node;
                }
            }

            await Task.Delay(250);
        }

        throw new TimeoutException("No orchestrator became the leader.");
    }
}
