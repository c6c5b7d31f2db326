using Microsoft.Playwright;
using RpaRunner.Sandbox.Tests.Infrastructure;

namespace RpaRunner.Sandbox.Tests.Web;

/// <summary>A sandbox and one real Chromium (Debian's /usr/bin/chromium) for the browser tests.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public SandboxFixture Sandbox { get; } = new();
    public IPlaywright? Playwright { get; private set; }
    public IBrowser? Browser { get; private set; }

    public async Task InitializeAsync()
    {
        await Sandbox.InitializeAsync();
        if (!File.Exists(ChromiumPath))
        {
            return;
        }

        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-dev-shm-usage"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        Playwright?.Dispose();
        await Sandbox.DisposeAsync();
    }

    public async Task<IPage> NewPageAsync()
    {
        if (Browser is null)
        {
            throw Xunit.Sdk.SkipException.ForSkip($"Browser tests need {ChromiumPath}; install the packages of ops/install/sandbox-packages.txt.");
        }

        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 860 }, Locale = "zh-CN" });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }
}
