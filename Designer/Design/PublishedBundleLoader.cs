using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace RpaRunner.Designer.Design;

/// <summary>
/// Puts the versions published from the designer into the catalog when the runner starts, before any hosted
/// service (dispatch, bots) runs, so cases pinned to them keep working across restarts; then looks for
/// versions published by other runners of the same database every <see cref="Interval"/>, so their clerks
/// see a new version without a restart. (The engine itself never needs this: it reads a case's pinned
/// definition from the database when its catalog lacks it.)
/// </summary>
internal sealed class PublishedBundleLoader(BundleDrafts drafts, TimeProvider time, ILogger<PublishedBundleLoader> logger) : BackgroundService, IHostedLifecycleService
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
                    logger.LogWarning(ex, "Could not look for newly published bundle versions; trying again in {Interval}", Interval);
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
            logger.LogInformation("Loaded {Count} bundle version(s) published from the designer", count);
        }
    }
}
