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

    /// <summary>
    /// 红黄牌: red when the deadline passed (or the matter finished after it), yellow when little working time is left:
    /// no more than <see cref="YellowFraction"/> of the committed limit (<paramref name="limitDays"/> when it is known; else
    /// read from the deadline, less the <paramref name="pausedWorkingTime"/> of 补正 pauses by which it moved later).
    /// </summary>
    public DeadlineFlag FlagOf(DateTimeOffset? deadline, DateTimeOffset submittedAt, DateTimeOffset now, DateTimeOffset? finishedAt, decimal? limitDays = null, TimeSpan pausedWorkingTime = default)
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
        var limit = limitDays is { } days
            ? TimeSpan.FromTicks((long)(Calendar.WorkdayLength.Ticks * days))
            : Calendar.WorkingTimeBetween(Calendar.CountingStartOf(submittedAt, due), due) - pausedWorkingTime;
        return Calendar.WorkingTimeBetween(now, due) <= limit * YellowFraction ? DeadlineFlag.Yellow : DeadlineFlag.None;
    }

    /// <summary>The working time a clock stood still from <paramref name="pausedAt"/> to <paramref name="resumedAt"/> (补正).</summary>
    public TimeSpan PausedWorkingTime(DateTimeOffset pausedAt, DateTimeOffset resumedAt) =>
        resumedAt > pausedAt ? Calendar.WorkingTimeBetween(pausedAt, resumedAt) : TimeSpan.Zero;

    /// <summary>A deadline moved later by the working time its clock stood still.</summary>
    public DateTimeOffset DeadlineAfterPause(DateTimeOffset deadline, TimeSpan pausedWorkingTime) =>
        pausedWorkingTime > TimeSpan.Zero ? Calendar.AddWorkingTime(deadline, pausedWorkingTime) : deadline;

    /// <summary>
    /// What a person is shown of a deadline: the committed limit, the due moment, the working time left (negative:
    /// overdue) and the flag deadline supervision recorded. The time left is counted at <paramref name="now"/>, or where the
    /// clock stopped: when the matter finished, or when its 补正 pause began (it stands still until the applicant's amendment).
    /// </summary>
    public DeadlineView? ViewOf(decimal? limitDays, DateTimeOffset? deadline, DeadlineFlag flag, DateTimeOffset now, DateTimeOffset? finishedAt = null, DateTimeOffset? pausedAt = null)
    {
        if (deadline is not { } due)
        {
            return null;
        }

        var asOf = finishedAt ?? pausedAt ?? now;
        var left = Calendar.WorkingTimeBetween(asOf, due);
        return new DeadlineView(
            limitDays, due, Math.Round(left.TotalHours, 2), Math.Round((decimal)left.Ticks / Calendar.WorkdayLength.Ticks, 2), asOf > due, flag,
            Paused: finishedAt is null && pausedAt is not null, Closed: finishedAt is not null);
    }
}

/// <summary>
/// The deadline of a matter or a case as the engine states it, for people to read (no page computes any of it).
/// </summary>
/// <param name="LimitDays">承诺时限 in working days, as the bundle version pinned at submission states it (a case: its longest matter).</param>
/// <param name="DueAt">When the limit ends, moved later by the working time of 补正 pauses.</param>
/// <param name="RemainingWorkingHours">Working hours left (negative: overdue), as of now, of the moment it finished, or of the start of its pause.</param>
/// <param name="RemainingWorkingDays">The same in working days.</param>
/// <param name="Overdue">The due moment passed (even when no working time has passed since).</param>
/// <param name="Flag">红黄牌 as deadline supervision recorded it.</param>
/// <param name="Paused">补正: the clock stands still while the applicant fixes the data.</param>
/// <param name="Closed">Finished (or cancelled): the time left is as of then.</param>
public sealed record DeadlineView(
    decimal? LimitDays, DateTimeOffset DueAt, double RemainingWorkingHours, decimal RemainingWorkingDays, bool Overdue, DeadlineFlag Flag,
    bool Paused = false, bool Closed = false);

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
