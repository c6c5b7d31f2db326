using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace RpaRunner.Designer.Systems;

/// <summary>
/// Puts the system versions published from the designer into the catalog when the runner starts — before the bundles
/// published from the designer, which may use them, and before any bot runs — then looks every <see cref="Interval"/> for
/// versions published by other runners of the same database, so a farm's orchestrators follow a publish without a restart.
/// </summary>
internal sealed class PublishedSystemLoader(SystemDrafts drafts, TimeProvider time, ILogger<PublishedSystemLoader> logger) : BackgroundService, IHostedLifecycleService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    public async Task StartingAsync(CancellationToken cancellationToken) => Log(await drafts.LoadPublishedAsync(cancellationToken));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    Log(await drafts.LoadPublishedAsync(stoppingToken));
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "Could not look for newly published department systems; trying again in {Interval}", Interval);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Log(int count)
    {
        if (count > 0)
        {
            logger.LogInformation("Loaded {Count} department system version(s) published from the designer", count);
        }
    }
}
