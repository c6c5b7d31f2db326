using RpaRunner.Workflows.Engine;
using RpaRunner.Workflows.Tests.TestSupport;

namespace RpaRunner.Workflows.Tests.Engine;

/// <summary>Open pages learn of a case's change from the engine's commit, not by polling.</summary>
public sealed class CaseChangesTests : IAsyncLifetime
{
    private EngineHarness _h = null!;

    public async Task InitializeAsync() => _h = await EngineHarness.CreateAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task ACommittedReport_WakesTheSubscriberOfItsCase_AndNotThatOfAnother()
    {
        var code = await _h.SubmitAsync("company-setup");
        var other = await _h.SubmitAsync("company-setup");
        var mine = new List<string>();
        var theirs = new List<string>();
        var all = new List<string>();
        using var a = _h.Engine.Changes.Subscribe(code, c => { lock (mine) { mine.Add(c); } });
        using var b = _h.Engine.Changes.Subscribe("NB00000000NONE", c => { lock (theirs) { theirs.Add(c); } });
        using var c = _h.Engine.Changes.Subscribe(null, c => { lock (all) { all.Add(c); } });

        var claimed = await _h.ClaimAllAsync();
        Assert.Contains(code, mine);
        Assert.Contains(other, all);
        mine.Clear();

        await _h.SucceedAsync(claimed.Single(s => s.CaseCode == code));
        Assert.Equal([code], mine);
        Assert.Empty(theirs);
    }

    [Fact]
    public async Task APersonsActionAndASubmission_AreAnnounced()
    {
        var seen = new List<string>();
        using var all = _h.Engine.Changes.Subscribe(null, c => { lock (seen) { seen.Add(c); } });
        var code = await _h.SubmitAsync("company-setup");
        Assert.Contains(code, seen);

        await _h.FailAsync((await _h.ClaimAllAsync()).Single(s => s.CaseCode == code), FailureClass.Business, "名称重复");
        seen.Clear();
        await _h.Engine.PerformAsync(new PersonAction(code, "registration", PersonActionKind.Retry, "operator1", "已核对"));
        Assert.Contains(code, seen);
    }

    [Fact]
    public async Task ADisposedSubscription_IsNoLongerCalled_AndIsRemoved()
    {
        var changes = new CaseChanges();
        var calls = 0;
        var subscription = changes.Subscribe("AB1", _ => calls++);
        changes.Publish(["AB1"]);
        Assert.Equal((1, 1), (calls, changes.SubscriberCount));

        subscription.Dispose();
        subscription.Dispose();
        changes.Publish(["AB1"]);
        Assert.Equal((1, 0), (calls, changes.SubscriberCount));
    }
}
