using System.Globalization;

namespace RpaRunner.Workflows.Calendar;

/// <summary>
/// When something is open, in the bureau's local time: daily ranges ("08:00-18:00", "22:00-06:00" across
/// midnight, several separated by commas), optionally on working days only, minus closures (cutovers,
/// maintenance) given as absolute periods. Used for department systems' service hours and bundles' batch windows.
/// </summary>
public sealed class OpeningHours
{
    private readonly (TimeOnly From, TimeOnly To)[] _ranges;
    private readonly (DateTimeOffset From, DateTimeOffset To)[] _closures;
    private readonly WorkingCalendar _calendar;

    public OpeningHours(string? spec, bool workingDaysOnly, IEnumerable<(DateTimeOffset From, DateTimeOffset To)> closures, WorkingCalendar calendar)
    {
        Spec = string.IsNullOrWhiteSpace(spec) ? "00:00-24:00" : spec.Trim();
        _ranges = [.. ParseRanges(Spec)];
        WorkingDaysOnly = workingDaysOnly;
        _closures = [.. closures.OrderBy(c => c.From)];
        _calendar = calendar;
    }

    /// <summary>The daily ranges as configured, e.g. "08:00-18:00".</summary>
    public string Spec { get; }

    public bool WorkingDaysOnly { get; }

    /// <summary>Whether any hour of the day can be closed: false for "00:00-24:00" every day without closures.</summary>
    public bool IsRestricted => WorkingDaysOnly || _closures.Length > 0 || !(_ranges is [{ From.Ticks: 0, To.Ticks: 0 }]);

    public bool IsOpen(DateTimeOffset instant)
    {
        foreach (var (from, to) in _closures)
        {
            if (instant >= from && instant < to)
            {
                return false;
            }
        }

        var local = TimeZoneInfo.ConvertTime(instant, _calendar.Zone).DateTime;
        var today = DateOnly.FromDateTime(local);
        var clock = TimeOnly.FromDateTime(local);
        foreach (var (from, to) in _ranges)
        {
            var overnight = to <= from;
            if (!overnight && clock >= from && clock < to && DayCounts(today))
            {
                return true;
            }

            // A range across midnight belongs to the day it starts on.
            if (overnight && ((clock >= from && DayCounts(today)) || (clock < to && DayCounts(today.AddDays(-1)))))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The next moment it is open (now, when it is open now); null when it does not open within 400 days.</summary>
    public DateTimeOffset? NextOpening(DateTimeOffset instant)
    {
        if (IsOpen(instant))
        {
            return instant;
        }

        var candidates = new List<DateTimeOffset>();
        var today = _calendar.LocalDate(instant);
        for (var d = -1; d <= 400; d++)
        {
            var day = today.AddDays(d);
            candidates.AddRange(_ranges.Select(r => _calendar.At(day, r.From)));
        }

        candidates.AddRange(_closures.Select(c => c.To));
        return candidates.Where(c => c > instant).Order().Cast<DateTimeOffset?>().FirstOrDefault(c => IsOpen(c!.Value));
    }

    /// <summary>The next moment it closes after <paramref name="instant"/> while open; null when it is closed or never closes within 400 days.</summary>
    public DateTimeOffset? NextClosing(DateTimeOffset instant)
    {
        if (!IsOpen(instant))
        {
            return null;
        }

        var candidates = new List<DateTimeOffset>();
        var today = _calendar.LocalDate(instant);
        for (var d = -1; d <= 400; d++)
        {
            var day = today.AddDays(d);
            candidates.AddRange(_ranges.Select(r => _calendar.At(r.To <= r.From ? day.AddDays(1) : day, r.To)));
            candidates.Add(_calendar.At(day, TimeOnly.MinValue));
        }

        candidates.AddRange(_closures.Select(c => c.From));
        return candidates.Where(c => c > instant).Order().Cast<DateTimeOffset?>().FirstOrDefault(c => !IsOpen(c!.Value));
    }

    private bool DayCounts(DateOnly day) => !WorkingDaysOnly || _calendar.IsWorkingDay(day);

    /// <summary>Parses "08:00-12:00,13:30-17:30"; "24:00" ends a range at midnight.</summary>
    public static IEnumerable<(TimeOnly From, TimeOnly To)> ParseRanges(string spec)
    {
        foreach (var part in spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var bounds = part.Split('-', StringSplitOptions.TrimEntries);
            if (bounds.Length != 2)
            {
                throw new FormatException($"'{part}' is not a time range like 08:00-18:00.");
            }

            var from = WorkingCalendar.ParseTime(bounds[0]);
            var to = bounds[1] is "24:00" or "24:00:00" ? TimeOnly.MinValue : WorkingCalendar.ParseTime(bounds[1]);
            yield return (from, to);
        }
    }

    /// <summary>Parses a closure "2026-03-01T18:00/2026-03-03T08:00" (local time of the calendar, or with an offset).</summary>
    public static (DateTimeOffset From, DateTimeOffset To) ParseClosure(string text, WorkingCalendar calendar)
    {
        var parts = text.Split('/', StringSplitOptions.TrimEntries);
        if (parts.Length != 2)
        {
            throw new FormatException($"'{text}' is not a closure like 2026-03-01T18:00/2026-03-03T08:00.");
        }

        return (ParseInstant(parts[0], calendar), ParseInstant(parts[1], calendar));
    }

    private static DateTimeOffset ParseInstant(string text, WorkingCalendar calendar)
    {
        if (text.EndsWith('Z') || text.LastIndexOfAny(['+']) > 10 || (text.Length > 19 && text[^6] == '-'))
        {
            return DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);
        }

        var local = DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.None);
        return calendar.At(DateOnly.FromDateTime(local), TimeOnly.FromDateTime(local));
    }
}
