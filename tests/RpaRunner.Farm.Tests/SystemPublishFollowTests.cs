using System.Net.Http.Json;
using System.Text.Json.Nodes;
using RpaRunner.Farm.Tests.Servers;
using RpaRunner.Tests.Shared;
using Xunit.Abstractions;

namespace RpaRunner.Farm.Tests;

/// <summary>
/// A department system published on an orchestrator while the farm runs reaches a worker that started before it (ADR
/// 0029): the engine names the system's version in the dispatch, the worker fetches that version from the runner with the
/// attempt's token and runs the step; nobody restarts anything.
/// </summary>
[Collection(FarmCollection.Name)]
public sealed class SystemPublishFollowTests(FarmServers servers, ITestOutputHelper output)
{
    [Fact]
    public async Task ASystemPublishedAfterTheWorkerStarted_IsRunByThatWorker_WithoutARestart()
    {
        await using var cluster = await FarmCluster.CreateAsync(servers, "follow", []);
        try
        {
            var orchestrator = await cluster.StartOrchestratorAsync();
            var worker = await cluster.StartWorkerAsync([$"--Bots:RunnerUrl={orchestrator.Address}", "--Serilog:MinimumLevel:Override:RpaRunner.Bots.Pools=Information"], "web");

            // The farm's simulation stands in for the register (it takes every step, as it does for the shipped systems): what is
            // proved here is that the worker knows the system and its contract only from the runner.
            using var admin = FarmCluster.Admin(orchestrator);
            var draft = await admin.PutAsJsonAsync($"/api/systems/{TestSystems.PermitSystem}/draft?expectedRevision=0",
                TestSystems.PermitRegisterPackage(new Uri("http://127.0.0.1:9/"), withSearch: true, permitPattern: null));
            Assert.True(draft.IsSuccessStatusCode, await draft.Content.ReadAsStringAsync());
            var published = await admin.PostAsJsonAsync($"/api/systems/{TestSystems.PermitSystem}/publish", new { note = "接入" });
            Assert.True(published.IsSuccessStatusCode, await published.Content.ReadAsStringAsync());
            var bundle = await admin.PostAsJsonAsync("/api/bundles", TestSystems.StreetPermitBundle());
            Assert.True(bundle.IsSuccessStatusCode, await bundle.Content.ReadAsStringAsync());

            using var clerk = FarmCluster.Clerk(orchestrator);
            for (var i = 0; i < 3; i++)
            {
                await FarmCluster.SubmitAsync(clerk, "street-permit", new JsonObject
                {
                    ["applicant"] = new JsonObject { ["idNumber"] = "11010519491231002X", ["name"] = "张三" },
                });
            }

            await FarmAssertions.WaitUntilAllCasesCloseAsync(cluster.ConnectionString, 3, TimeSpan.FromMinutes(2));
            await FarmAssertions.EveryCaseCompletedWithOneRecordPerMatterAsync(cluster);
            Assert.Contains($"Took version 1 of department system {TestSystems.PermitSystem} from the runner", worker.Output, StringComparison.Ordinal);
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
}
