using Microsoft.Extensions.Options;
using RpaRunner.Runner.Farm;
using RpaRunner.Workflows.Engine;

namespace RpaRunner.Runner.Dispatch;

/// <summary>Makes steps whose lease expired (their worker died or their message was lost) due again.
/// In a farm only the leading orchestrator runs it.</summary>
public sealed class LeaseReconciler(CaseEngine engine, ILeadership leadership, EngineSignal signal, IOptions<EngineOptions> options, TimeProvider time, ILogger<LeaseReconciler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ReconcileInterval, time);
        do
        {
            if (!leadership.IsLeader)
            {
                continue;
            }

            try
            {
                if (await engine.ReclaimExpiredLeasesAsync(stoppingToken) > 0)
                {
                    signal.Notify();
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Lease reconciliation failed; retrying at the next interval");
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
