using Quartz;
using RpaRunner.Runner.Farm;
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
    /// sections "Systems", "Bundles" and "Calendar", and — in processes that run the engine — Quartz.NET with
    /// deadline supervision and the opening/closing watch. Quartz keeps its jobs in memory in one process and
    /// runs clustered on PostgreSQL in a farm, so each job fires on one orchestrator at a time.
    /// </summary>
    public static IServiceCollection AddScheduling(this IServiceCollection services, IConfiguration configuration)
    {
        foreach (var include in QuartzSchema.Includes)
        {
            services.AddSingleton(include);
        }

        var schedule = BuildSchedule(configuration);
        services.AddSingleton(schedule);
        services.AddSingleton(schedule.Calendar);
        var role = FarmRole.Of(configuration);
        var options = configuration.GetSection("Scheduling").Get<SchedulingOptions>() ?? new SchedulingOptions();
        services.AddSingleton(options);
        if (!FarmRole.RunsEngine(role) || !options.Enabled)
        {
            return services;
        }

        var database = configuration.GetSection("Database").Get<DatabaseOptions>() ?? new DatabaseOptions();
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

    /// <summary>Reads "Calendar", "Systems:{id}" and "Bundles:{id}" into the engine's dispatch schedule.</summary>
    public static DispatchSchedule BuildSchedule(IConfiguration configuration)
    {
        var calendarOptions = configuration.GetSection("Calendar").Get<CalendarOptions>() ?? new CalendarOptions();
        if (configuration["Calendar:TimeZone"] is null && configuration["Engine:TimeZone"] is { Length: > 0 } zone)
        {
            calendarOptions.TimeZone = zone;
        }

        var calendar = WorkingCalendar.FromOptions(calendarOptions);
        var systems = configuration.GetSection("Systems").Get<Dictionary<string, SystemScheduleOptions>>() ?? [];
        var bundles = configuration.GetSection("Bundles").Get<Dictionary<string, BundleScheduleOptions>>() ?? [];
        var rules = systems.Select(s => new SystemRules(
            s.Key,
            string.IsNullOrWhiteSpace(s.Value.ServiceHours) && !s.Value.WorkingDaysOnly && s.Value.Closures.Count == 0
                ? null
                : new OpeningHours(s.Value.ServiceHours, s.Value.WorkingDaysOnly, s.Value.Closures.Select(c => OpeningHours.ParseClosure(c, calendar)), calendar),
            s.Value.MaxConcurrentSessions));
        var windows = bundles.Where(b => !string.IsNullOrWhiteSpace(b.Value.BatchWindow)).Select(b => new BatchWindow(
            b.Key, new OpeningHours(b.Value.BatchWindow, b.Value.WorkingDaysOnly, [], calendar), b.Value.HoldSubmissions));
        return new DispatchSchedule(calendar, rules, windows, calendarOptions.YellowFraction);
    }
}
