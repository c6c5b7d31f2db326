using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RpaRunner.Bots.Desktop.AtSpi;
using RpaRunner.Bots.Runtime;

namespace RpaRunner.Bots.Desktop;

/// <summary>Registers the desktop bots; call after AddBots (it relies on the script library, resilience, evidence and endpoints).</summary>
public static class DesktopBotsHosting
{
    public static IServiceCollection AddDesktopBots(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DesktopBotOptions>().Configure(o => DesktopBotOptions.Bind(configuration.GetSection(DesktopBotOptions.Section), o));
        services.AddSingleton(sp => CreateAutomation(sp.GetRequiredService<IOptions<DesktopBotOptions>>().Value));
        services.AddSingleton<DesktopApplications>();
        services.AddSingleton<DesktopBotAction>();
        services.AddSingleton<IBotAction>(sp => sp.GetRequiredService<DesktopBotAction>());
        return services;
    }

    /// <summary>The platform's accessibility layer: AT-SPI2 on Linux. Windows' UIA3 adapter plugs in here.</summary>
    public static IDesktopAutomation CreateAutomation(DesktopBotOptions options) => OperatingSystem.IsLinux()
        ? new AtSpiAutomation(new AtSpiSessionOptions
        {
            Display = options.Display,
            SessionBusAddress = options.SessionBusAddress,
            AccessibilityBusAddress = options.AccessibilityBusAddress,
            CallTimeout = options.CallTimeout,
        })
        : new UnsupportedDesktopAutomation();
}

/// <summary>
/// Stands where the Windows adapter goes: FlaUI.UIA3 is not on the package registry this project can reach, so on
/// Windows desktop bots do not run (their steps go to a desktop-linux worker). A UIA3 adapter implements
/// <see cref="IDesktopAutomation"/> and <see cref="IDesktopElement"/> and is returned by <see cref="DesktopBotsHosting.CreateAutomation"/>.
/// </summary>
public sealed class UnsupportedDesktopAutomation : IDesktopAutomation
{
    private const string Why = "desktop bots on this platform need a UI Automation (UIA3) adapter, which is not built: FlaUI.UIA3 is not on the reachable package registry";

    public string Technology => "none";

    public string Display => string.Empty;

    public Task<IReadOnlyList<DesktopApplicationInfo>> GetApplicationsAsync(CancellationToken cancellationToken = default) => throw new PlatformNotSupportedException(Why);

    public Task<IDesktopElement?> FindWindowAsync(string name, CancellationToken cancellationToken = default) => throw new PlatformNotSupportedException(Why);

    public Task<IDesktopElement> WaitForWindowAsync(string name, TimeSpan timeout, CancellationToken cancellationToken = default) => throw new PlatformNotSupportedException(Why);

    public Task<SessionHealth> CheckHealthAsync(string? windowName, CancellationToken cancellationToken = default) => Task.FromResult(SessionHealth.Failed(Why));

    public Task<int?> GetProcessIdAsync(IDesktopElement element, CancellationToken cancellationToken = default) => throw new PlatformNotSupportedException(Why);

    public Task<byte[]> CaptureScreenAsync(CancellationToken cancellationToken = default) => throw new PlatformNotSupportedException(Why);

    public Task<byte[]> CaptureAsync(IDesktopElement element, CancellationToken cancellationToken = default) => throw new PlatformNotSupportedException(Why);

    public void Dispose()
    {
    }
}
