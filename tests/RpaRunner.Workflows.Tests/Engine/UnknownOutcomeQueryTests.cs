using RpaRunner.Workflows.Engine;
using RpaRunner.Workflows.Engine.Contracts;
using RpaRunner.Workflows.Tests.TestSupport;

namespace RpaRunner.Workflows.Tests.Engine;

/// <summary>What operators and the API see of an attempt that failed after its submit (结果不明).</summary>
public sealed class UnknownOutcomeQueryTests : IAsyncLifetime
{
    private EngineHarness _h = null!;

    public async Task InitializeAsync() => _h = await EngineHarness.CreateAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    /// <summary>The bot passes its commit point (the submit), then the connection drops: the record may exist.</summary>
    private async Task<RunStep> FailAfterTheSubmitAsync(string code, string stepId)
    {
        var step = await _h.ClaimAsync(code, stepId);
        _h.Time.Advance(TimeSpan.FromSeconds(3));
        var answer = await _h.Engine.ExtendLeaseAsync(new() { StepRecordId = step.StepRecordId, DispatchToken = step.DispatchToken, Worker = "test-bot", Committing = true });
        Assert.True(answer.Granted);
        _h.Time.Advance(TimeSpan.FromSeconds(2));
        await _h.FailAsync(step, FailureClass.Transient, "连接在结果页前中断");
        return step;
    }

    [Fact]
    public async Task AStepWhoseOutcomeIsUnknown_IsItsOwnGroup_NeitherAnOutageNorARefusal()
    {
        var outage = await _h.SubmitAsync("company-setup");
        await _h.FailAsync(await _h.ClaimAsync(outage, "registration"), FailureClass.Transient, "HTTP 503");
        var code = await _h.SubmitAsync("company-setup");
        DateTimeOffset? committedAt = _h.Time.GetUtcNow() + TimeSpan.FromSeconds(3);
        await FailAfterTheSubmitAsync(code, "registration");

        var step = await _h.StepAsync(code, "registration");
        Assert.Equal(StepStatus.OutcomeUnknown, step.Status);
        var failures = await _h.Queries.FailuresAsync();
        var unknown = Assert.Single(failures.UnknownOutcomes);
        Assert.Equal("shichang", unknown.System);
        Assert.Equal(1, unknown.Checking);
        Assert.Equal(0, unknown.WaitingForPerson);
        Assert.Equal(1, failures.UnknownOutcomeCount);
        var reference = Assert.Single(unknown.Steps);
        Assert.Equal((code, "registration", false, committedAt), (reference.CaseCode, reference.StepId, reference.WaitingForPerson, reference.CommittedAt));

        // The outage next to it counts only its own step; nothing is a refusal.
        var outages = Assert.Single(failures.Outages);
        Assert.Equal(1, outages.Retrying + outages.WaitingForPerson);
        Assert.Empty(failures.Refusals);
        Assert.Empty(failures.ApplicantRefusals);

        // Bots are at work on it (a lookup is due): open, not done.
        var view = await _h.CaseAsync(code);
        Assert.True(view.InMotion);
        Assert.Equal(0, view.Progress.Done);
        Assert.Equal(CaseStatus.Running, view.Status);
    }

    [Fact]
    public async Task AnUnknownOutcomeHandedToAPerson_StaysInItsGroup_AndTheAttemptsShowTheSubmitAndTheLookup()
    {
        var code = await _h.SubmitAsync("company-setup");
        DateTimeOffset? committedAt = _h.Time.GetUtcNow() + TimeSpan.FromSeconds(3);
        await FailAfterTheSubmitAsync(code, "registration");

        // The lookup cannot be made (a page the script does not know): a person checks the system.
        var lookup = await _h.ClaimAsync(code, "registration");
        Assert.True(lookup.Verify);
        Assert.Equal(1, Assert.Single((await _h.Queries.FailuresAsync()).UnknownOutcomes).Checking);
        await _h.FailAsync(lookup, FailureClass.NeedsPerson, "查询页面无法识别");

        var step = await _h.StepAsync(code, "registration");
        Assert.Equal(StepStatus.WaitingForPerson, step.Status);
        Assert.Equal(FailureClass.OutcomeUnknown, step.ErrorClass);
        var failures = await _h.Queries.FailuresAsync();
        var unknown = Assert.Single(failures.UnknownOutcomes);
        Assert.Equal((0, 1), (unknown.Checking, unknown.WaitingForPerson));
        Assert.True(Assert.Single(unknown.Steps).WaitingForPerson);
        Assert.Empty(failures.Outages);
        Assert.Empty(failures.Refusals);

        Assert.Collection(
            step.Attempts,
            first =>
            {
                Assert.Equal("unknown", first.Outcome);
                Assert.Equal(committedAt, first.CommittedAt);
                Assert.False(first.Verification);
            },
            second =>
            {
                Assert.Equal("failed", second.Outcome);
                Assert.Null(second.CommittedAt);
                Assert.True(second.Verification);
            });
    }
}
