using Microsoft.Extensions.Logging.Abstractions;
using RpaRunner.Bots.Resilience;
using RpaRunner.Bots.Runtime;

namespace RpaRunner.Bots.Tests.Resilience;

/// <summary>The per-system pipeline: a system that keeps failing is paused, and a paused system is not touched.</summary>
public sealed class SystemResilienceTests
{
    [Fact]
    public async Task ASystemThatKeepsFailing_IsPaused_AndThenNotTouched_UntilTheBreakIsOver()
    {
        var resilience = new SystemResilience(NullLogger<SystemResilience>.Instance, TimeProvider.System);
        var calls = 0;
        ValueTask<int> Failing(CancellationToken _)
        {
            Interlocked.Increment(ref calls);
            throw new TransientBotException("HTTP 502");
        }

        // Enough failing attempts for the breaker to see the system is down.
        SystemUnavailableException? paused = null;
        for (var i = 0; i < 20 && paused is null; i++)
        {
            try
            {
                await resilience.ExecuteAsync("weijian", 4, Failing, CancellationToken.None);
            }
            catch (SystemUnavailableException ex)
            {
                paused = ex;
            }
            catch (TransientBotException)
            {
            }
        }

        Assert.NotNull(paused);
        Assert.InRange(paused.RetryAfter.TotalSeconds, 1, 20);
        Assert.Contains("weijian", paused.Message, StringComparison.Ordinal);

        // While paused, the attempt does not run at all: the system is left alone.
        var before = calls;
        var again = await Assert.ThrowsAsync<SystemUnavailableException>(() => resilience.ExecuteAsync("weijian", 4, Failing, CancellationToken.None).AsTask());
        Assert.Equal(before, calls);
        Assert.Equal(Workflows.Engine.FailureClass.Transient, again.Class);

        // Another system is not affected.
        Assert.Equal(7, await resilience.ExecuteAsync("gongan", 4, _ => ValueTask.FromResult(7), CancellationToken.None));
    }
}
