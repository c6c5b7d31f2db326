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
            Assert.False(throttle.Failed("clerk1"));
            Assert.Null(throttle.LockedUntil("clerk1"));
        }

        Assert.True(throttle.Failed("clerk1"));
        Assert.Equal(_time.GetUtcNow() + SignInThrottle.LockoutDuration, throttle.LockedUntil("clerk1"));
        Assert.Null(throttle.LockedUntil("operator1"));

        _time.Advance(SignInThrottle.LockoutDuration - TimeSpan.FromSeconds(1));
        Assert.NotNull(throttle.LockedUntil("clerk1"));
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Null(throttle.LockedUntil("clerk1"));

        // After the lockout the count starts again: one more wrong password does not lock at once.
        Assert.False(throttle.Failed("clerk1"));
        Assert.Null(throttle.LockedUntil("clerk1"));
    }

    [Fact]
    public void ARightPassword_ResetsTheCount()
    {
        var throttle = new SignInThrottle(_time);
        for (var i = 1; i < SignInThrottle.MaxFailures; i++)
        {
            throttle.Failed("clerk1");
        }

        throttle.Succeeded("clerk1");
        Assert.False(throttle.Failed("clerk1"));
        Assert.Null(throttle.LockedUntil("clerk1"));
    }
}
