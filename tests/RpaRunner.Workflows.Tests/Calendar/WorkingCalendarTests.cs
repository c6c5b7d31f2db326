using RpaRunner.Workflows.Calendar;

namespace RpaRunner.Workflows.Tests.Calendar;

public sealed class WorkingCalendarTests
{
    private static readonly WorkingCalendar China = WorkingCalendar.China;

    [Theory]
    [InlineData("2025-01-01", false)] // New Year
    [InlineData("2025-01-26", true)]  // Sunday, make-up day before the Spring Festival
    [InlineData("2025-01-28", false)] // Spring Festival eve holiday
    [InlineData("2025-02-04", false)] // last day of the Spring Festival
    [InlineData("2025-02-05", true)]
    [InlineData("2025-02-08", true)]  // Saturday, make-up day
    [InlineData("2025-04-04", false)] // Qingming (Friday)
    [InlineData("2025-04-27", true)]  // Sunday, make-up day before Labour Day
    [InlineData("2025-05-05", false)]
    [InlineData("2025-06-02", false)] // Dragon Boat (Monday)
    [InlineData("2025-09-28", true)]  // Sunday, make-up day
    [InlineData("2025-10-08", false)]
    [InlineData("2025-10-11", true)]  // Saturday, make-up day
    [InlineData("2026-01-02", false)]
    [InlineData("2026-01-04", true)]  // Sunday, make-up day
    [InlineData("2026-02-14", true)]  // Saturday, make-up day
    [InlineData("2026-02-23", false)] // last day of the Spring Festival
    [InlineData("2026-02-28", true)]  // Saturday, make-up day
    [InlineData("2026-05-09", true)]  // Saturday, make-up day
    [InlineData("2026-06-19", false)] // Dragon Boat (Friday)
    [InlineData("2026-09-20", true)]  // Sunday, make-up day
    [InlineData("2026-09-25", false)] // Mid-Autumn (Friday)
    [InlineData("2026-10-07", false)]
    [InlineData("2026-10-10", true)]  // Saturday, make-up day
    [InlineData("2026-11-21", false)] // an ordinary Saturday
    [InlineData("2026-11-23", true)]  // an ordinary Monday
    public void WorkingDays_FollowTheStatutoryHolidaysAndMakeUpDays(string date, bool working) =>
        Assert.Equal(working, China.IsWorkingDay(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void AddWorkingDays_JumpsOverTheSpringFestival_AndLandsOnMakeUpDays()
    {
        // Monday 2025-01-27 is a working day; the next one is 2025-02-05 (holiday 1/28–2/4).
        Assert.Equal(new DateOnly(2025, 2, 5), China.AddWorkingDays(new DateOnly(2025, 1, 27), 1));
        // Friday 2025-02-07 + 1: Saturday 2025-02-08 is a make-up working day.
        Assert.Equal(new DateOnly(2025, 2, 8), China.AddWorkingDays(new DateOnly(2025, 2, 7), 1));
        // National Day 2026: from Wednesday 2026-09-30, 3 working days are 10/8, 10/9, 10/10 (a make-up Saturday).
        Assert.Equal(new DateOnly(2026, 10, 10), China.AddWorkingDays(new DateOnly(2026, 9, 30), 3));
        // A holiday itself counts from the next working day.
        Assert.Equal(new DateOnly(2026, 10, 8), China.AddWorkingDays(new DateOnly(2026, 10, 3), 0));
    }

    [Fact]
    public void WorkingDaysBetween_CountsOnlyWorkingDays()
    {
        // October 2025: 23 weekdays, minus 6 holiday weekdays (1–3, 6–8), plus make-up Saturday 11th = 18.
        Assert.Equal(18, China.WorkingDaysBetween(new DateOnly(2025, 10, 1), new DateOnly(2025, 11, 1)));
        // February 2026: 20 weekdays, minus 2/16–2/20 and 2/23 (6), plus 2/14 and 2/28 = 16.
        Assert.Equal(16, China.WorkingDaysBetween(new DateOnly(2026, 2, 1), new DateOnly(2026, 3, 1)));
    }

    [Fact]
    public void HalfAWorkingDay_IsHalfTheWorkingHours_AndSkipsNightsAndHolidays()
    {
        // 09:00–17:00: half a day is four working hours.
        var mondayMorning = China.At(new DateOnly(2026, 11, 23), new TimeOnly(10, 0));
        Assert.Equal(China.At(new DateOnly(2026, 11, 23), new TimeOnly(14, 0)), China.AddWorkingTime(mondayMorning, 0.5m));
        var mondayAfternoon = China.At(new DateOnly(2026, 11, 23), new TimeOnly(16, 0));
        Assert.Equal(China.At(new DateOnly(2026, 11, 24), new TimeOnly(12, 0)), China.AddWorkingTime(mondayAfternoon, 0.5m));

        // Accepted on the eve of National Day 2026 at 15:00, one working day ends on 10/8 at 15:00.
        var eve = China.At(new DateOnly(2026, 9, 30), new TimeOnly(15, 0));
        Assert.Equal(China.At(new DateOnly(2026, 10, 8), new TimeOnly(15, 0)), China.AddWorkingTime(eve, 1m));

        // Accepted on a Sunday: counting starts on Monday at 09:00.
        var sunday = China.At(new DateOnly(2026, 11, 22), new TimeOnly(11, 30));
        Assert.Equal(China.At(new DateOnly(2026, 11, 24), new TimeOnly(9, 0)) + TimeSpan.FromHours(8), China.AddWorkingTime(sunday, 2m));
        Assert.Equal(China.At(new DateOnly(2026, 11, 23), new TimeOnly(17, 0)), China.AddWorkingTime(sunday, 1m));
    }

    [Fact]
    public void WorkingTimeBetween_IsTheInverseOfAddingWorkingTime()
    {
        var start = China.At(new DateOnly(2025, 1, 24), new TimeOnly(13, 15));
        foreach (var days in new[] { 0.5m, 1m, 3m, 5m, 10m })
        {
            var deadline = China.AddWorkingTime(start, days);
            Assert.Equal(TimeSpan.FromHours((double)(8 * days)), China.WorkingTimeBetween(start, deadline));
        }
    }

    [Fact]
    public void Configuration_AddsLaterYears_AndChangesTheWorkingHours()
    {
        var calendar = WorkingCalendar.FromOptions(new CalendarOptions
        {
            Holidays = ["2027-01-01", "2027-02-06..2027-02-12"],
            MakeUpWorkingDays = ["2027-02-14"],
            WorkdayStart = "08:30",
            WorkdayEnd = "17:30",
        });
        Assert.False(calendar.IsWorkingDay(new DateOnly(2027, 1, 1)));
        Assert.False(calendar.IsWorkingDay(new DateOnly(2027, 2, 10)));
        Assert.True(calendar.IsWorkingDay(new DateOnly(2027, 2, 14)));
        Assert.False(calendar.IsWorkingDay(new DateOnly(2026, 10, 1)));
        Assert.Equal(TimeSpan.FromHours(9), calendar.WorkdayLength);
    }
}
