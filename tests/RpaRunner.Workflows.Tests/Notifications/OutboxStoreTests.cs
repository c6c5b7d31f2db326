using RpaRunner.Workflows.Audit;
using RpaRunner.Workflows.Engine;
using RpaRunner.Workflows.Engine.Storage;
using RpaRunner.Workflows.Notifications;
using RpaRunner.Workflows.Tests.TestSupport;

namespace RpaRunner.Workflows.Tests.Notifications;

/// <summary>
/// The outbox's delivery rules: a case's notifications go one at a time in the order they were written, a failure
/// backs off exponentially, too many tries make a dead letter that holds the case's later events, and a resend
/// releases them in order.
/// </summary>
public sealed class OutboxStoreTests : IAsyncLifetime
{
    private static readonly OutboxRetryPolicy Policy = new(MaxAttempts: 4, InitialDelay: TimeSpan.FromSeconds(10), MaxDelay: TimeSpan.FromMinutes(10), MaxAge: TimeSpan.FromDays(1));

    private EngineHarness _h = null!;
    private OutboxStore _outbox = null!;

    public async Task InitializeAsync()
    {
        _h = await EngineHarness.CreateAsync();
        _outbox = _h.Outbox;
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task OnlyTheFirstUndeliveredNotificationOfEachCase_IsDue()
    {
        var a1 = await QueueAsync("A");
        var b1 = await QueueAsync("B");
        var a2 = await QueueAsync("A");
        var b2 = await QueueAsync("B", webhook: "other");

        Assert.Equal([a1, b1, b2], await DueIdsAsync());

        await _outbox.DeliveredAsync(a1);
        Assert.Equal([b1, a2, b2], await DueIdsAsync());
    }

    [Fact]
    public async Task AFailure_BacksOffExponentially_AndHoldsTheCasesLaterNotifications()
    {
        var first = await QueueAsync("A");
        var second = await QueueAsync("A");
        var waits = new List<TimeSpan>();
        for (var i = 0; i < 3; i++)
        {
            await _outbox.FailedAsync(first, "HTTP 503", Policy);
            var row = await RowAsync(first);
            waits.Add(row.NextAttemptAt - _h.Time.GetUtcNow());
            Assert.Empty(await DueIdsAsync());
            _h.Time.Advance(waits[^1]);
            Assert.Equal([first], await DueIdsAsync());
        }

        // Equal jitter: each wait lies in [d/2, d] for d = 10 s, 20 s, 40 s.
        Assert.InRange(waits[0].TotalSeconds, 5, 10);
        Assert.InRange(waits[1].TotalSeconds, 10, 20);
        Assert.InRange(waits[2].TotalSeconds, 20, 40);
        Assert.Equal("HTTP 503", (await RowAsync(first)).LastError);
        Assert.Equal(OutboxState.Pending, (await RowAsync(second)).State);
    }

    [Fact]
    public async Task AfterMaxAttempts_ItIsADeadLetter_ThatAResendSendsAgain_BeforeTheLaterOnes()
    {
        var first = await QueueAsync("A");
        var second = await QueueAsync("A");
        for (var i = 0; i < Policy.MaxAttempts; i++)
        {
            await _outbox.FailedAsync(first, "network error: ConnectionError", Policy);
            _h.Time.Advance(TimeSpan.FromMinutes(10));
        }

        Assert.Equal(OutboxState.DeadLetter, (await RowAsync(first)).State);
        Assert.Empty(await DueIdsAsync());
        var dead = Assert.Single(await _outbox.DeadLettersAsync(CaseScope.All));
        Assert.Equal((first, 1), (dead.Id, dead.HeldBehind));

        Assert.True(await _outbox.ResendAsync(first, "operator1", CaseScope.All));
        Assert.False(await _outbox.ResendAsync(first, "operator1", CaseScope.All));
        Assert.Equal([first], await DueIdsAsync());
        Assert.Equal(0, (await RowAsync(first)).Attempts);
        await _outbox.DeliveredAsync(first);
        Assert.Equal([second], await DueIdsAsync());
    }

    [Fact]
    public async Task AnotherUnitsDeadLetters_AreNotThere_AndAResendIsAuditedWithWhoDidIt()
    {
        var code = await _h.SubmitAsync("company-setup");
        var id = await QueueAsync(code);
        await _outbox.FailedAsync(id, "HTTP 500", Policy with { MaxAttempts = 1 });

        var otherHall = CaseScope.Of("furong/hall-2");
        Assert.Empty(await _outbox.DeadLettersAsync(otherHall));
        Assert.Empty(await _outbox.RecentAsync(10, otherHall));
        Assert.False(await _outbox.ResendAsync(id, "operator2", otherHall));
        Assert.Equal(OutboxState.DeadLetter, (await RowAsync(id)).State);

        var ownUnit = CaseScope.Of(CaseScope.DefaultUnit);
        Assert.Equal(id, Assert.Single(await _outbox.DeadLettersAsync(ownUnit)).Id);
        Assert.True(await _outbox.ResendAsync(id, "operator1", ownUnit));
        var audit = (await _h.Queries.AuditOfAsync(code)).Where(e => e.Kind == AuditKinds.NotificationResent).ToList();
        Assert.Equal("operator1", Assert.Single(audit).Actor);
    }

    [Fact]
    public async Task PastItsMaxAge_ItIsADeadLetter_WhateverItsTries()
    {
        var id = await QueueAsync("A");
        _h.Time.Advance(TimeSpan.FromDays(1));
        await _outbox.FailedAsync(id, "HTTP 500", Policy);
        Assert.Equal(OutboxState.DeadLetter, (await RowAsync(id)).State);
    }

    private async Task<long> QueueAsync(string caseCode, string webhook = "platform")
    {
        await using var db = await _h.DbAsync();
        var now = _h.Time.GetUtcNow();
        var row = new OutboxMessageRecord
        {
            EventId = Guid.NewGuid(), Webhook = webhook, EventType = NotificationEvents.StepSucceeded, CaseCode = caseCode, PayloadJson = "{}",
            State = OutboxState.Pending, QueuedAt = now, NextAttemptAt = now,
        };
        db.Outbox.Add(row);
        await db.SaveChangesAsync();
        return row.Id;
    }

    private async Task<List<long>> DueIdsAsync() => [.. (await _outbox.DueAsync(100)).Select(m => m.Id)];

    private async Task<OutboxMessageRecord> RowAsync(long id)
    {
        await using var db = await _h.DbAsync();
        return db.Outbox.Single(m => m.Id == id);
    }
}
