using System.Globalization;
using Microsoft.Extensions.Options;
using RpaRunner.Workflows.Engine;

namespace RpaRunner.Designer.Components;

/// <summary>Shows times in the bureau's time zone (the engine's setting), whatever the server's zone is.</summary>
public sealed class UiClock(TimeProvider time, IOptions<EngineOptions> options)
{
    private readonly TimeZoneInfo _zone = TimeZoneInfo.TryFindSystemTimeZoneById(options.Value.TimeZone, out var zone) ? zone : TimeZoneInfo.Utc;

    public DateTimeOffset Now => TimeZoneInfo.ConvertTime(time.GetUtcNow(), _zone);

    public DateOnly Today => DateOnly.FromDateTime(Now.DateTime);

    /// <summary>The start of today in the bureau, as an instant.</summary>
    public DateTimeOffset StartOfToday => new(Now.Date, Now.Offset);

    public string Format(DateTimeOffset? at) =>
        at is { } t ? TimeZoneInfo.ConvertTime(t, _zone).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : "—";

    /// <summary>The time of day only, for moments within something already dated (an attempt's submit).</summary>
    public string FormatTime(DateTimeOffset? at) =>
        at is { } t ? TimeZoneInfo.ConvertTime(t, _zone).ToString("HH:mm:ss", CultureInfo.InvariantCulture) : "—";
}
