using System.Diagnostics;
using System.Globalization;
using Npgsql;
using Quartz;
using RpaRunner.Runner.Scheduling;

namespace RpaRunner.Bench.Peers;

/// <summary>
/// Quartz.NET clustered on PostgreSQL (AdoJobStore, row locks in qrtz_locks): N scheduler nodes of one cluster, each
/// with its own thread pool, in this process. Each step is a job with a fire-now trigger; its body schedules the
/// jobs of the steps that depend on it. The roots of every case are scheduled before any node starts.
/// </summary>
public static class QuartzPeer
{
    private const string Group = "steps";

    public static async Task<PeerResult> RunAsync(string connectionString, int cases, int nodes, int threadsPerNode, TimeSpan timeout)
    {
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(QuartzSchema.Script("postgres"), connection);
            await command.ExecuteNonQueryAsync();
        }

        var jobs = PeerShapes.Jobs(cases);
        PeerProgress.Reset(jobs);
        var schedulers = new List<IScheduler>();
        try
        {
            for (var n = 1; n <= nodes; n++)
            {
                schedulers.Add(await NodeAsync(connectionString, n, threadsPerNode));
            }

            for (var i = 0; i < cases; i++)
            {
                var shape = PeerShapes.ForCase(i);
                foreach (var root in shape.Roots)
                {
                    await ScheduleStepAsync(schedulers[0], i, shape.BundleId, root);
                }
            }

            var clock = Stopwatch.StartNew();
            foreach (var scheduler in schedulers)
            {
                await scheduler.Start();
            }

            await PeerProgress.AllDone.WaitAsync(timeout);
            clock.Stop();
            return new PeerResult("Quartz.NET", cases, nodes, threadsPerNode, jobs, clock.Elapsed, PeerProgress.MiddleHalfRate());
        }
        finally
        {
            foreach (var scheduler in schedulers)
            {
                await scheduler.Shutdown(waitForJobsToComplete: true);
            }
        }
    }

    internal static async ValueTask ScheduleStepAsync(IScheduler scheduler, int caseNo, string bundleId, string stepId, CancellationToken cancellationToken = default)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"{caseNo}-{stepId}");
        var job = JobBuilder.Create<QuartzStepJob>()
            .WithIdentity(name, Group)
            .UsingJobData("case", caseNo)
            .UsingJobData("bundle", bundleId)
            .UsingJobData("step", stepId)
            .Build();
        var trigger = TriggerBuilder.Create().WithIdentity(name, Group).StartNow().Build();
        await scheduler.ScheduleJob(job, trigger, cancellationToken: cancellationToken);
    }

    private static ValueTask<IScheduler> NodeAsync(string connectionString, int node, int threads) =>
        QuartzSchedulerBuilder.Create(q =>
        {
            q.ConfigureScheduler(s =>
            {
                s.InstanceName = "rpa-peer-bench";
                s.InstanceId = string.Create(CultureInfo.InvariantCulture, $"node{node}");
                // Documented throughput settings: a node acquires up to a thread pool's worth of triggers per lock
                // round, and an idle node looks again after 1 s (a node that schedules a job wakes itself at once).
                s.MaxBatchSize = threads;
                s.IdleWaitTime = TimeSpan.FromSeconds(1);
            });
            q.UseDefaultThreadPool(threads);
            q.UsePersistentStore(store =>
            {
                store.UsePostgres(connectionString);
                store.UseClustering(c => c.CheckinInterval = TimeSpan.FromSeconds(5));
                store.ConfigureStore(s =>
                {
                    s.TablePrefix = SchedulingExtensions.QuartzTablePrefix;
                    s.AcquireTriggersWithinLock = true;
                });
            });
        }).BuildScheduler();
}

/// <summary>A step of a case: no work; schedules the steps that depend on it.</summary>
public sealed class QuartzStepJob : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var data = context.MergedJobDataMap;
        var caseNo = data.GetInt("case");
        var bundleId = data.GetString("bundle")!;
        foreach (var next in PeerShapes.Find(bundleId).SuccessorsOf(data.GetString("step")!))
        {
            await QuartzPeer.ScheduleStepAsync(context.Scheduler, caseNo, bundleId, next, cancellationToken);
        }

        PeerProgress.JobDone();
    }
}
