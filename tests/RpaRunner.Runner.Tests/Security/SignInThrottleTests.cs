using Microsoft.Extensions.Time.Testing;
using RpaRunner.Runner.Security;

namespace RpaRunner.Runner.Tests.Security;

public sealed class SignInThrottleTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 10, 1, 0, 0, TimeSpan.Zero));

    [Fact]
    public void FiveWrongPasswordsInARow_LockTheNameOut_ForFifteenMinutes_ThenItMayTryAgain()
    {
        var throttle = new SignInThrottle(_time);
        for (var i = 1; i < SignInThrottle.MaxFailures; i++)
        {
            Assert.False(WrongPassword(throttle, "clerk1"));
            Assert.Null(throttle.LockedUntil("clerk1"));
        }

        Assert.True(WrongPassword(throttle, "clerk1"));
        Assert.Equal(_time.GetUtcNow() + SignInThrottle.LockoutDuration, throttle.LockedUntil("clerk1"));
        Assert.Null(throttle.Begin("clerk1"));
        Assert.Null(throttle.LockedUntil("operator1"));

        _time.Advance(SignInThrottle.LockoutDuration - TimeSpan.FromSeconds(1));
        Assert.NotNull(throttle.LockedUntil("clerk1"));
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Null(throttle.LockedUntil("clerk1"));

        // After the lockout the count starts again: one more wrong password does not lock at once.
        Assert.False(WrongPassword(throttle, "clerk1"));
        Assert.Null(throttle.LockedUntil("clerk1"));
    }

    [Fact]
    public void ARightPassword_ResetsTheCount()
    {
        var throttle = new SignInThrottle(_time);
        for (var i = 1; i < SignInThrottle.MaxFailures; i++)
        {
            WrongPassword(throttle, "clerk1");
        }

        using (var attempt = throttle.Begin("clerk1"))
        {
            attempt!.Succeeded();
        }

        Assert.False(WrongPassword(throttle, "clerk1"));
        Assert.Null(throttle.LockedUntil("clerk1"));
    }

    /// <summary>
    /// The burst that got about eleven checks through before the lock: thirty wrong passwords for one name at
    /// once. Each reserves its place before its (slow) check, so exactly five are checked and the other 25 are
    /// refused as locked without one.
    /// </summary>
    [Fact]
    public async Task ThirtyWrongPasswordsAtOnce_GetExactlyFiveChecks_TheRestAreRefusedWithoutOne()
    {
        var throttle = new SignInThrottle(_time);
        var checks = 0;
        var refused = 0;
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var guesses = Enumerable.Range(0, 30).Select(async _ =>
        {
            await go.Task;
            using var attempt = throttle.Begin("clerk1");
            if (attempt is null)
            {
                Interlocked.Increment(ref refused);
                return;
            }

            Interlocked.Increment(ref checks);
            await Task.Delay(50); // a password check takes a while; the others arrive meanwhile
            attempt.Failed();
        }).ToList();
        go.SetResult();
        await Task.WhenAll(guesses);

        Assert.Equal(SignInThrottle.MaxFailures, checks);
        Assert.Equal(30 - SignInThrottle.MaxFailures, refused);
        Assert.NotNull(throttle.LockedUntil("clerk1"));
    }

    [Fact]
    public void ACheckThatEndsWithoutAnOutcome_FreesItsPlace()
    {
        var throttle = new SignInThrottle(_time);
        var held = Enumerable.Range(0, SignInThrottle.MaxFailures).Select(_ => throttle.Begin("clerk1")).ToList();
        Assert.All(held, Assert.NotNull);
        Assert.Null(throttle.Begin("clerk1"));

        held[0]!.Dispose(); // e.g. the request was aborted mid-check
        using var next = throttle.Begin("clerk1");
        Assert.NotNull(next);
        Assert.Null(throttle.LockedUntil("clerk1"));
    }

    private static bool WrongPassword(SignInThrottle throttle, string name)
    {
        using var attempt = throttle.Begin(name);
        Assert.NotNull(attempt);
        return attempt.Failed();
    }
}
