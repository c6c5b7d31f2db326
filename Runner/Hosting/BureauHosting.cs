using RpaRunner.Workflows.Calendar;

namespace RpaRunner.Runner.Hosting;

/// <summary>The bureau's clock, registered once: the engine, the schedule, the bots and the UI all read its zone.</summary>
public static class BureauHosting
{
    /// <summary>The zone of "Bureau:TimeZone" (default Asia/Shanghai); an unknown zone stops the start, naming the key.</summary>
    public static TimeZoneInfo ZoneOf(IConfiguration configuration) =>
        BureauClock.ResolveZone(configuration[BureauClock.TimeZoneKey] ?? BureauClock.DefaultTimeZone);

    public static IServiceCollection AddBureauClock(this IServiceCollection services, IConfiguration configuration)
    {
        var zone = ZoneOf(configuration);
        services.AddSingleton(sp => new BureauClock(sp.GetRequiredService<TimeProvider>(), zone));
        return services;
    }
}
