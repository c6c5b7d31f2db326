using Microsoft.Extensions.Options;
using RpaRunner.Bots.Evidence;
using RpaRunner.Bots.Rehearsal;
using RpaRunner.Bots.Resilience;
using RpaRunner.Bots.Runtime;
using RpaRunner.Bots.Simulated;
using RpaRunner.Bots.Web;

namespace RpaRunner.Runner.Hosting;

/// <summary>The bots this process runs: simulated department systems (when enabled), web bots (Playwright), and their evidence;
/// and step rehearsal for the designer when enabled.</summary>
public static class BotsHosting
{
    public static IServiceCollection AddBots(this IServiceCollection services, IConfiguration configuration, string dataDirectory)
    {
        services.Configure<SimulationOptions>(configuration.GetSection("Simulation"));
        services.Configure<WebBotOptions>(configuration.GetSection("WebBots"));
        services.Configure<EvidenceOptions>(configuration.GetSection("Evidence"));
        services.PostConfigure<EvidenceOptions>(o => o.Folder = Path.GetFullPath(o.Folder ?? "evidence", dataDirectory));
        services.AddSingleton(sp => new SimulatedRecordStore(Path.GetFullPath(sp.GetRequiredService<IOptions<SimulationOptions>>().Value.StorePath, dataDirectory)));
        services.AddSingleton<BrowserHost>();
        services.AddSingleton<SystemResilience>();
        services.AddSingleton<EvidenceStore>();

        // The first action that can run a step runs it: the simulation, when enabled, takes every step.
        services.AddSingleton<IBotAction, SimulatedDepartmentAction>();
        services.AddSingleton<IBotAction, WebBotAction>();
        services.Configure<RpaRunner.Bots.Licence.LicenceBotOptions>(configuration.GetSection("LicenceBots"));
        services.AddSingleton<IBotAction, RpaRunner.Bots.Licence.LicenceBotAction>();
        RpaRunner.Bots.Desktop.DesktopBotsHosting.AddDesktopBots(services, configuration);

        // Rehearsal drives these same bots, so it is offered only where their department systems are the sandbox.
        services.Configure<RehearsalOptions>(configuration.GetSection(RehearsalOptions.Section));
        if (configuration.GetSection(RehearsalOptions.Section).Get<RehearsalOptions>()?.Enabled == true)
        {
            services.AddSingleton<IStepRehearsal, StepRehearsal>();
        }

        services.AddHostedService<EvidenceJanitor>();
        return services;
    }

    /// <summary>Deletes evidence older than its retention period, once an hour.</summary>
    private sealed class EvidenceJanitor(EvidenceStore store, TimeProvider time, ILogger<EvidenceJanitor> logger) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            using var timer = new PeriodicTimer(TimeSpan.FromHours(1), time);
            do
            {
                var deleted = store.DeleteExpired();
                if (deleted > 0)
                {
                    logger.LogInformation("Deleted evidence of {Count} attempt(s) older than {Days} days", deleted, store.RetentionDays);
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
}
