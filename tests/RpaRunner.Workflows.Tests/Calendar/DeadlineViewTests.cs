using System.Text.Json.Nodes;
using RpaRunner.Workflows.Audit;
using RpaRunner.Workflows.Calendar;
using RpaRunner.Workflows.Engine;
using RpaRunner.Workflows.Tests.TestSupport;

namespace RpaRunner.Workflows.Tests.Calendar;

/// <summary>
/// The deadline a case and each of its matters show (limit, due moment, working time left, flag), and the clock that
/// stands still while the case waits for the applicant (补正), on a fake clock and China's calendar (09:00–17:00).
/// </summary>
public sealed class DeadlineViewTests : IAsyncLifetime
{
    private const string NewMotherId = "43010219900101122X";
    private EngineHarness _h = null!;

    public async Task InitializeAsync() => _h = await EngineHarness.CreateAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    /// <summary>2026-11-<paramref name="day"/> at the given Asia/Shanghai time (the 24th is a Tuesday; no holidays that week).</summary>
    private static DateTimeOffset Local(int day, int hour, int minute = 0) => WorkingCalendar.China.At(new DateOnly(2026, 11, day), new TimeOnly(hour, minute));

    private static DateTimeOffset December(int day, int hour) => WorkingCalendar.China.At(new DateOnly(2026, 12, day), new TimeOnly(hour, 0));

    /// <summary>A newborn case submitted on Tuesday 10:00 whose birth certificate the department refused for a reason only the applicant can fix.</summary>
    private async Task<string> WaitingForApplicantAsync()
    {
        _h.Time.SetUtcNow(Local(24, 10));
        var code = await _h.SubmitAsync("newborn");
        await _h.FailAsync((await _h.ClaimAllAsync()).Single(), FailureClass.NeedsApplicant, "母亲身份信息在人口信息库中不存在");
        Assert.Equal(CaseStatus.WaitingForApplicant, (await _h.CaseAsync(code)).Status);
        return code;
    }

    private Task<AmendResult> AmendAsync(string code) => _h.Engine.AmendCaseAsync(new AmendCase(code, "clerk1", "申请人提供正确身份证号",
        new JsonObject { ["mother"] = new JsonObject { ["name"] = "苏丽", ["idNumber"] = NewMotherId } }));

    [Fact]
    public async Task ACaseAndItsMatters_ShowTheCommittedLimit_TheDueMoment_AndTheWorkingTimeLeft()
    {
        _h.Time.SetUtcNow(Local(24, 10));
        var code = await _h.SubmitAsync("newborn");
        var view = await _h.CaseAsync(code);

        // 出生医学证明: 1 working day, counted from Wednesday: due Wednesday 17:00; left: Tuesday 10–17 and Wednesday.
        var birth = view.Steps.Single(s => s.StepId == "birthCertificate").Deadline!;
        Assert.Equal((1m, Local(25, 17)), (birth.LimitDays, birth.DueAt));
        Assert.Equal((15d, 1.88m, false, DeadlineFlag.None, false), (birth.RemainingWorkingHours, birth.RemainingWorkingDays, birth.Overdue, birth.Flag, birth.Paused));

        // The case: its longest matter (社保卡, 5 working days from Wednesday): Tuesday 12-01 17:00.
        var whole = view.Deadline!;
        Assert.Equal((5m, December(1, 17), 47d), (whole.LimitDays, whole.DueAt, whole.RemainingWorkingHours));
        Assert.Equal(view.DeadlineAt, whole.DueAt);
    }

    [Fact]
    public async Task AMatterPastItsDueMoment_ShowsNegativeWorkingTime_AndTheRedFlagSupervisionRecorded()
    {
        _h.Time.SetUtcNow(Local(24, 10));
        var code = await _h.SubmitAsync("newborn");

        // Overdue in the evening, with no working time passed since: overdue all the same.
        _h.Time.SetUtcNow(Local(25, 18));
        var evening = (await _h.StepAsync(code, "birthCertificate")).Deadline!;
        Assert.Equal((0d, true), (evening.RemainingWorkingHours, evening.Overdue));

        _h.Time.SetUtcNow(Local(26, 11));
        await _h.Engine.SuperviseDeadlinesAsync();
        var birth = (await _h.StepAsync(code, "birthCertificate")).Deadline!;
        Assert.Equal((-2d, -0.25m, true, DeadlineFlag.Red), (birth.RemainingWorkingHours, birth.RemainingWorkingDays, birth.Overdue, birth.Flag));
    }

    [Fact]
    public async Task WhileTheCaseWaitsForTheApplicant_TheClockStandsStill_AndTheFlagStaysNone()
    {
        var code = await WaitingForApplicantAsync();

        // Thursday 11:00: without the pause the birth certificate would be two working hours overdue.
        _h.Time.SetUtcNow(Local(26, 11));
        var view = await _h.CaseAsync(code);
        var birth = view.Steps.Single(s => s.StepId == "birthCertificate").Deadline!;
        Assert.True(birth.Paused);
        Assert.Equal((Local(25, 17), 15d, false, DeadlineFlag.None), (birth.DueAt, birth.RemainingWorkingHours, birth.Overdue, birth.Flag));
        Assert.True(view.Steps.Single(s => s.StepId == "vaccination").Deadline!.Paused); // it waits for the refused matter
        Assert.True(view.Deadline!.Paused);
        Assert.Equal(47d, view.Deadline.RemainingWorkingHours);
        Assert.Null(view.Flag);
    }

    [Fact]
    public async Task DeadlineSupervision_LeavesMattersWhoseClockStandsStill()
    {
        var code = await WaitingForApplicantAsync();

        _h.Time.SetUtcNow(December(10, 12));
        Assert.Equal(0, await _h.Engine.SuperviseDeadlinesAsync());
        var view = await _h.CaseAsync(code);
        Assert.Null(view.Flag);
        Assert.All(view.Steps, s => Assert.Null(s.Flag));
        Assert.DoesNotContain(await _h.Queries.AuditOfAsync(code), a => a.Kind == AuditKinds.StepFlagged);
    }

    [Fact]
    public async Task TheAmendment_ResumesTheClock_AndMovesEachDeadlineLaterByTheWorkingTimePaused()
    {
        var code = await WaitingForApplicantAsync();

        // Paused Tuesday 10:00 to Thursday 11:00: 7 + 8 + 2 = 17 working hours.
        _h.Time.SetUtcNow(Local(26, 11));
        await AmendAsync(code);

        var view = await _h.CaseAsync(code);
        var birth = view.Steps.Single(s => s.StepId == "birthCertificate").Deadline!;
        // Wednesday 17:00 plus 17 working hours: Thursday, Friday, then Monday 09:00–10:00.
        Assert.Equal((Local(30, 10), 15d, false), (birth.DueAt, birth.RemainingWorkingHours, birth.Paused));
        Assert.Equal(December(4, 10), view.Deadline!.DueAt);  // 社保卡: Tuesday 12-01 17:00 plus 17 working hours
        Assert.Equal(December(4, 10), view.DeadlineAt);
        Assert.False(view.Deadline.Paused);

        Assert.Equal(0, await _h.Engine.SuperviseDeadlinesAsync());
        Assert.Null((await _h.CaseAsync(code)).Flag);
        var audit = await _h.Queries.AuditOfAsync(code);
        Assert.Contains(audit, a => a.Kind == AuditKinds.StepClockPaused && a.StepId == "birthCertificate");
        var resumed = audit.Single(a => a.Kind == AuditKinds.StepClockResumed && a.StepId == "birthCertificate");
        Assert.Equal(17, resumed.Detail!.Value.GetProperty("pausedWorkingHours").GetDouble());

        // The clock runs again; yellow with 2 of its 8 hours left (the limit, not the working time to the moved deadline).
        _h.Time.SetUtcNow(Local(27, 14));
        await _h.Engine.SuperviseDeadlinesAsync();
        Assert.Null((await _h.StepAsync(code, "birthCertificate")).Flag);
        _h.Time.SetUtcNow(Local(27, 16));
        await _h.Engine.SuperviseDeadlinesAsync();
        Assert.Equal("yellow", (await _h.StepAsync(code, "birthCertificate")).Flag);
    }
}
