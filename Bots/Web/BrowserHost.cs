using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;

namespace RpaRunner.Bots.Web;

/// <summary>One browser per worker process, started on first use and restarted if it dies; each step gets a fresh context.</summary>
public sealed class BrowserHost(IOptions<WebBotOptions> options, ILogger<BrowserHost> logger) : IAsyncDisposable
{
    private readonly SemaphoreSlim _start = new(1, 1);
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public async Task<IBrowser> GetAsync(CancellationToken cancellationToken)
    {
        if (_browser is { IsConnected: true })
        {
            return _browser;
        }

        await _start.WaitAsync(cancellationToken);
        try
        {
            if (_browser is { IsConnected: true })
            {
                return _browser;
            }

            _playwright ??= await Playwright.CreateAsync();
            var path = options.Value.ResolveBrowserPath();
            logger.LogInformation("Starting the bots' browser {Browser}", path ?? "(Playwright's Chromium)");
            _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = path,
                Headless = options.Value.Headless,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-extensions"],
            });
            return _browser;
        }
        finally
        {
            _start.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        _start.Dispose();
    }
}
