using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Retry;
using RpaRunner.Bots.Runtime;

namespace RpaRunner.Bots.Resilience;

/// <summary>
/// One Polly pipeline per department system: at most N robot sessions at once (accounts are scarce), a quick
/// retry with jitter for passing faults, and a circuit breaker so a system that is down stops being hammered.
/// While the circuit is open, attempts stop at once without touching the system, and the engine brings the steps
/// back when the break is over without counting the refused attempt against their retries.
/// </summary>
public sealed class SystemResilience(ILogger<SystemResilience> logger, TimeProvider time)
{
    private static readonly TimeSpan BreakDuration = TimeSpan.FromSeconds(20);

    private readonly ConcurrentDictionary<string, ResiliencePipeline> _pipelines = new(StringComparer.Ordinal);

    public ValueTask<T> ExecuteAsync<T>(string system, int maxSessions, Func<CancellationToken, ValueTask<T>> attempt, CancellationToken cancellationToken) =>
        ExecuteCoreAsync(_pipelines.GetOrAdd(system, s => Build(s, maxSessions)), system, attempt, cancellationToken);

    private static async ValueTask<T> ExecuteCoreAsync<T>(ResiliencePipeline pipeline, string system, Func<CancellationToken, ValueTask<T>> attempt, CancellationToken cancellationToken)
    {
        try
        {
            return await pipeline.ExecuteAsync(attempt, cancellationToken);
        }
        catch (BrokenCircuitException ex)
        {
            var retryAfter = ex.RetryAfter ?? BreakDuration;
            throw new SystemUnavailableException($"系统 {system} 连续故障，暂停访问（熔断）/ {system} keeps failing; bots pause it for {retryAfter.TotalSeconds:0}s", retryAfter, ex);
        }
        catch (RateLimiterRejectedException ex)
        {
            throw new SystemUnavailableException($"系统 {system} 的机器人会话已满 / all robot sessions of {system} are busy", ex.RetryAfter ?? TimeSpan.FromSeconds(5), ex);
        }
    }

    private ResiliencePipeline Build(string system, int maxSessions) => new ResiliencePipelineBuilder { TimeProvider = time }
        .AddConcurrencyLimiter(Math.Max(1, maxSessions), queueLimit: 10_000)
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<TransientBotException>(),
            MaxRetryAttempts = 1,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromMilliseconds(500),
            OnRetry = args =>
            {
                logger.LogInformation("Retrying on {System} after {Delay}: {Error}", system, args.RetryDelay, args.Outcome.Exception?.Message);
                return default;
            },
        })
        .AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<TransientBotException>(),
            FailureRatio = 0.6,
            MinimumThroughput = 8,
            SamplingDuration = TimeSpan.FromSeconds(30),
            BreakDuration = BreakDuration,
            OnOpened = args =>
            {
                logger.LogWarning("Circuit of {System} opened for {Duration}: the system keeps failing", system, args.BreakDuration);
                return default;
            },
            OnClosed = _ =>
            {
                logger.LogInformation("Circuit of {System} closed: the system answers again", system);
                return default;
            },
        })
        .Build();
}
