namespace RpaRunner.Workflows.Calendar;

/// <summary>
/// The bureau's clock: its time zone (configuration "Bureau:TimeZone", the one key for it) over a
/// <see cref="TimeProvider"/>. Form dates, case codes, working days, service hours, the web bots' browsers and
/// every time the UI shows are local to it, whatever the server's own zone is.
/// </summary>
public sealed class BureauClock
{
    /// <summary>The configuration key of the bureau's time zone.</summary>
    public const string TimeZoneKey = "Bureau:TimeZone";

    /// <summary>The zone when none is configured.</summary>
    public const string DefaultTimeZone = "Asia/Shanghai";

    private readonly TimeProvider _time;

    public BureauClock(TimeProvider time, TimeZoneInfo zone)
    {
        _time = time;
        Zone = zone;
    }

    /// <summary>The clock of <paramref name="options"/>; an unknown zone fails, naming the key.</summary>
    public BureauClock(TimeProvider time, BureauOptions options)
        : this(time, ResolveZone(options.TimeZone))
    {
    }

    /// <summary>The zone when none is configured, resolved.</summary>
    public static TimeZoneInfo DefaultZone { get; } = ResolveZone(DefaultTimeZone);

    public TimeZoneInfo Zone { get; }

    /// <summary>The clock underneath (UTC instants).</summary>
    public TimeProvider Time => _time;

    /// <summary>The zone's IANA name (what browsers take), e.g. "Asia/Shanghai".</summary>
    public string IanaZoneId => Zone.HasIanaId || !TimeZoneInfo.TryConvertWindowsIdToIanaId(Zone.Id, out var iana) ? Zone.Id : iana;

    /// <summary>The bureau's local time now.</summary>
    public DateTimeOffset Now => ToLocal(_time.GetUtcNow());

    /// <summary>The bureau's date today.</summary>
    public DateOnly Today => DateOnly.FromDateTime(Now.DateTime);

    /// <summary>The start of today in the bureau, as an instant.</summary>
    public DateTimeOffset StartOfToday => StartOf(Today);

    /// <summary>The start of <paramref name="day"/> in the bureau, as an instant.</summary>
    public DateTimeOffset StartOf(DateOnly day)
    {
        var midnight = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(midnight, Zone.GetUtcOffset(midnight));
    }

    /// <summary><paramref name="instant"/> in the bureau's local time.</summary>
    public DateTimeOffset ToLocal(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);

    /// <summary>The bureau's date at <paramref name="instant"/>.</summary>
    public DateOnly LocalDate(DateTimeOffset instant) => DateOnly.FromDateTime(ToLocal(instant).DateTime);

    /// <summary>A zone by its name; an unknown name fails with a message naming <see cref="TimeZoneKey"/>.</summary>
    public static TimeZoneInfo ResolveZone(string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            throw new InvalidOperationException($"{TimeZoneKey} is empty: give the bureau's time zone, e.g. {DefaultTimeZone}.");
        }

        return TimeZoneInfo.TryFindSystemTimeZoneById(id.Trim(), out var zone)
            ? zone
            : throw new InvalidOperationException($"{TimeZoneKey} '{id}' is not a time zone this machine knows; give an IANA name such as {DefaultTimeZone}.");
    }

    /// <summary>Whether <paramref name="id"/> names a time zone this machine knows.</summary>
    public static bool IsKnownZone(string? id) => !string.IsNullOrWhiteSpace(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id.Trim(), out _);
}

/// <summary>Settings of the bureau (configuration section "Bureau").</summary>
public sealed class BureauOptions
{
    public const string Section = "Bureau";

    /// <summary>The bureau's time zone, an IANA name. Default Asia/Shanghai.</summary>
    public string TimeZone { get; set; } = BureauClock.DefaultTimeZone;
}
