using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace RpaRunner.Designer.Design;

/// <summary>
/// Puts versions published from the designer into the running catalog when the runner starts — before any hosted service
/// (dispatch, bots) runs, so cases pinned to them keep working across restarts — then looks for versions published by other
/// runners of the same database every <see cref="Interval"/>, so a farm follows a publish without a restart.
/// </summary>
internal abstract class PublishedVersionsLoader(TimeProvider time, ILogger logger) : BackgroundService, IHostedLifecycleService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    /// <summary>What is loaded, as the log names it ("bundle version(s)").</summary>
    protected abstract string What { get; }

    /// <summary>Loads the versions this process does not hold yet; returns how many.</summary>
    protected abstract Task<int> LoadAsync(CancellationToken cancellationToken);

    public async Task StartingAsync(CancellationToken cancellationToken) => Log(await LoadAsync(cancellationToken));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    Log(await LoadAsync(stoppingToken));
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "Could not look for newly published {What}; trying again in {Interval}", What, Interval);
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
            logger.LogInformation("Loaded {Count} {What} published from the designer", count, What);
        }
    }
}
