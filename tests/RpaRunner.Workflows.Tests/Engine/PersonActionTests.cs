using System.Text.Json;
using RpaRunner.Workflows.Engine;
using RpaRunner.Workflows.Tests.TestSupport;

namespace RpaRunner.Workflows.Tests.Engine;

/// <summary>What an operator can do with a step that waits for a person, each audited with who and why.</summary>
public sealed class PersonActionTests : IAsyncLifetime
{
    private EngineHarness _h = null!;
    private string _code = null!;

    public async Task InitializeAsync()
    {
        _h = await EngineHarness.CreateAsync();
        _code = await _h.SubmitAsync("company-setup");
        await _h.FailAsync(await _h.ClaimAsync(_code, "registration"), FailureClass.Business, "注册资本不符合要求");
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task Retry_MakesTheStepDueNow_WithAFreshRetryBudget()
    {
        await _h.Engine.PerformAsync(new PersonAction(_code, "registration", PersonActionKind.Retry, "operator1", "系统已恢复"));
        var again = await _h.ClaimAsync(_code, "registration");
        Assert.Equal(2, again.Attempt);
        await AssertAudited("step.retried-by-person", "operator1", "系统已恢复");
    }

    [Fact]
    public async Task CorrectAndRetry_SendsTheCorrectedInput_AndKeepsTheRest()
    {
        await _h.Engine.PerformAsync(new PersonAction(_code, "registration", PersonActionKind.CompleteByHand, "operator1", "窗口手工办结",
            new() { ["creditCode"] = "91350100M000100Y43", ["registrationNo"] = "350100000000001" }));
        var seal = await _h.ClaimAsync(_code, "seal");
        await _h.FailAsync(seal, FailureClass.Business, "统一社会信用代码不存在");
        await _h.Engine.PerformAsync(new PersonAction(_code, "seal", PersonActionKind.CorrectAndRetry, "operator1", "按营业执照更正信用代码",
            new() { ["creditCode"] = "91430100MA4L0UBX5E" }));
        var again = await _h.ClaimAsync(_code, "seal");
        Assert.Equal("91430100MA4L0UBX5E", again.Inputs["creditCode"]);
        Assert.Equal(seal.Inputs["companyName"], again.Inputs["companyName"]);
        await AssertAudited("step.corrected-by-person", "operator1", "按营业执照更正信用代码");
    }

    [Fact]
    public async Task CorrectAndRetry_UnknownInput_IsRefused()
    {
        var ex = await Assert.ThrowsAsync<ValuesRejectedException>(() => _h.Engine.PerformAsync(
            new PersonAction(_code, "registration", PersonActionKind.CorrectAndRetry, "operator1", "typo", new() { ["notAnInput"] = "x" })));
        Assert.Equal("inputs.notAnInput", Assert.Single(ex.Errors).Path);
        Assert.Equal(StepStatus.WaitingForPerson, (await _h.StepAsync(_code, "registration")).Status);
    }

    [Fact]
    public async Task CompleteByHand_RecordsTheOutputs_AndReleasesTheStepsAfterIt()
    {
        await _h.Engine.PerformAsync(new PersonAction(_code, "registration", PersonActionKind.CompleteByHand, "operator1", "已在窗口手工办结",
            new() { ["creditCode"] = "91350100M000100Y43", ["registrationNo"] = "350100000000001" }));
        var step = await _h.StepAsync(_code, "registration");
        Assert.Equal(StepStatus.Succeeded, step.Status);
        Assert.Equal("operator1", step.ResolvedBy);
        var next = await _h.ClaimAllAsync();
        Assert.Equal(4, next.Count);
        Assert.All(next, s => Assert.Equal("91350100M000100Y43", s.Inputs["creditCode"]));
        await AssertAudited("step.completed-by-person", "operator1", "已在窗口手工办结");
    }

    [Fact]
    public async Task CompleteByHand_WithoutEveryOutput_IsRefused()
    {
        var ex = await Assert.ThrowsAsync<ValuesRejectedException>(() => _h.Engine.PerformAsync(
            new PersonAction(_code, "registration", PersonActionKind.CompleteByHand, "operator1", "手工", new() { ["registrationNo"] = "350100000000001" })));
        Assert.Equal("outputs.creditCode", Assert.Single(ex.Errors).Path);
    }

    [Fact]
    public async Task Skip_WithCascade_SkipsTheStepsThatNeedItsOutputs()
    {
        await _h.Engine.PerformAsync(new PersonAction(_code, "registration", PersonActionKind.Skip, "operator1", "申请人已自行办理", Cascade: true));
        Assert.Equal(StepStatus.Skipped, (await _h.StepAsync(_code, "registration")).Status);
        Assert.Empty(await _h.ClaimAllAsync());
        Assert.Equal(StepStatus.Skipped, (await _h.StepAsync(_code, "tax")).Status);
        await AssertAudited("step.skipped-by-person", "operator1", "申请人已自行办理");
    }

    [Fact]
    public async Task Cancel_CancelsEveryOpenStep_AndLateReportsAreIgnored()
    {
        await _h.Engine.PerformAsync(new PersonAction(_code, "registration", PersonActionKind.Retry, "operator1", "retry"));
        var running = await _h.ClaimAsync(_code, "registration");
        await _h.Engine.CancelCaseAsync(_code, "operator1", "申请人撤回申请");
        var view = await _h.CaseAsync(_code);
        Assert.Equal(CaseStatus.Cancelled, view.Status);
        Assert.All(view.Steps, s => Assert.Equal(StepStatus.Cancelled, s.Status));
        // The running attempt ends with the withdrawal: its session is free from then on.
        var cancelledAt = _h.Time.GetUtcNow();
        Assert.Equal(cancelledAt, (await _h.StepAsync(_code, "registration")).Attempts.Single(a => a.Attempt == running.Attempt).FinishedAt);

        await _h.SucceedAsync(running);
        Assert.Equal(StepStatus.Cancelled, (await _h.StepAsync(_code, "registration")).Status);
        await AssertAudited("case.cancelled", "operator1", "申请人撤回申请");
        await Assert.ThrowsAsync<ActionConflictException>(() => _h.Engine.PerformAsync(new PersonAction(_code, "registration", PersonActionKind.Retry, "operator1", "again")));
    }

    [Fact]
    public async Task Retry_OfARunningStep_IsAConflict()
    {
        await _h.Engine.PerformAsync(new PersonAction(_code, "registration", PersonActionKind.Retry, "operator1", "retry"));
        await _h.ClaimAsync(_code, "registration");
        var ex = await Assert.ThrowsAsync<ActionConflictException>(() => _h.Engine.PerformAsync(new PersonAction(_code, "registration", PersonActionKind.Retry, "operator1", "retry again")));
        Assert.Equal("step.state", ex.Code);
    }

    [Fact]
    public async Task AnActionWithoutAReason_IsRefused()
    {
        var ex = await Assert.ThrowsAsync<EngineRequestException>(() => _h.Engine.PerformAsync(new PersonAction(_code, "registration", PersonActionKind.Skip, "operator1", "  ")));
        Assert.Equal("reason.required", ex.Code);
    }

    private async Task AssertAudited(string kind, string actor, string reason)
    {
        var audit = await _h.Queries.AuditOfAsync(_code);
        var row = audit.Last(a => a.Kind == kind);
        Assert.Equal(actor, row.Actor);
        Assert.Equal(reason, row.Detail!.Value.GetProperty("reason").GetString());
        Assert.Equal(JsonValueKind.Object, row.Detail.Value.ValueKind);
    }
}
