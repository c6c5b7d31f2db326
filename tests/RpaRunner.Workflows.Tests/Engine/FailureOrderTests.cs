using RpaRunner.Workflows.Engine;
using RpaRunner.Workflows.Tests.TestSupport;

namespace RpaRunner.Workflows.Tests.Engine;

/// <summary>The operators' failure groups keep one order while their counts and times change, so a row never moves under a click.</summary>
public sealed class FailureOrderTests : IAsyncLifetime
{
    private EngineHarness _h = null!;

    public async Task InitializeAsync() => _h = await EngineHarness.CreateAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    /// <summary>
    /// Fails a step transiently until its retries are used up and it waits for a person; the other failing steps due
    /// meanwhile meet an open circuit (they keep retrying without using up their retries).
    /// </summary>
    private async Task ExhaustAsync(string code, string stepId)
    {
        for (var i = 0; i < 20 && (await _h.StepAsync(code, stepId)).Status != StepStatus.WaitingForPerson; i++)
        {
            _h.Time.Advance(TimeSpan.FromHours(1));
            foreach (var due in await _h.ClaimAllAsync())
            {
                await (due.CaseCode == code && due.StepId == stepId
                    ? _h.FailAsync(due, FailureClass.Transient, $"HTTP 503 #{i}")
                    : _h.DeferAsync(due, TimeSpan.FromMinutes(30)));
            }
        }

        Assert.Equal(StepStatus.WaitingForPerson, (await _h.StepAsync(code, stepId)).Status);
    }

    [Fact]
    public async Task Outages_StayInSystemOrder_WhileCountsAndTimesChange_AndEachRowListsOnlyItsOwnWaitingSteps()
    {
        var a = await _h.SubmitAsync("company-setup");
        var b = await _h.SubmitAsync("company-setup");
        var c = await _h.SubmitAsync("company-setup");
        var first = await _h.ClaimAllAsync();
        await _h.SucceedAsync(first.Single(s => s.CaseCode == a));
        await _h.SucceedAsync(first.Single(s => s.CaseCode == b));
        await _h.FailAsync(first.Single(s => s.CaseCode == c), FailureClass.Transient, "市场监管：HTTP 503");
        var second = await _h.ClaimAllAsync();
        foreach (var step in second.Where(s => s.CaseCode != c))
        {
            if (step.StepId == "tax" || (step.CaseCode == a && step.StepId == "housingFund"))
            {
                await _h.FailAsync(step, FailureClass.Transient, "HTTP 503");
            }
            else
            {
                await _h.SucceedAsync(step);
            }
        }

        // shuiwu has the most failures and the latest error: ordered by counts or times it would come first.
        string[] systems = ["gongjijin", "shichang", "shuiwu"];
        var before = (await _h.Queries.FailuresAsync()).Outages;
        Assert.Equal(systems, before.Select(o => o.System));
        Assert.Equal(2, before.Single(o => o.System == "shuiwu").Retrying);

        await ExhaustAsync(a, "housingFund");

        var after = (await _h.Queries.FailuresAsync()).Outages;
        Assert.Equal(systems, after.Select(o => o.System));
        var fund = after.Single(o => o.System == "gongjijin");
        Assert.Equal((a, "housingFund"), (Assert.Single(fund.WaitingSteps).CaseCode, fund.WaitingSteps[0].StepId));
        Assert.Equal(fund.WaitingForPerson, fund.WaitingSteps.Count);
        Assert.All(after.Where(o => o.System != "gongjijin"), o => Assert.Empty(o.WaitingSteps));
    }

    [Fact]
    public async Task Refusals_AreOrderedBySystemAndReason_NotByWhenTheyCame()
    {
        var a = await _h.SubmitAsync("company-setup");
        var b = await _h.SubmitAsync("company-setup");
        var claimed = await _h.ClaimAllAsync();
        await _h.FailAsync(claimed.Single(s => s.CaseCode == a), FailureClass.Business, "甲：经营范围不规范");
        _h.Time.Advance(TimeSpan.FromMinutes(5));
        await _h.FailAsync(claimed.Single(s => s.CaseCode == b), FailureClass.Business, "乙：名称重复");

        // Ordinal order of the reasons (乙 U+4E59 before 甲 U+7532), whichever came first.
        var refusals = (await _h.Queries.FailuresAsync()).Refusals;
        Assert.Equal(["乙：名称重复", "甲：经营范围不规范"], refusals.Select(r => r.Reason));
        Assert.Equal([b, a], refusals.Select(r => Assert.Single(r.Steps).CaseCode));
    }
}
