using Microsoft.EntityFrameworkCore;
using RpaRunner.Runner.Demo;
using RpaRunner.Tests.Shared;
using RpaRunner.Workflows.Engine;
using RpaRunner.Workflows.Engine.Contracts;
using RpaRunner.Workflows.Tests.TestSupport;

namespace RpaRunner.Workflows.Tests.Engine;

/// <summary>
/// Exactly once at the commit point: an attempt that ends badly after its bot passed the commit point (the submit)
/// has an unknown outcome. It is never entered again blindly: a searchable action is looked up (found → done, not
/// found → entered again); one that cannot be searched goes to a person.
/// </summary>
public sealed class CommitPointTests : IAsyncLifetime
{
    private EngineHarness _h = null!;

    public async Task InitializeAsync() => _h = await EngineHarness.CreateAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private Task<StepLeaseAnswer> CommitAsync(RunStep step) =>
        _h.Engine.ExtendLeaseAsync(new ExtendStepLease { StepRecordId = step.StepRecordId, DispatchToken = step.DispatchToken, Worker = "test-bot", Committing = true });

    /// <summary>A 退休 case pinned to version 1, whose first step is the approval.</summary>
    private Task<string> SubmitRetirementAsync() => _h.SubmitVersionAsync("retirement", 1, SampleApplications.RetirementVersion1(0, _h.Today));

    private async Task<(string Code, RunStep Step)> RetirementApprovalCommittedAsync()
    {
        var code = await SubmitRetirementAsync();
        var step = await _h.ClaimAsync(code, "retirementApproval");
        Assert.True((await CommitAsync(step)).Granted);
        return (code, step);
    }

    [Fact]
    public async Task TheCommitMoment_IsNotedOnTheAttempt_AndAudited()
    {
        var (code, step) = await RetirementApprovalCommittedAsync();
        await using (var db = await _h.DbAsync())
        {
            var attempt = await db.Attempts.SingleAsync(a => a.StepRecordId == step.StepRecordId);
            Assert.Equal(_h.Time.GetUtcNow(), attempt.CommittedAt);
        }

        Assert.Contains(await _h.Queries.AuditOfAsync(code), e => e.Kind == "step.committing");
    }

    [Fact]
    public async Task ATransientFailureAfterTheCommitPoint_IsLookedUp_AndTheRecordFound_SucceedsWithoutEnteringAgain()
    {
        var (code, step) = await RetirementApprovalCommittedAsync();
        await _h.FailAsync(step, FailureClass.Transient, "HTTP 500 on the result page");

        var unknown = await _h.StepAsync(code, "retirementApproval");
        Assert.Equal((StepStatus.OutcomeUnknown, FailureClass.OutcomeUnknown), (unknown.Status, unknown.ErrorClass));
        Assert.Equal(CaseStatus.Running, (await _h.CaseAsync(code)).Status);

        var verification = await _h.ClaimAsync(code, "retirementApproval");
        Assert.True(verification.Verify);
        Assert.True((await _h.StepAsync(code, "retirementApproval")).Verifying);
        await _h.SucceedAsync(verification, foundExisting: true);

        var done = await _h.StepAsync(code, "retirementApproval");
        Assert.Equal(StepStatus.Succeeded, done.Status);
        Assert.False(done.Verifying);
        Assert.Equal(["unknown", "found"], done.Attempts.OrderBy(a => a.Attempt).Select(a => a.Outcome));
        var audit = await _h.Queries.AuditOfAsync(code);
        Assert.Contains(audit, e => e.Kind == "step.outcome-unknown");
        Assert.Contains(audit, e => e.Kind == "step.verification-dispatched");
    }

    [Fact]
    public async Task AVerificationThatFindsNothing_EntersTheRecordAgain_FromTheStart()
    {
        var (code, step) = await RetirementApprovalCommittedAsync();
        await _h.FailAsync(step, FailureClass.OutcomeUnknown, "提交后结果不明");
        var verification = await _h.ClaimAsync(code, "retirementApproval");
        await _h.Engine.ApplyReportAsync(_h.Success(verification) with { Succeeded = false, NotFound = true, Outputs = [] });

        Assert.Equal(StepStatus.Ready, (await _h.StepAsync(code, "retirementApproval")).Status);
        var again = await _h.ClaimAsync(code, "retirementApproval");
        Assert.False(again.Verify);
        await _h.SucceedAsync(again);
        Assert.Equal(StepStatus.Succeeded, (await _h.StepAsync(code, "retirementApproval")).Status);
    }

    [Fact]
    public async Task ALeaseThatRunsOutAfterTheCommitPoint_IsAnUnknownOutcome_BeforeItAPlainRetry()
    {
        var (code, _) = await RetirementApprovalCommittedAsync();
        var other = await SubmitRetirementAsync();
        var uncommitted = await _h.ClaimAsync(other, "retirementApproval");
        await _h.Engine.ExtendLeaseAsync(new ExtendStepLease { StepRecordId = uncommitted.StepRecordId, DispatchToken = uncommitted.DispatchToken, Worker = "test-bot" });

        _h.Time.Advance(EngineHarness.Lease + TimeSpan.FromSeconds(1));
        Assert.Equal(2, await _h.Engine.ReclaimExpiredLeasesAsync());

        Assert.Equal(StepStatus.OutcomeUnknown, (await _h.StepAsync(code, "retirementApproval")).Status);
        Assert.Equal(StepStatus.FailedWillRetry, (await _h.StepAsync(other, "retirementApproval")).Status);
    }

    [Fact]
    public async Task ARefusalAfterTheCommitPoint_IsARefusal_TheSystemStoredNothing()
    {
        var (code, step) = await RetirementApprovalCommittedAsync();
        await _h.FailAsync(step, FailureClass.Business, "单位统一社会信用代码不存在");
        var refused = await _h.StepAsync(code, "retirementApproval");
        Assert.Equal((StepStatus.WaitingForPerson, FailureClass.Business), (refused.Status, refused.ErrorClass));
    }

    [Fact]
    public async Task AVerificationThatKeepsFailing_GoesToAPerson_StillAsAnUnknownOutcome()
    {
        var (code, step) = await RetirementApprovalCommittedAsync();
        await _h.FailAsync(step, FailureClass.Transient, "timeout after submit");
        for (var i = 0; i < 10 && (await _h.StepAsync(code, "retirementApproval")).Status == StepStatus.OutcomeUnknown; i++)
        {
            _h.Time.Advance(TimeSpan.FromHours(1));
            var verification = await _h.ClaimAsync(code, "retirementApproval");
            Assert.True(verification.Verify);
            await _h.FailAsync(verification, FailureClass.Transient, "search page timed out");
        }

        var waiting = await _h.StepAsync(code, "retirementApproval");
        Assert.Equal((StepStatus.WaitingForPerson, FailureClass.OutcomeUnknown), (waiting.Status, waiting.ErrorClass));
        Assert.Contains("核实", waiting.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownOutcome_OfAnActionThatCannotBeSearched_GoesToAPerson_AndIsNeverDispatchedAgainByItself()
    {
        _h.Catalog.Add(TestBundles.RetirementWithContactStep(), "test");
        var code = await _h.SubmitAsync("retirement");
        await _h.SucceedAsync(await _h.ClaimAsync(code, "contributionRecord"));
        await _h.SucceedAsync(await _h.ClaimAsync(code, "retirementApproval"));
        var contact = (await _h.ClaimAllAsync()).Single(s => s.StepId == "contact");
        await CommitAsync(contact);
        await _h.FailAsync(contact, FailureClass.Transient, "窗口已关闭");

        var waiting = await _h.StepAsync(code, "contact");
        Assert.Equal((StepStatus.WaitingForPerson, FailureClass.OutcomeUnknown), (waiting.Status, waiting.ErrorClass));
        Assert.Contains("RT", waiting.Error, StringComparison.Ordinal); // names the record's key for the person to look for
        _h.Time.Advance(TimeSpan.FromDays(1));
        Assert.DoesNotContain(await _h.ClaimAllAsync(), s => s.StepId == "contact");

        // The person found the record in the system: it is done, by hand, with nothing entered twice.
        await _h.Engine.PerformAsync(new PersonAction(code, "contact", PersonActionKind.CompleteByHand, "operator1", "已在系统中查到该记录", []));
        Assert.Equal(StepStatus.Succeeded, (await _h.StepAsync(code, "contact")).Status);
    }

    [Fact]
    public async Task AFailureBeforeTheCommitPoint_OfAnActionThatCannotBeSearched_IsRetriedAsUsual()
    {
        _h.Catalog.Add(TestBundles.RetirementWithContactStep(), "test");
        var code = await _h.SubmitAsync("retirement");
        await _h.SucceedAsync(await _h.ClaimAsync(code, "contributionRecord"));
        await _h.SucceedAsync(await _h.ClaimAsync(code, "retirementApproval"));
        var contact = (await _h.ClaimAllAsync()).Single(s => s.StepId == "contact");
        await _h.FailAsync(contact, FailureClass.Transient, "应用窗口未响应");
        Assert.Equal(StepStatus.FailedWillRetry, (await _h.StepAsync(code, "contact")).Status);
    }
}
