using Microsoft.Extensions.Diagnostics.HealthChecks;
using RpaRunner.Workflows.Calendar;

namespace RpaRunner.Runner.Scheduling;

/// <summary>
/// Degraded while this year, or a year that deadlines set now reach into (<c>Calendar:HolidayLookAheadDays</c>), has no
/// holiday data: its working days are then counted Monday to Friday, and deadlines over its holidays come out wrong.
/// The cure is the year's published notice in ops/calendar/china-holidays.json or <c>Calendar:HolidaysFile</c>.
/// </summary>
public sealed class HolidayDataHealthCheck(WorkingCalendar calendar, BureauClock clock, CalendarOptions options) : IHealthCheck
{
    public const string Name = "holiday-data";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var missing = calendar.MissingYears(clock.Today, options.HolidayLookAheadDays);
        if (missing.Count == 0)
        {
            return Task.FromResult(HealthCheckResult.Healthy("节假日数据齐全 / holiday data present"));
        }

        var years = string.Join("、", missing);
        return Task.FromResult(HealthCheckResult.Degraded(
            $"没有 {years} 年的节假日数据，该年工作日按周一至周五计算；请在 ops/calendar/china-holidays.json 或 Calendar:HolidaysFile 中补充国务院办公厅的放假安排。"
            + $" / No holiday data for {years}: its working days are counted Monday to Friday; add the published schedule to ops/calendar/china-holidays.json or Calendar:HolidaysFile.",
            data: new Dictionary<string, object> { ["missingYears"] = missing }));
    }
}
