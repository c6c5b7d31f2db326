using Quartz;
using RpaRunner.Runner.Farm;
using RpaRunner.Runner.Hosting;
using RpaRunner.Workflows.Engine;
using RpaRunner.Workflows.Engine.Storage;
using RpaRunner.Workflows.Calendar;

namespace RpaRunner.Runner.Scheduling;

public static class SchedulingExtensions
{
    /// <summary>The prefix of Quartz.NET's tables in the farm's PostgreSQL database.</summary>
    public const string QuartzTablePrefix = "qrtz_";

    /// <summary>
    /// The dispatch schedule (service hours, session limits, batch windows, working-day calendar) from the
    /// sections "Systems", "DepartmentSystems", "Bundles" and "Calendar", and — in processes that run the engine — Quartz.NET with
    /// deadline supervision and the opening/closing watch. Quartz keeps its jobs in memory in one process and
    /// runs clustered on PostgreSQL in a farm, so each job fires on one orchestrator at a time.
    /// </summary>
    public static IServiceCollection AddScheduling(this IServiceCollection services, IConfiguration configuration)
    {
        foreach (var include in QuartzSchema.Includes)
        {
            services.AddSingleton(include);
        }

        var options = configuration.GetSection("Scheduling").Get<SchedulingOptions>() ?? new SchedulingOptions();
        var calendarOptions = configuration.GetSection("Calendar").Get<CalendarOptions>() ?? new CalendarOptions();
        OptionsRules.Ensure(options, calendarOptions);
        var schedule = BuildSchedule(configuration);
        services.AddSingleton(schedule);
        services.AddSingleton(schedule.Calendar);
        services.AddSingleton(calendarOptions);
        var role = FarmRole.Of(configuration);
        services.AddSingleton(options);
        if (!FarmRole.RunsEngine(role) || !options.Enabled)
        {
            return services;
        }

        var database = DatabaseOptions.Of(configuration);
        services.AddQuartz(q =>
        {
            if (role == FarmRole.Orchestrator && database.ProviderKey == DatabaseOptions.Postgres)
            {
                q.UsePersistentStore(store =>
                {
                    store.UsePostgres(EngineServices.PostgresConnectionString(database.ConnectionString, "rpa-quartz"));
                    store.UseClustering(c => c.CheckinInterval = TimeSpan.FromSeconds(5));
                    store.ConfigureStore(s => s.TablePrefix = QuartzTablePrefix);
                });
            }

            q.AddJob<DeadlineSupervisionJob>(j => j.WithIdentity(DeadlineSupervisionJob.Key).DisallowConcurrentExecution());
            q.AddTrigger(t => t.WithIdentity("deadline-supervision").ForJob(DeadlineSupervisionJob.Key).StartNow()
                .WithSimpleSchedule(s => s.WithInterval(options.SupervisionInterval).RepeatForever()));
            q.AddJob<OpeningWatchJob>(j => j.WithIdentity(OpeningWatchJob.Key).DisallowConcurrentExecution().PersistJobDataAfterExecution());
            q.AddTrigger(t => t.WithIdentity("opening-watch").ForJob(OpeningWatchJob.Key).StartNow()
                .WithSimpleSchedule(s => s.WithInterval(options.EdgeCheckInterval).RepeatForever()));
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return services;
    }

    /// <summary>Reads "Calendar", "Systems:{id}", the session limits ("DepartmentSystems:{id}:MaxSessions") and
    /// "Bundles:{id}" into the engine's dispatch schedule, in the bureau's time zone ("Bureau:TimeZone").</summary>
    public static DispatchSchedule BuildSchedule(IConfiguration configuration)
    {
        var calendarOptions = configuration.GetSection("Calendar").Get<CalendarOptions>() ?? new CalendarOptions();
        var calendar = WorkingCalendar.FromOptions(calendarOptions, BureauHosting.ZoneOf(configuration));
        var systems = configuration.GetSection("Systems").Get<Dictionary<string, SystemScheduleOptions>>() ?? [];
        var bundles = configuration.GetSection("Bundles").Get<Dictionary<string, BundleScheduleOptions>>() ?? [];
        var limits = SessionLimitsOf(configuration);
        var rules = systems.Keys.Union(limits.Keys, StringComparer.Ordinal).Select(id =>
        {
            var s = systems.GetValueOrDefault(id) ?? new SystemScheduleOptions();
            return new SystemRules(
                id,
                string.IsNullOrWhiteSpace(s.ServiceHours) && !s.WorkingDaysOnly && s.Closures.Count == 0
                    ? null
                    : new OpeningHours(s.ServiceHours, s.WorkingDaysOnly, s.Closures.Select(c => OpeningHours.ParseClosure(c, calendar)), calendar),
                limits.TryGetValue(id, out var limit) ? limit : null);
        });
        var windows = bundles.Where(b => !string.IsNullOrWhiteSpace(b.Value.BatchWindow)).Select(b => new BatchWindow(
            b.Key, new OpeningHours(b.Value.BatchWindow, b.Value.WorkingDaysOnly, [], calendar), b.Value.HoldSubmissions));
        return new DispatchSchedule(calendar, rules, windows, calendarOptions.YellowFraction);
    }

    /// <summary>
    /// The robot sessions each department system allows at once ("DepartmentSystems:{id}:MaxSessions"): the engine
    /// keeps the whole farm within them. Systems without the setting have no farm-wide limit.
    /// </summary>
    public static Dictionary<string, int> SessionLimitsOf(IConfiguration configuration) =>
        configuration.GetSection("DepartmentSystems").GetChildren()
            .Select(s => (s.Key, Limit: s.GetValue<int?>("MaxSessions")))
            .Where(s => s.Limit is not null)
            .ToDictionary(s => s.Key, s => s.Limit!.Value, StringComparer.Ordinal);
}
