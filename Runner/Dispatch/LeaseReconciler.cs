using Microsoft.Extensions.Options;
using RpaRunner.Workflows.Engine;

namespace RpaRunner.Runner.Dispatch;

/// <summary>Makes steps whose lease expired (their worker died or their message was lost) due again.</summary>
public sealed class LeaseReconciler(CaseEngine engine, IOptions<EngineOptions> options, TimeProvider time, ILogger<LeaseReconciler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ReconcileInterval, time);
        do
        {
            try
            {
                await engine.ReclaimExpiredLeasesAsync(stoppingToken);
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
