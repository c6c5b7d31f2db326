using System.Diagnostics;
using System.Globalization;
using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;

namespace RpaRunner.Bench.Peers;

/// <summary>
/// Hangfire on PostgreSQL (Hangfire.PostgreSql): N background job servers, each with its own workers, in this
/// process. A case is submitted as Hangfire models a workflow: its root steps enqueued, every other step a
/// continuation (<c>ContinueJobWith</c>) of the step it depends on, all created before any server starts.
/// </summary>
public static class HangfirePeer
{
    public static async Task<PeerResult> RunAsync(string connectionString, int cases, int nodes, int workersPerNode, TimeSpan timeout)
    {
        var options = new PostgreSqlStorageOptions
        {
            PrepareSchemaIfNecessary = true,
            // The storage's fast path: LISTEN/NOTIFY wakes a waiting worker when a job is enqueued; polling is the fallback.
            EnableLongPolling = true,
            QueuePollInterval = TimeSpan.FromMilliseconds(500),
        };
        var storage = new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options), options);
        GlobalConfiguration.Configuration.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings();
        var jobs = PeerShapes.Jobs(cases);
        PeerProgress.Reset(jobs);
        var client = new BackgroundJobClient(storage);
        for (var i = 0; i < cases; i++)
        {
            var shape = PeerShapes.ForCase(i);
            foreach (var root in shape.Roots)
            {
                Submit(client, shape, i, root, parent: null);
            }
        }

        var clock = Stopwatch.StartNew();
        var servers = Enumerable.Range(1, nodes).Select(n => new BackgroundJobServer(
            new BackgroundJobServerOptions { WorkerCount = workersPerNode, ServerName = string.Create(CultureInfo.InvariantCulture, $"rpa-peer-node{n}") },
            storage)).ToList();
        try
        {
            await PeerProgress.AllDone.WaitAsync(timeout);
            clock.Stop();
            return new PeerResult("Hangfire", cases, nodes, workersPerNode, jobs, clock.Elapsed, PeerProgress.MiddleHalfRate());
        }
        finally
        {
            foreach (var server in servers)
            {
                server.SendStop();
            }

            foreach (var server in servers)
            {
                server.Dispose();
            }
        }
    }

    private static void Submit(BackgroundJobClient client, PeerShape shape, int caseNo, string stepId, string? parent)
    {
        var bundleId = shape.BundleId;
        var id = parent is null
            ? client.Enqueue(() => HangfireStep.Run(caseNo, bundleId, stepId))
            : client.ContinueJobWith(parent, () => HangfireStep.Run(caseNo, bundleId, stepId));
        foreach (var next in shape.SuccessorsOf(stepId))
        {
            Submit(client, shape, caseNo, next, id);
        }
    }
}

/// <summary>A step of a case: no work (its continuations are Hangfire's).</summary>
public static class HangfireStep
{
#pragma warning disable IDE0060 // The arguments are what a real step would get; they are stored with the job.
    public static void Run(int caseNo, string bundleId, string stepId) => PeerProgress.JobDone();
#pragma warning restore IDE0060
}
