using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace RpaRunner.Designer.Design;

/// <summary>
/// Puts the versions published from the designer back into the catalog when the runner starts, before
/// any hosted service (dispatch, bots) runs, so cases pinned to them keep working across restarts.
/// </summary>
internal sealed class PublishedBundleLoader(BundleDrafts drafts, ILogger<PublishedBundleLoader> logger) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        var count = await drafts.LoadPublishedAsync(cancellationToken);
        if (count > 0)
        {
            logger.LogInformation("Loaded {Count} bundle version(s) published from the designer", count);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
