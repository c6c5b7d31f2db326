using System.Globalization;
using RpaRunner.Workflows.Calendar;

namespace RpaRunner.Designer.Components;

/// <summary>How the UI writes moments: in the bureau's time zone, whatever the server's zone is.</summary>
public static class ClockText
{
    public static string Format(this BureauClock clock, DateTimeOffset? at) =>
        at is { } t ? clock.ToLocal(t).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : "—";

    /// <summary>The time of day only, for moments within something already dated (an attempt's submit).</summary>
    public static string FormatTime(this BureauClock clock, DateTimeOffset? at) =>
        at is { } t ? clock.ToLocal(t).ToString("HH:mm:ss", CultureInfo.InvariantCulture) : "—";
}
