using RpaRunner.Workflows.Calendar;

namespace RpaRunner.Workflows.Tests.Calendar;

public sealed class DispatchScheduleTests
{
    private static readonly WorkingCalendar China = WorkingCalendar.China;

    private static DateTimeOffset Local(int year, int month, int day, int hour, int minute = 0) => China.At(new DateOnly(year, month, day), new TimeOnly(hour, minute));

    [Fact]
    public void ServiceHours_AreOpenOnlyInsideTheirRanges_OnWorkingDaysWhenAsked()
    {
        var tax = new OpeningHours("08:00-18:00", workingDaysOnly: true, [], China);
        Assert.True(tax.IsOpen(Local(2026, 11, 23, 8)));
        Assert.False(tax.IsOpen(Local(2026, 11, 23, 18)));
        Assert.False(tax.IsOpen(Local(2026, 11, 23, 7, 59)));
        Assert.False(tax.IsOpen(Local(2026, 10, 1, 10)));  // National Day
        Assert.True(tax.IsOpen(Local(2026, 10, 10, 10)));  // make-up Saturday
        Assert.Equal(Local(2026, 10, 8, 8), tax.NextOpening(Local(2026, 9, 30, 19)));
        Assert.Equal(Local(2026, 11, 23, 18), tax.NextClosing(Local(2026, 11, 23, 9)));
    }

    [Fact]
    public void ARangeAcrossMidnight_BelongsToTheDayItStarts()
    {
        var night = new OpeningHours("22:00-06:00", workingDaysOnly: true, [], China);
        Assert.True(night.IsOpen(Local(2026, 11, 23, 23)));   // Monday night
        Assert.True(night.IsOpen(Local(2026, 11, 24, 5)));    // still Monday's window
        Assert.False(night.IsOpen(Local(2026, 11, 24, 6)));
        Assert.False(night.IsOpen(Local(2026, 11, 21, 23)));  // Saturday night: not a working day
        Assert.True(night.IsOpen(Local(2026, 11, 21, 2)));    // Friday's window runs into Saturday
        Assert.Equal(Local(2026, 11, 23, 22), night.NextOpening(Local(2026, 11, 21, 12)));
    }

    [Fact]
    public void Closures_ShutASystemForAMultiDayCutover()
    {
        var closure = OpeningHours.ParseClosure("2026-03-01T18:00/2026-03-03T08:00", China);
        var medical = new OpeningHours("00:00-24:00", workingDaysOnly: false, [closure], China);
        Assert.True(medical.IsOpen(Local(2026, 3, 1, 17)));
        Assert.False(medical.IsOpen(Local(2026, 3, 2, 12)));
        Assert.True(medical.IsOpen(Local(2026, 3, 3, 8)));
        Assert.Equal(Local(2026, 3, 3, 8), medical.NextOpening(Local(2026, 3, 2, 12)));
        Assert.True(medical.IsRestricted);
        Assert.False(new OpeningHours(null, false, [], China).IsRestricted);
    }

    [Fact]
    public void Gates_NameClosedSystems_ClosedBatchWindows_AndSessionLimits()
    {
        var schedule = new DispatchSchedule(China,
            [new SystemRules("shuiwu", new OpeningHours("08:00-18:00", true, [], China), null), new SystemRules("gongan", null, 2)],
            [new BatchWindow("newborn", new OpeningHours("22:00-06:00", false, [], China), HoldSubmissions: true)]);
        var day = schedule.GatesAt(Local(2026, 11, 23, 10));
        Assert.Empty(day.ClosedSystems);
        Assert.Equal(["newborn"], day.ClosedBatchBundles);
        Assert.Equal(2, day.SessionLimits["gongan"]);
        var night = schedule.GatesAt(Local(2026, 11, 23, 23));
        Assert.Equal(["shuiwu"], night.ClosedSystems);
        Assert.Empty(night.ClosedBatchBundles);
    }

    [Fact]
    public void Deadlines_AreCountedInWorkingDays_FromTheNextDay_AndFlaggedYellowThenRed()
    {
        var schedule = new DispatchSchedule(China, [], [], yellowFraction: 0.25);
        var submitted = Local(2026, 9, 30, 15);
        var deadline = schedule.DeadlineOf(submitted, 1m);
        Assert.Equal(Local(2026, 10, 8, 17), deadline); // the day of acceptance does not count; 1–7 October are holidays

        Assert.Equal(DeadlineFlag.None, schedule.FlagOf(deadline, submitted, Local(2026, 9, 30, 16), null));    // not counting yet
        Assert.Equal(DeadlineFlag.None, schedule.FlagOf(deadline, submitted, Local(2026, 10, 5, 12), null));    // holiday: no working time used
        Assert.Equal(DeadlineFlag.None, schedule.FlagOf(deadline, submitted, Local(2026, 10, 8, 14, 59), null)); // just over 2 of 8 hours left
        Assert.Equal(DeadlineFlag.Yellow, schedule.FlagOf(deadline, submitted, Local(2026, 10, 8, 15), null));  // 2 hours = 25 % left
        Assert.Equal(DeadlineFlag.Red, schedule.FlagOf(deadline, submitted, Local(2026, 10, 8, 17, 1), null));
        Assert.Equal(DeadlineFlag.None, schedule.FlagOf(deadline, submitted, Local(2026, 10, 9, 9), Local(2026, 10, 8, 16)));  // done in time
        Assert.Equal(DeadlineFlag.Red, schedule.FlagOf(deadline, submitted, Local(2026, 10, 9, 9), Local(2026, 10, 9, 8, 30))); // done late
        Assert.Equal(DeadlineFlag.None, schedule.FlagOf(null, submitted, Local(2026, 10, 9, 9), null));
    }

    [Fact]
    public void AOneDayMatterAcceptedBeforeOpening_IsDueTheNextWorkingDay_AndIsNotYellowAtOnce()
    {
        var schedule = new DispatchSchedule(China, [], [], yellowFraction: 0.25);
        var early = Local(2026, 11, 23, 3, 6); // a Monday, before the bureau opens
        var late = Local(2026, 11, 23, 16, 59);
        Assert.Equal(Local(2026, 11, 24, 17), schedule.DeadlineOf(early, 1m));
        Assert.Equal(Local(2026, 11, 24, 17), schedule.DeadlineOf(late, 1m));
        Assert.Equal(Local(2026, 11, 27, 17), schedule.DeadlineOf(Local(2026, 11, 21, 10), 5m)); // Saturday: counting from Monday

        var deadline = schedule.DeadlineOf(early, 1m);
        Assert.Equal(DeadlineFlag.None, schedule.FlagOf(deadline, early, early, null));
        Assert.Equal(DeadlineFlag.None, schedule.FlagOf(deadline, early, Local(2026, 11, 23, 16), null));
        Assert.Equal(DeadlineFlag.Yellow, schedule.FlagOf(deadline, early, Local(2026, 11, 24, 15), null));
    }

    [Fact]
    public void HalfDayLimits_OfCompanySetup_TurnYellowInTheLastHour()
    {
        var schedule = new DispatchSchedule(China, [], [], yellowFraction: 0.25);
        var submitted = Local(2026, 11, 23, 9, 30);
        var deadline = schedule.DeadlineOf(submitted, 0.5m);
        Assert.Equal(Local(2026, 11, 23, 13, 30), deadline);
        Assert.Equal(DeadlineFlag.None, schedule.FlagOf(deadline, submitted, Local(2026, 11, 23, 12, 29), null));
        Assert.Equal(DeadlineFlag.Yellow, schedule.FlagOf(deadline, submitted, Local(2026, 11, 23, 12, 30), null));
    }
}
