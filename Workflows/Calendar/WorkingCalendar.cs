using System.Globalization;

namespace RpaRunner.Workflows.Calendar;

/// <summary>
/// Working days and working time of the bureau: Monday to Friday, minus China's statutory holidays, plus the
/// make-up working days (调休) that fall on weekends. Committed time limits (承诺时限) are counted on it in
/// working time: half a working day is half of <see cref="WorkdayLength"/> of working hours.
/// </summary>
public sealed class WorkingCalendar
{
    private readonly HashSet<DateOnly> _holidays;
    private readonly HashSet<DateOnly> _workingWeekendDays;
    private readonly HashSet<int> _coveredYears;

    /// <param name="coveredYears">The years whose holidays are known; null: every year of the given days.</param>
    public WorkingCalendar(IEnumerable<DateOnly> holidays, IEnumerable<DateOnly> makeUpWorkingDays, TimeOnly workdayStart, TimeOnly workdayEnd, TimeZoneInfo zone, IEnumerable<int>? coveredYears = null)
    {
        if (workdayEnd <= workdayStart)
        {
            throw new ArgumentException($"The working day must end after it starts ({workdayStart}–{workdayEnd}).", nameof(workdayEnd));
        }

        _holidays = [.. holidays];
        _workingWeekendDays = [.. makeUpWorkingDays];
        _coveredYears = [.. coveredYears ?? _holidays.Select(d => d.Year)];
        WorkdayStart = workdayStart;
        WorkdayEnd = workdayEnd;
        Zone = zone;
    }

    /// <summary>China's calendar of the built-in holiday file (ops/calendar/china-holidays.json), 09:00–17:00 in Asia/Shanghai.</summary>
    public static WorkingCalendar China { get; } = FromOptions(new CalendarOptions());

    public TimeOnly WorkdayStart { get; }

    public TimeOnly WorkdayEnd { get; }

    public TimeSpan WorkdayLength => WorkdayEnd - WorkdayStart;

    public TimeZoneInfo Zone { get; }

    /// <summary>The calendar of <paramref name="options"/>: the built-in years plus the configured holidays and make-up days,
    /// in the bureau's <paramref name="zone"/> (default: <see cref="BureauClock.DefaultZone"/>).</summary>
    public static WorkingCalendar FromOptions(CalendarOptions options, TimeZoneInfo? zone = null)
    {
        // A year of the bureau's own file replaces the built-in one; single days from settings add to either.
        var years = ChinaHolidays.BuiltIn.ToDictionary(y => y.Year);
        if (!string.IsNullOrWhiteSpace(options.HolidaysFile))
        {
            foreach (var year in ChinaHolidays.LoadFile(options.HolidaysFile))
            {
                years[year.Year] = year;
            }
        }

        var holidays = years.Values.SelectMany(y => y.Holidays).Concat(options.Holidays.SelectMany(ParseDays)).ToList();
        var working = years.Values.SelectMany(y => y.MakeUpWorkingDays).Concat(options.MakeUpWorkingDays.SelectMany(ParseDays)).ToList();
        var covered = years.Keys.Concat(options.Holidays.SelectMany(ParseDays).Select(d => d.Year));
        return new WorkingCalendar(holidays, working, ParseTime(options.WorkdayStart), ParseTime(options.WorkdayEnd), zone ?? BureauClock.DefaultZone, covered);
    }

    /// <summary>Whether the holidays of <paramref name="year"/> are known; an unknown year is counted Monday to Friday.</summary>
    public bool IsYearCovered(int year) => _coveredYears.Contains(year);

    /// <summary>The years from <paramref name="today"/> to <paramref name="lookAheadDays"/> later whose holidays are not known.</summary>
    public IReadOnlyList<int> MissingYears(DateOnly today, int lookAheadDays) =>
        [.. Enumerable.Range(today.Year, today.AddDays(lookAheadDays).Year - today.Year + 1).Where(y => !IsYearCovered(y))];

    public bool IsHoliday(DateOnly date) => _holidays.Contains(date);

    public bool IsMakeUpWorkingDay(DateOnly date) => _workingWeekendDays.Contains(date);

    public bool IsWorkingDay(DateOnly date) =>
        !_holidays.Contains(date) && (_workingWeekendDays.Contains(date) || date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday));

    /// <summary>The first working day strictly after <paramref name="date"/>.</summary>
    public DateOnly NextWorkingDay(DateOnly date)
    {
        var day = date.AddDays(1);
        while (!IsWorkingDay(day))
        {
            day = day.AddDays(1);
        }

        return day;
    }

    /// <summary><paramref name="days"/> working days after <paramref name="date"/> (0: the date itself if it is a working day, else the next one).</summary>
    public DateOnly AddWorkingDays(DateOnly date, int days)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        var day = IsWorkingDay(date) ? date : NextWorkingDay(date);
        for (var i = 0; i < days; i++)
        {
            day = NextWorkingDay(day);
        }

        return day;
    }

    /// <summary>Working days in the half-open range [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public int WorkingDaysBetween(DateOnly from, DateOnly to)
    {
        var count = 0;
        for (var day = from; day < to; day = day.AddDays(1))
        {
            if (IsWorkingDay(day))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>
    /// The moment <paramref name="workingDays"/> working days of working time after <paramref name="start"/>.
    /// Time outside working hours does not count: a case accepted on Saturday starts counting on Monday at
    /// <see cref="WorkdayStart"/>; 0.5 day accepted at 16:00 ends at 12:00 the next working day (09:00–17:00).
    /// </summary>
    public DateTimeOffset AddWorkingTime(DateTimeOffset start, decimal workingDays)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(workingDays);
        return AddWorkingTime(start, TimeSpan.FromTicks((long)(WorkdayLength.Ticks * workingDays)));
    }

    /// <summary>The moment <paramref name="workingTime"/> of working time after <paramref name="start"/> (see the overload in days).</summary>
    public DateTimeOffset AddWorkingTime(DateTimeOffset start, TimeSpan workingTime)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workingTime, TimeSpan.Zero);
        var remaining = workingTime;
        var local = TimeZoneInfo.ConvertTime(start, Zone);
        var day = DateOnly.FromDateTime(local.DateTime);
        var clock = TimeOnly.FromDateTime(local.DateTime);
        if (!IsWorkingDay(day) || clock >= WorkdayEnd)
        {
            day = NextWorkingDay(day);
            clock = WorkdayStart;
        }
        else if (clock < WorkdayStart)
        {
            clock = WorkdayStart;
        }

        while (true)
        {
            var left = WorkdayEnd - clock;
            if (remaining <= left)
            {
                return At(day, clock.Add(remaining));
            }

            remaining -= left;
            day = NextWorkingDay(day);
            clock = WorkdayStart;
        }
    }

    /// <summary>
    /// The moment a committed limit of <paramref name="workingDays"/> ends for a matter accepted at <paramref name="accepted"/>.
    /// A limit counted in days does not count the day of acceptance (民法典 第二百零一条: 按照日计算期间的，开始的当日不计入，
    /// 自下一日开始计算): one working day from a Monday is Tuesday 17:00, whether the case came in at 03:06 or at 16:59. A limit
    /// of less than a day (半日办结) is counted in working hours from acceptance, as hours are.
    /// </summary>
    public DateTimeOffset DeadlineOf(DateTimeOffset accepted, decimal workingDays) =>
        AddWorkingTime(workingDays >= 1 ? NextDayStart(accepted) : accepted, workingDays);

    /// <summary>
    /// Where the limit that ends at <paramref name="due"/> began counting: the next working day's start for a limit of
    /// whole days (<see cref="DeadlineOf"/>), else the acceptance itself. Read from the deadline so deadlines set under
    /// either rule are measured by the rule that set them.
    /// </summary>
    public DateTimeOffset CountingStartOf(DateTimeOffset accepted, DateTimeOffset due)
    {
        var nextDay = NextDayStart(accepted);
        return WorkingTimeBetween(nextDay, due) >= WorkdayLength ? nextDay : accepted;
    }

    /// <summary>The start of the first working day after the day (bureau time) of <paramref name="instant"/>.</summary>
    private DateTimeOffset NextDayStart(DateTimeOffset instant) => At(NextWorkingDay(LocalDate(instant)), WorkdayStart);

    /// <summary>Working time from <paramref name="from"/> to <paramref name="to"/>; negative when <paramref name="to"/> is earlier.</summary>
    public TimeSpan WorkingTimeBetween(DateTimeOffset from, DateTimeOffset to)
    {
        if (to < from)
        {
            return -WorkingTimeBetween(to, from);
        }

        var a = TimeZoneInfo.ConvertTime(from, Zone).DateTime;
        var b = TimeZoneInfo.ConvertTime(to, Zone).DateTime;
        var total = TimeSpan.Zero;
        for (var day = DateOnly.FromDateTime(a); day <= DateOnly.FromDateTime(b); day = day.AddDays(1))
        {
            if (!IsWorkingDay(day))
            {
                continue;
            }

            var open = day.ToDateTime(WorkdayStart);
            var close = day.ToDateTime(WorkdayEnd);
            var begin = a > open ? a : open;
            var end = b < close ? b : close;
            if (end > begin)
            {
                total += end - begin;
            }
        }

        return total;
    }

    /// <summary>A local date and time of the bureau as an instant.</summary>
    public DateTimeOffset At(DateOnly day, TimeOnly clock)
    {
        var local = day.ToDateTime(clock, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, Zone.GetUtcOffset(local));
    }

    public DateOnly LocalDate(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Zone).DateTime);

    internal static TimeOnly ParseTime(string text) =>
        TimeOnly.ParseExact(text.Trim(), ["HH:mm", "HH:mm:ss", "H:mm"], CultureInfo.InvariantCulture);

    /// <summary>"2027-01-01" or a range "2027-02-05..2027-02-11".</summary>
    internal static IEnumerable<DateOnly> ParseDays(string text)
    {
        var parts = text.Split("..", StringSplitOptions.TrimEntries);
        var first = DateOnly.ParseExact(parts[0], "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var last = parts.Length > 1 ? DateOnly.ParseExact(parts[1], "yyyy-MM-dd", CultureInfo.InvariantCulture) : first;
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            yield return day;
        }
    }
}

/// <summary>Settings of the working-day calendar (configuration section "Calendar").</summary>
public sealed class CalendarOptions
{
    /// <summary>
    /// A holiday file in the shape of ops/calendar/china-holidays.json (the built-in one): its years add to the built-in
    /// years or replace them. Use it for a year published after this build.
    /// </summary>
    public string? HolidaysFile { get; set; }

    /// <summary>How far ahead the health check looks for a year without holiday data (deadlines reach into it). Default 31.</summary>
    public int HolidayLookAheadDays { get; set; } = 31;

    /// <summary>More statutory holidays, e.g. "2027-01-01" or "2027-02-05..2027-02-11" (their years count as known).
    /// The built-in years are in ops/calendar/china-holidays.json.</summary>
    public List<string> Holidays { get; set; } = [];

    /// <summary>More make-up working days (weekend days that are worked, 调休).</summary>
    public List<string> MakeUpWorkingDays { get; set; } = [];

    /// <summary>Start of a working day, local time. Default 09:00.</summary>
    public string WorkdayStart { get; set; } = "09:00";

    /// <summary>End of a working day, local time. Default 17:00.</summary>
    public string WorkdayEnd { get; set; } = "17:00";

    /// <summary>A step gets a yellow flag when no more than this share of its time limit is left. Default 0.25.</summary>
    public double YellowFraction { get; set; } = 0.25;
}
