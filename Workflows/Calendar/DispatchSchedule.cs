namespace RpaRunner.Workflows.Calendar;

/// <summary>
/// The time and capacity rules the engine applies when it claims steps: each department system's service
/// hours and its farm-wide session limit, each bundle's batch window, and the working-day calendar that
/// deadlines are counted on. Built from configuration by the host; <see cref="Unrestricted"/> applies none.
/// </summary>
public sealed class DispatchSchedule
{
    private readonly Dictionary<string, SystemRules> _systems;
    private readonly Dictionary<string, BatchWindow> _windows;

    public DispatchSchedule(WorkingCalendar calendar, IEnumerable<SystemRules> systems, IEnumerable<BatchWindow> windows, double yellowFraction = 0.25)
    {
        Calendar = calendar;
        _systems = systems.ToDictionary(s => s.System, StringComparer.Ordinal);
        _windows = windows.ToDictionary(w => w.BundleId, StringComparer.Ordinal);
        YellowFraction = yellowFraction;
    }

    public static DispatchSchedule Unrestricted { get; } = new(WorkingCalendar.China, [], []);

    public WorkingCalendar Calendar { get; }

    public double YellowFraction { get; }

    public IReadOnlyCollection<SystemRules> Systems => _systems.Values;

    public IReadOnlyCollection<BatchWindow> Windows => _windows.Values;

    public SystemRules? RulesOf(string system) => _systems.GetValueOrDefault(system);

    public BatchWindow? WindowOf(string bundleId) => _windows.GetValueOrDefault(bundleId);

    /// <summary>What may not be dispatched at <paramref name="now"/>, and the session limits.</summary>
    public DispatchGates GatesAt(DateTimeOffset now) => new(
        [.. _systems.Values.Where(s => s.Hours is { IsRestricted: true } hours && !hours.IsOpen(now)).Select(s => s.System)],
        [.. _windows.Values.Where(w => !w.Hours.IsOpen(now)).Select(w => w.BundleId)],
        _systems.Values.Where(s => s.MaxConcurrentSessions is > 0).ToDictionary(s => s.System, s => s.MaxConcurrentSessions!.Value, StringComparer.Ordinal));

    /// <summary>The deadline of a matter with a committed limit of <paramref name="timeLimitDays"/> working days, accepted at
    /// <paramref name="submittedAt"/> (<see cref="WorkingCalendar.DeadlineOf"/>: whole days count from the next day).</summary>
    public DateTimeOffset DeadlineOf(DateTimeOffset submittedAt, decimal timeLimitDays) => Calendar.DeadlineOf(submittedAt, timeLimitDays);

    /// <summary>红黄牌: red when the deadline passed (or the matter finished after it), yellow when little working time is left.</summary>
    public DeadlineFlag FlagOf(DateTimeOffset? deadline, DateTimeOffset submittedAt, DateTimeOffset now, DateTimeOffset? finishedAt)
    {
        if (deadline is not { } due)
        {
            return DeadlineFlag.None;
        }

        if (finishedAt is { } finished)
        {
            return finished > due ? DeadlineFlag.Red : DeadlineFlag.None;
        }

        if (now > due)
        {
            return DeadlineFlag.Red;
        }

        // The limit in working time is the working time from where it began counting to the deadline.
        var limit = Calendar.WorkingTimeBetween(Calendar.CountingStartOf(submittedAt, due), due);
        return Calendar.WorkingTimeBetween(now, due) <= limit * YellowFraction ? DeadlineFlag.Yellow : DeadlineFlag.None;
    }
}

/// <summary>A department system's dispatch rules.</summary>
public sealed record SystemRules(string System, OpeningHours? Hours, int? MaxConcurrentSessions);

/// <summary>A bundle's overnight batch window: held cases of the bundle run only while it is open.</summary>
public sealed record BatchWindow(string BundleId, OpeningHours Hours, bool HoldSubmissions);

/// <summary>What the claim of one dispatch round must leave alone.</summary>
public sealed record DispatchGates(IReadOnlyCollection<string> ClosedSystems, IReadOnlyCollection<string> ClosedBatchBundles, IReadOnlyDictionary<string, int> SessionLimits);

/// <summary>电子监察 flags of a matter or a case.</summary>
public enum DeadlineFlag
{
    None,
    Yellow,
    Red,
}
