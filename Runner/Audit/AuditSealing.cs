using Microsoft.EntityFrameworkCore;
using RpaRunner.Runner.Farm;
using RpaRunner.Workflows.Audit;
using RpaRunner.Workflows.Engine.Storage;

namespace RpaRunner.Runner.Audit;

/// <summary>
/// Seals the audit rows written since the last round, every <see cref="AuditOptions.SealInterval"/>: in a farm on
/// the leading orchestrator only (any other would wait for the sealer's lock in vain), embedded always; and once
/// more when the process stops, so a clean shutdown leaves nothing unsealed.
/// </summary>
public sealed class AuditSealing(AuditSealer sealer, ILeadership leadership, AuditOptions options, TimeProvider time, ILogger<AuditSealing> logger) : BackgroundService
{
    private bool _leading;

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (_leading || leadership.IsLeader)
        {
            await SealAsync(cancellationToken);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.SealInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                _leading = leadership.IsLeader;
                if (_leading)
                {
                    await SealAsync(stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: StopAsync seals once more.
        }
    }

    private async Task SealAsync(CancellationToken cancellationToken)
    {
        try
        {
            await sealer.SealAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Sealing the audit trail failed; the rows stay unsealed until the next round");
        }
    }
}

public static class AuditExtensions
{
    /// <summary>The audit key, the checkpoint file and the sealer of an engine process (embedded or orchestrator).</summary>
    public static IServiceCollection AddAuditSealing(this IServiceCollection services, IConfiguration configuration, string dataDirectory, bool createKey)
    {
        var options = AuditOptions.Of(configuration);
        services.AddSingleton(options);
        services.AddSingleton(AuditKeys.Load(configuration, dataDirectory, createKey));
        services.AddSingleton(new AuditCheckpointLog(options.CheckpointPath(dataDirectory)));
        services.AddSingleton(sp => new AuditSealer(
            sp.GetRequiredService<IDbContextFactory<EngineDbContext>>(),
            sp.GetRequiredService<AuditKey>(),
            sp.GetRequiredService<AuditCheckpointLog>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<AuditSealer>>(),
            sp.GetService<IEngineLocks>()));
        services.AddHostedService<AuditSealing>();
        return services;
    }
}
