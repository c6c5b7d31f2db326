using RpaRunner.Workflows.Catalog;
using RpaRunner.Workflows.Engine;
using RpaRunner.Workflows.Engine.Contracts;
using RpaRunner.Workflows.Tests.TestSupport;

namespace RpaRunner.Workflows.Tests.Engine;

/// <summary>Retries with backoff, hand-over to a person, leases and stale reports.</summary>
public sealed class CaseEngineFailureTests : IAsyncLifetime
{
    private EngineHarness _h = null!;

    public async Task InitializeAsync() => _h = await EngineHarness.CreateAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task TransientFailure_WaitsItsBackoff_ThenRunsAgain_WithGrowingDelays()
    {
        var code = await _h.SubmitAsync("company-setup");
        var delays = new List<TimeSpan>();
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var step = await _h.ClaimAsync(code, "registration");
            Assert.Equal(attempt, step.Attempt);
            await _h.FailAsync(step, FailureClass.Transient, "HTTP 503");
            var view = await _h.StepAsync(code, "registration");
            Assert.Equal(StepStatus.FailedWillRetry, view.Status);
            var delay = view.DueAt!.Value - _h.Time.GetUtcNow();
            delays.Add(delay);

            // Not due before its backoff has passed.
            Assert.Empty(await _h.ClaimAllAsync());
            _h.Time.Advance(delay);
        }

        // Default policy: 5 s initial, factor 2, half fixed and half jitter.
        Assert.InRange(delays[0].TotalSeconds, 2.5, 5);
        Assert.InRange(delays[1].TotalSeconds, 5, 10);
        Assert.InRange(delays[2].TotalSeconds, 10, 20);
        var success = await _h.ClaimAsync(code, "registration");
        await _h.SucceedAsync(success);
        Assert.Equal(StepStatus.Succeeded, (await _h.StepAsync(code, "registration")).Status);
    }

    [Fact]
    public async Task TransientFailures_ExhaustTheRetryBudget_ThenWaitForAPerson()
    {
        var code = await _h.SubmitAsync("company-setup");
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            await _h.FailAsync(await _h.ClaimAsync(code, "registration"), FailureClass.Transient, "HTTP 502 Bad Gateway");
            _h.Time.Advance(TimeSpan.FromMinutes(15));
        }

        var step = await _h.StepAsync(code, "registration");
        Assert.Equal(StepStatus.WaitingForPerson, step.Status);
        Assert.Equal(5, step.Attempt);
        Assert.Contains("HTTP 502", step.Error);
        Assert.Equal(CaseStatus.WaitingForPerson, (await _h.CaseAsync(code)).Status);
        Assert.Empty(await _h.ClaimAllAsync());
        var tasks = await _h.Queries.WaitingForPersonAsync();
        Assert.Contains(tasks, t => t.CaseCode == code && t.StepId == "registration");
    }

    [Fact]
    public async Task ASystemThatIsDown_MakesItsStepWaitForItsReturn_WithoutUsingUpTheRetryBudget()
    {
        var code = await _h.SubmitAsync("company-setup");

        // Far more refusals than the retry budget (5): each one waits for the break to end, none counts.
        for (var refusal = 1; refusal <= 8; refusal++)
        {
            await _h.DeferAsync(await _h.ClaimAsync(code, "registration"), TimeSpan.FromSeconds(20), "系统 shichang 连续故障，暂停访问（熔断）");
            var waiting = await _h.StepAsync(code, "registration");
            Assert.Equal(StepStatus.FailedWillRetry, waiting.Status);
            Assert.Contains("熔断", waiting.Error);
            var wait = waiting.DueAt!.Value - _h.Time.GetUtcNow();
            Assert.InRange(wait.TotalSeconds, 20, 25);

            // Not due before the system may be tried again.
            _h.Time.Advance(TimeSpan.FromSeconds(19));
            Assert.Empty(await _h.ClaimAllAsync());
            _h.Time.Advance(wait - TimeSpan.FromSeconds(19));
        }

        // Real failures still count: the budget is whole after the outage.
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            await _h.FailAsync(await _h.ClaimAsync(code, "registration"), FailureClass.Transient, "HTTP 502 Bad Gateway");
            _h.Time.Advance(TimeSpan.FromMinutes(15));
        }

        Assert.Equal(StepStatus.FailedWillRetry, (await _h.StepAsync(code, "registration")).Status);
        await _h.SucceedAsync(await _h.ClaimAsync(code, "registration"));
        var step = await _h.StepAsync(code, "registration");
        Assert.Equal(StepStatus.Succeeded, step.Status);
        Assert.Equal(13, step.Attempt);
        Assert.Equal(8, step.Attempts.Count(a => a.Outcome == "deferred"));
        Assert.Equal(8, (await _h.Queries.AuditOfAsync(code)).Count(e => e.Kind == "step.deferred"));
    }

    [Fact]
    public async Task ACasePinnedToAVersionAnotherRunnerPublished_IsCarriedOn_FromTheStoredDefinition()
    {
        var v2 = System.Text.Json.Nodes.JsonNode.Parse(_h.Catalog.SourceOf("company-setup", 1)!)!;
        v2["version"] = 2;
        _h.Catalog.Add(v2.ToJsonString(), "published elsewhere");
        var code = await _h.SubmitAsync("company-setup");
        Assert.Equal(2, (await _h.CaseAsync(code)).BundleVersion);
        var step = await _h.ClaimAsync(code, "registration");

        // A runner started before version 2 was published receives the bot's report.
        var otherCatalog = BundleCatalog.LoadEmbedded();
        Assert.Null(otherCatalog.Find("company-setup", 2));
        await _h.EngineWith(otherCatalog).ApplyReportAsync(_h.Success(step));

        Assert.Equal(StepStatus.Succeeded, (await _h.StepAsync(code, "registration")).Status);
        Assert.NotNull(otherCatalog.Find("company-setup", 2));
        Assert.Contains((await _h.CaseAsync(code)).Steps, s => s.StepId == "seal" && s.Status == StepStatus.Ready);
    }

    [Fact]
    public async Task SelectorDrift_ReportedByBots_IsKeptOnTheAttempt_AndListedPerActionForDesigners()
    {
        const string Drift = "selector drift: shichang.registerEnterprise step 3 used fallback #2 (label 企业名称) because #companyName no longer matches";
        var codes = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            var code = await _h.SubmitAsync("company-setup", requestId: $"drift-{i}");
            codes.Add(code);
            var step = await _h.ClaimAsync(code, "registration");
            await _h.Engine.ApplyReportAsync(_h.Success(step) with { Notes = [Drift] });
            _h.Time.Advance(TimeSpan.FromMinutes(1));
        }

        var second = codes[1];
        var attempt = (await _h.StepAsync(second, "registration")).Attempts.Single();
        Assert.Equal([Drift], attempt.Notes);

        var drift = Assert.Single(await _h.Queries.SelectorDriftAsync(_h.Time.GetUtcNow().AddDays(-30)));
        Assert.Equal(("shichang", "shichang.registerEnterprise", 2, second), (drift.System, drift.Action, drift.Attempts, drift.LastCaseCode));
        Assert.Empty(await _h.Queries.SelectorDriftAsync(_h.Time.GetUtcNow().AddSeconds(1)));
    }

    [Fact]
    public async Task BusinessFailure_WaitsForAPersonAtOnce_WithTheSystemsMessageAndEvidence()
    {
        var code = await _h.SubmitAsync("company-setup");
        await _h.FailAsync(await _h.ClaimAsync(code, "registration"), FailureClass.Business, "企业名称与已登记企业重名");
        var step = await _h.StepAsync(code, "registration");
        Assert.Equal(StepStatus.WaitingForPerson, step.Status);
        Assert.Equal(FailureClass.Business, step.ErrorClass);
        Assert.Equal("企业名称与已登记企业重名", step.Error);
        Assert.Equal(1, step.Attempt);
        Assert.Equal($"evidence/{code}/registration/1/page.png", step.Attempts.Single().Evidence!["screenshot"]);
    }

    [Fact]
    public async Task NeedsPersonFailure_IsNotRetried()
    {
        var code = await _h.SubmitAsync("company-setup");
        await _h.FailAsync(await _h.ClaimAsync(code, "registration"), FailureClass.NeedsPerson, "图形验证码");
        Assert.Equal(StepStatus.WaitingForPerson, (await _h.StepAsync(code, "registration")).Status);
        _h.Time.Advance(TimeSpan.FromHours(1));
        Assert.Empty(await _h.ClaimAllAsync());
    }

    [Fact]
    public async Task ExpiredLease_IsReclaimed_AndReDispatchedWithANewToken()
    {
        var code = await _h.SubmitAsync("company-setup");
        var lost = await _h.ClaimAsync(code, "registration");
        Assert.Equal(0, await _h.Engine.ReclaimExpiredLeasesAsync());

        _h.Time.Advance(EngineHarness.Lease + TimeSpan.FromSeconds(1));
        Assert.Equal(1, await _h.Engine.ReclaimExpiredLeasesAsync());
        var step = await _h.StepAsync(code, "registration");
        Assert.Equal(StepStatus.FailedWillRetry, step.Status);
        Assert.Contains("lease", step.Error);

        _h.Time.Advance(TimeSpan.FromMinutes(1));
        var again = await _h.ClaimAsync(code, "registration");
        Assert.Equal(2, again.Attempt);
        Assert.NotEqual(lost.DispatchToken, again.DispatchToken);
        Assert.Equal(lost.IdempotencyKey, again.IdempotencyKey);
    }

    [Fact]
    public async Task LeaseRenewal_IsRefusedForAStaleDispatch_AndGrantedForTheCurrentOne()
    {
        var code = await _h.SubmitAsync("company-setup");
        var first = await _h.ClaimAsync(code, "registration");
        var granted = await _h.Engine.ExtendLeaseAsync(new() { StepRecordId = first.StepRecordId, DispatchToken = first.DispatchToken, Worker = "w1" });
        Assert.True(granted.Granted);
        Assert.Equal(_h.Time.GetUtcNow() + EngineHarness.Lease, granted.LeaseExpiresAt);
        Assert.Equal("w1", (await _h.StepAsync(code, "registration")).LeaseHolder);

        _h.Time.Advance(EngineHarness.Lease + TimeSpan.FromSeconds(1));
        await _h.Engine.ReclaimExpiredLeasesAsync();
        var refused = await _h.Engine.ExtendLeaseAsync(new() { StepRecordId = first.StepRecordId, DispatchToken = first.DispatchToken, Worker = "w1" });
        Assert.False(refused.Granted);
    }

    [Fact]
    public async Task StaleFailureReport_IsIgnored_ButAStaleSuccessIsAccepted()
    {
        var (code, first, second) = await LostThenDispatchedAgainAsync();

        await _h.FailAsync(first, FailureClass.Business, "late failure of the lost attempt");
        Assert.Equal(StepStatus.Running, (await _h.StepAsync(code, "registration")).Status);

        // The lost attempt did create the record after all: its success wins, the running one will find it.
        await _h.SucceedAsync(first);
        Assert.Equal(StepStatus.Succeeded, (await _h.StepAsync(code, "registration")).Status);
        await _h.SucceedAsync(second);
        var attempts = (await _h.StepAsync(code, "registration")).Attempts;
        Assert.Equal(["succeeded", "stale"], attempts.Select(a => a.Outcome));
    }

    [Fact]
    public async Task ALateSuccess_EndsTheAttemptDispatchedAfterIt_WhichNoBotMayTakeAnyMore()
    {
        var (code, first, second) = await LostThenDispatchedAgainAsync();
        _h.Time.Advance(TimeSpan.FromSeconds(3));

        // The lost attempt's success arrives while the second dispatch still waits in its queue.
        await _h.SucceedAsync(first);
        var lateAt = _h.Time.GetUtcNow();
        var refused = await _h.Engine.ExtendLeaseAsync(new() { StepRecordId = second.StepRecordId, DispatchToken = second.DispatchToken, Worker = "w2" });
        Assert.False(refused.Granted);

        // The bot that picks the second dispatch up is refused and reports nothing; its attempt is closed all the same,
        // at the moment the engine stopped counting its session.
        _h.Time.Advance(TimeSpan.FromMinutes(10));
        var attempts = (await _h.StepAsync(code, "registration")).Attempts;
        Assert.Equal(2, attempts.Count);
        Assert.All(attempts, a => Assert.NotNull(a.FinishedAt));
        Assert.Equal("stale", attempts[1].Outcome);
        Assert.Equal(lateAt, attempts[1].FinishedAt);
    }

    /// <summary>A registration step whose first attempt went silent (its lease was reclaimed) and which was dispatched again.</summary>
    private async Task<(string Code, RunStep First, RunStep Second)> LostThenDispatchedAgainAsync()
    {
        var code = await _h.SubmitAsync("company-setup");
        var first = await _h.ClaimAsync(code, "registration");
        _h.Time.Advance(EngineHarness.Lease + TimeSpan.FromSeconds(1));
        await _h.Engine.ReclaimExpiredLeasesAsync();
        _h.Time.Advance(TimeSpan.FromMinutes(1));
        return (code, first, await _h.ClaimAsync(code, "registration"));
    }

    [Fact]
    public async Task Success_WithoutADeclaredOutput_WaitsForAPerson()
    {
        var code = await _h.SubmitAsync("company-setup");
        await _h.SucceedAsync(await _h.ClaimAsync(code, "registration"), new() { ["registrationNo"] = "R1" });
        var step = await _h.StepAsync(code, "registration");
        Assert.Equal(StepStatus.WaitingForPerson, step.Status);
        Assert.Contains("creditCode", step.Error);
    }
}
