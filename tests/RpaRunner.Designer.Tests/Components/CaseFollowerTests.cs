using RpaRunner.Designer.Components;
using RpaRunner.Workflows.Engine;

namespace RpaRunner.Designer.Tests.Components;

/// <summary>A page reloads when the engine announces a change of what it shows, not on a timer.</summary>
public sealed class CaseFollowerTests
{
    private static readonly TimeSpan NoFallback = TimeSpan.FromHours(1);

    private static async Task<bool> WithinAsync(Func<bool> condition, TimeSpan time)
    {
        var until = DateTime.UtcNow + time;
        while (!condition())
        {
            if (DateTime.UtcNow > until)
            {
                return false;
            }

            await Task.Delay(10);
        }

        return true;
    }

    [Fact]
    public async Task AChangeOfTheCase_WakesThePage_AChangeOfAnotherDoesNot()
    {
        var changes = new CaseChanges();
        var reloads = 0;
        await using var follower = new CaseFollower(TimeSpan.FromMilliseconds(10), NoFallback);
        follower.Start(changes, code => code == "NB1", _ => { Interlocked.Increment(ref reloads); return Task.CompletedTask; });

        changes.Publish(["NB2"]);
        await Task.Delay(200);
        Assert.Equal(0, Volatile.Read(ref reloads));

        changes.Publish(["NB1"]);
        Assert.True(await WithinAsync(() => Volatile.Read(ref reloads) == 1, TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public async Task ABurstOfChanges_IsOneReload()
    {
        var changes = new CaseChanges();
        var reloads = 0;
        await using var follower = new CaseFollower(TimeSpan.FromMilliseconds(300), NoFallback);
        follower.Start(changes, _ => true, _ => { Interlocked.Increment(ref reloads); return Task.CompletedTask; });

        for (var i = 0; i < 20; i++)
        {
            changes.Publish([$"NB{i}"]);
        }

        Assert.True(await WithinAsync(() => Volatile.Read(ref reloads) == 1, TimeSpan.FromSeconds(2)));
        await Task.Delay(500);
        Assert.Equal(1, Volatile.Read(ref reloads));
    }

    [Fact]
    public async Task AFailedReload_DoesNotStopFollowing()
    {
        var changes = new CaseChanges();
        var reloads = 0;
        await using var follower = new CaseFollower(TimeSpan.FromMilliseconds(10), NoFallback);
        follower.Start(changes, _ => true, _ => Interlocked.Increment(ref reloads) == 1 ? throw new InvalidOperationException("database is locked") : Task.CompletedTask);

        changes.Publish(["NB1"]);
        Assert.True(await WithinAsync(() => Volatile.Read(ref reloads) == 1, TimeSpan.FromSeconds(2)));
        changes.Publish(["NB1"]);
        Assert.True(await WithinAsync(() => Volatile.Read(ref reloads) == 2, TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public async Task WithoutAnyChange_ThePageReloadsOnlyAtTheFallback()
    {
        var changes = new CaseChanges();
        var reloads = 0;
        var fallback = TimeSpan.FromMilliseconds(400);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var firstReloadAt = TimeSpan.MaxValue;
        await using var follower = new CaseFollower(TimeSpan.FromMilliseconds(10), fallback);
        follower.Start(changes, _ => true, _ =>
        {
            if (Interlocked.Increment(ref reloads) == 1)
            {
                firstReloadAt = clock.Elapsed;
            }

            return Task.CompletedTask;
        });

        // The first reload comes from the fallback, not before it (a busy machine only makes it later).
        Assert.True(await WithinAsync(() => Volatile.Read(ref reloads) >= 1, TimeSpan.FromSeconds(5)));
        Assert.True(firstReloadAt >= fallback - TimeSpan.FromMilliseconds(30), $"reloaded after {firstReloadAt.TotalMilliseconds:0} ms, before the fallback of {fallback.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task LeavingThePage_Unsubscribes()
    {
        var changes = new CaseChanges();
        var reloads = 0;
        var follower = new CaseFollower(TimeSpan.FromMilliseconds(10), NoFallback);
        follower.Start(changes, _ => true, _ => { Interlocked.Increment(ref reloads); return Task.CompletedTask; });
        Assert.Equal(1, changes.SubscriberCount);

        await follower.DisposeAsync();
        Assert.Equal(0, changes.SubscriberCount);
        changes.Publish(["NB1"]);
        await Task.Delay(100);
        Assert.Equal(0, Volatile.Read(ref reloads));
    }
}
