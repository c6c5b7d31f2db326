using Microsoft.EntityFrameworkCore;
using RpaRunner.Runner.Demo;
using RpaRunner.Workflows.Calendar;
using RpaRunner.Workflows.Engine;
using RpaRunner.Workflows.Engine.Contracts;
using RpaRunner.Workflows.Tests.TestSupport;

namespace RpaRunner.Workflows.Tests.Engine;

/// <summary>
/// Dispatch backpressure: the dispatcher claims no more steps of a pool than its live bots can take (their
/// sessions plus a small allowance queued ahead), learns the bots from their heartbeats, and still keeps each
/// system's session limit. Steps held back stay ready, with no attempt, no audit row and no requeue.
/// </summary>
public sealed class ClaimBackpressureTests : IAsyncLifetime
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);
    private EngineHarness _h = null!;

    public async Task InitializeAsync() => _h = await EngineHarness.CreateAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private static Dictionary<string, PoolCapacity> Web(int sessions) =>
        new(StringComparer.Ordinal) { ["web"] = new EngineOptions().CapacityOf(sessions) };

    private static BotHeartbeat Beat(string worker, int web, int desktop = 0) => new()
    {
        Worker = worker,
        Sessions = desktop > 0 ? new() { ["web"] = web, ["desktop-linux"] = desktop } : new() { ["web"] = web },
        Interval = Interval,
    };

    private async Task<int> CountAsync(StepStatus status)
    {
        await using var db = await _h.DbAsync();
        return await db.Steps.CountAsync(s => s.Status == status);
    }

    [Fact]
    public void APoolMayHaveItsSessions_AndAShareOfThemQueuedAhead_InFlight_ToppedUpWhenHalfTheShareIsFree()
    {
        var options = new EngineOptions();
        Assert.Equal(0.5, options.DispatchAhead);
        Assert.Equal(new PoolCapacity(0, 1, 0, 1), options.CapacityOf(0));
        Assert.Equal(new PoolCapacity(1, 1, 2, 1), options.CapacityOf(1));
        Assert.Equal(new PoolCapacity(4, 1, 6, 1), options.CapacityOf(4));
        Assert.Equal(new PoolCapacity(12, 3, 18, 3), options.CapacityOf(12, workers: 3));
        Assert.Equal(new PoolCapacity(16, 1, 24, 4), options.CapacityOf(16));
        Assert.Equal(4, new EngineOptions { DispatchAhead = 0 }.CapacityOf(4).InFlightLimit);
        Assert.Equal(8, new EngineOptions { DispatchAhead = 1 }.CapacityOf(4).InFlightLimit);
        Assert.Equal(8, new EngineOptions { DispatchAhead = 5 }.CapacityOf(4).InFlightLimit);

        var pool = options.CapacityOf(16);
        Assert.Equal(24, pool.Claimable(0));
        Assert.Equal(8, pool.Claimable(16));
        Assert.Equal(4, pool.Claimable(20));
        Assert.Equal(0, pool.Claimable(21));
        Assert.Equal(0, pool.Claimable(30));
        Assert.Equal(0, options.CapacityOf(0).Claimable(0));
        Assert.Equal(1, options.CapacityOf(4).Claimable(5));
    }

    [Fact]
    public async Task APool_GetsNoMoreThanItsBotsCanTake_AndTheNextStepsAsTheyFinish()
    {
        for (var i = 0; i < 10; i++)
        {
            await _h.SubmitAsync("company-setup", SampleApplications.CompanySetup(i, _h.Today));
        }

        var first = await _h.Engine.ClaimDueStepsAsync(64, Web(2));
        Assert.Equal(3, first.Count);
        Assert.Empty(await _h.Engine.ClaimDueStepsAsync(64, Web(2)));

        // Held back, not dispatched: still ready, with no attempt and no audit row.
        Assert.Equal(7, await CountAsync(StepStatus.Ready));
        await using (var db = await _h.DbAsync())
        {
            Assert.Equal(3, await db.Attempts.CountAsync());
            Assert.Equal(3, await db.AuditEvents.CountAsync(a => a.Kind == "step.dispatched"));
        }

        // One finishes: its four follow-up steps become ready, but the registrations that waited longer go first.
        _h.Time.Advance(TimeSpan.FromSeconds(1));
        await _h.SucceedAsync(first[0]);
        var next = await _h.Engine.ClaimDueStepsAsync(64, Web(2));
        Assert.Equal("registration", Assert.Single(next).StepId);

        // A second worker joins: the pool may hold more.
        var more = await _h.Engine.ClaimDueStepsAsync(64, Web(6));
        Assert.Equal(new EngineOptions().CapacityOf(6).InFlightLimit - 3, more.Count);

        // The round's own limit still applies.
        Assert.Equal(2, (await _h.Engine.ClaimDueStepsAsync(2, Web(100))).Count);
    }

    [Fact]
    public async Task ABigPool_IsToppedUpInBatches_NotOneStepPerFinishedStep()
    {
        for (var i = 0; i < 30; i++)
        {
            await _h.SubmitAsync("company-setup", SampleApplications.CompanySetup(i, _h.Today));
        }

        var first = await _h.Engine.ClaimDueStepsAsync(64, Web(16));
        Assert.Equal(24, first.Count);
        for (var i = 0; i < 3; i++)
        {
            await _h.SucceedAsync(first[i]);
            Assert.Empty(await _h.Engine.ClaimDueStepsAsync(64, Web(16)));
        }

        await _h.SucceedAsync(first[3]);
        Assert.Equal(4, (await _h.Engine.ClaimDueStepsAsync(64, Web(16))).Count);
    }

    [Fact]
    public async Task APoolWithoutLiveBots_GetsNothing_WhileOtherPoolsGoOn()
    {
        // Version 1 of 退休 withdraws the provident fund at the counter client (desktop pool).
        var code = await _h.SubmitVersionAsync("retirement", 1, SampleApplications.RetirementVersion1(0, _h.Today));
        await _h.SucceedAsync(Assert.Single(await _h.Engine.ClaimDueStepsAsync(64, Web(4))));

        var claimed = await _h.Engine.ClaimDueStepsAsync(64, Web(4));
        Assert.NotEmpty(claimed);
        Assert.All(claimed, s => Assert.Equal("web", s.Pool));
        var housingFund = await _h.StepAsync(code, "housingFund");
        Assert.Equal(StepStatus.Ready, housingFund.Status);
        Assert.Equal(0, housingFund.Attempt);
    }

    [Fact]
    public async Task ASystemsSessionLimit_StillHolds_WithinItsPoolsCapacity()
    {
        var schedule = new DispatchSchedule(WorkingCalendar.China, [new SystemRules("shichang", null, 1)], []);
        var engine = _h.EngineWith(_h.Catalog, schedule);
        for (var i = 0; i < 3; i++)
        {
            await _h.SubmitAsync("company-setup", SampleApplications.CompanySetup(i, _h.Today));
            await _h.SubmitVersionAsync("newborn", 2, SampleApplications.Newborn(i, _h.Today));
        }

        var claimed = await engine.ClaimDueStepsAsync(64, Web(8));
        Assert.Equal(1, claimed.Count(s => s.System == "shichang"));
        Assert.Equal(3, claimed.Count(s => s.System == "weijian"));
        Assert.Empty(await engine.ClaimDueStepsAsync(64, Web(8)));
    }

    [Fact]
    public async Task TheRoster_CountsLiveWorkers_UntilTheyLeaveOrTheirHeartbeatsStop()
    {
        var roster = _h.NewRoster();
        Assert.True(await roster.RecordAsync(Beat("w1", 3)));
        Assert.True(await roster.RecordAsync(Beat("w2", 2, desktop: 1)));
        Assert.False(await roster.RecordAsync(Beat("w1", 3)));
        var pools = await roster.CapacityAsync();
        Assert.Equal(new PoolCapacity(5, 2, 8, 2), pools["web"]);
        Assert.Equal(new PoolCapacity(1, 1, 2, 1), pools["desktop-linux"]);

        // w1 falls silent; w2 keeps beating. Three missed heartbeats later w1 no longer counts.
        _h.Time.Advance(TimeSpan.FromSeconds(20));
        Assert.False(await roster.RecordAsync(Beat("w2", 2, desktop: 1)));
        _h.Time.Advance(TimeSpan.FromSeconds(11));
        pools = await roster.CapacityAsync();
        Assert.Equal(new PoolCapacity(2, 1, 3, 1), pools["web"]);

        // w2 stops: its sessions stop counting at once. w1 comes back.
        Assert.False(await roster.RecordAsync(Beat("w2", 2, desktop: 1) with { Leaving = true }));
        Assert.Empty(await roster.CapacityAsync());
        Assert.True(await roster.RecordAsync(Beat("w1", 4)));
        Assert.Equal(new PoolCapacity(4, 1, 6, 1), (await roster.CapacityAsync())["web"]);
    }

    [Fact]
    public async Task AStepHeldBackForWantOfBots_SaysWhyItWaits()
    {
        var roster = _h.NewRoster();
        var queries = _h.QueriesWith(roster);
        var codes = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            codes.Add(await _h.SubmitAsync("retirement", SampleApplications.Retirement(i, _h.Today)));
        }

        var waiting = (await queries.GetAsync(codes[0]))!.Steps.Single(s => s.StepId == "contributionRecord").Waiting;
        Assert.Contains("no bot of pool web is online", waiting, StringComparison.Ordinal);

        await roster.RecordAsync(Beat("w1", 1));
        Assert.Equal(2, (await _h.Engine.ClaimDueStepsAsync(64, await roster.CapacityAsync())).Count);
        var steps = (await Task.WhenAll(codes.Select(c => queries.GetAsync(c)))).Select(c => c!.Steps.Single(s => s.StepId == "contributionRecord")).ToList();
        Assert.All(steps.Where(s => s.Status == StepStatus.Running), s => Assert.Null(s.Waiting));
        var held = Assert.Single(steps, s => s.Status == StepStatus.Ready);
        Assert.Contains("waiting for a free bot of pool web (2 steps in flight; its bots run 1 at once)", held.Waiting, StringComparison.Ordinal);
    }
}
