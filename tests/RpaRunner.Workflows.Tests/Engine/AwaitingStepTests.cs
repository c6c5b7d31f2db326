using RpaRunner.Runner.Demo;
using RpaRunner.Workflows.Audit;
using RpaRunner.Workflows.Engine;
using RpaRunner.Workflows.Engine.Contracts;
using RpaRunner.Workflows.Tests.TestSupport;

namespace RpaRunner.Workflows.Tests.Engine;

/// <summary>
/// A step whose department waits for the applicant (the newborn's premium, 待缴费): it rests and is looked at again,
/// never counted as a failure nor handed to a person, and succeeds once the department confirms the payment.
/// </summary>
public sealed class AwaitingStepTests : IAsyncLifetime
{
    private EngineHarness _h = null!;

    public async Task InitializeAsync() => _h = await EngineHarness.CreateAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    /// <summary>Runs the newborn case until the premium confirmation is dispatched, every other step succeeding.</summary>
    private async Task<(string Code, RunStep Premium)> UpToThePremiumAsync()
    {
        var code = await _h.SubmitVersionAsync("newborn", 2, SampleApplications.For("newborn", 0, _h.Today));
        for (var round = 0; round < 10; round++)
        {
            RunStep? premium = null;
            foreach (var step in await _h.ClaimAllAsync())
            {
                if (step.StepId == "premium")
                {
                    premium = step;
                    continue;
                }

                await _h.SucceedAsync(step);
            }

            if (premium is not null)
            {
                return (code, premium);
            }
        }

        throw new InvalidOperationException("the premium step never became due");
    }

    private Task AwaitAsync(RunStep step, string message = "待缴费：监护人尚未缴纳") =>
        _h.Engine.ApplyReportAsync(_h.Success(step) with { Succeeded = false, Outputs = [], Awaiting = true, Message = message });

    [Fact]
    public async Task AnUnpaidPremium_Waits_IsLookedAtAgain_AndSucceedsOncePaid_WithoutCountingAsAFailure()
    {
        var (code, premium) = await UpToThePremiumAsync();
        Assert.Equal("yibao.confirmPremium", premium.Action);
        Assert.False(string.IsNullOrEmpty(premium.Inputs["paymentRef"]));

        // More looks than the step's retry budget: none of them counts.
        for (var look = 1; look <= 8; look++)
        {
            Assert.Equal(look, premium.Attempt);
            await AwaitAsync(premium);
            var view = await _h.StepAsync(code, "premium");
            Assert.Equal(StepStatus.Awaiting, view.Status);
            Assert.Null(view.ErrorClass);
            Assert.Null(view.Error);
            Assert.Contains("等待申请人", view.Waiting, StringComparison.Ordinal);
            Assert.Equal(new EngineOptions().AwaitingRecheckInterval, view.DueAt!.Value - _h.Time.GetUtcNow());
            Assert.Equal(CaseStatus.Running, (await _h.CaseAsync(code)).Status);

            // Not looked at again before the interval has passed.
            Assert.DoesNotContain(await _h.ClaimAllAsync(), s => s.StepId == "premium");
            _h.Time.Advance(TimeSpan.FromMinutes(10));
            premium = (await _h.ClaimAllAsync()).Single(s => s.StepId == "premium");
        }

        await _h.SucceedAsync(premium);
        var done = await _h.StepAsync(code, "premium");
        Assert.Equal(StepStatus.Succeeded, done.Status);
        Assert.Equal(8, done.Attempts.Count(a => a.Outcome == AttemptOutcomes.Awaiting));
        Assert.DoesNotContain(done.Attempts, a => a.Outcome == AttemptOutcomes.Failed || a.ErrorClass is not null);
        var audit = await _h.Queries.AuditOfAsync(code);
        Assert.Equal(8, audit!.Count(e => e.Kind == AuditKinds.StepAwaiting));
        Assert.DoesNotContain(audit!, e => e.StepId == "premium" && e.Kind is AuditKinds.StepFailedWillRetry or AuditKinds.StepWaitingForPerson);
        Assert.Equal(1, audit!.Count(e => e.StepId == "premium" && e.Kind == AuditKinds.StepSucceeded));
        Assert.Equal(CaseStatus.Completed, (await _h.CaseAsync(code)).Status);
    }

    [Fact]
    public async Task AnAwaitingStep_KeepsTheCaseOpen_AndAPersonMayStillFinishIt()
    {
        var (code, premium) = await UpToThePremiumAsync();
        await AwaitAsync(premium);
        foreach (var step in await _h.ClaimAllAsync())
        {
            await _h.SucceedAsync(step);
        }

        var view = await _h.CaseAsync(code);
        Assert.Equal(CaseStatus.Running, view.Status);
        Assert.True(view.InMotion);
        Assert.Equal(StepStatus.Awaiting, view.Steps.Single(s => s.StepId == "premium").Status);

        // Paid at the counter: a person records the confirmation by hand, with outputs the contract accepts.
        var birthDate = premium.Inputs["birthDate"];
        await _h.Engine.PerformAsync(new PersonAction(code, "premium", PersonActionKind.CompleteByHand, "operator1", "paid at the counter",
            new Dictionary<string, string?> { ["paidAmount"] = premium.Inputs["premiumAmount"], ["effectiveDate"] = birthDate, ["confirmationNo"] = "DZQR20260000001" }));
        Assert.Equal(CaseStatus.Completed, (await _h.CaseAsync(code)).Status);
    }

    [Fact]
    public async Task AnAwaitingReport_ForAnActionThatAwaitsNothing_IsAFailure()
    {
        var code = await _h.SubmitVersionAsync("newborn", 2, SampleApplications.For("newborn", 0, _h.Today));
        var first = await _h.ClaimAsync(code, "birthCertificate");
        await AwaitAsync(first, "a page the script misread");

        var view = await _h.StepAsync(code, "birthCertificate");
        Assert.NotEqual(StepStatus.Awaiting, view.Status);
        Assert.Equal(AttemptOutcomes.Failed, view.Attempts.Single().Outcome);
    }
}
