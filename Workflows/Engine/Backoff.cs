namespace RpaRunner.Workflows.Engine;

/// <summary>Exponential backoff with equal jitter: half the delay is fixed, half random, so retries of many
/// steps that failed together (a system outage) spread out instead of hammering the system at once.</summary>
public static class Backoff
{
    public static TimeSpan Delay(Model.RetryPolicy policy, int failedAttempts, double random)
    {
        var exponent = Math.Max(0, failedAttempts - 1);
        var ceiling = Math.Min(policy.MaxDelaySeconds, policy.InitialDelaySeconds * Math.Pow(policy.BackoffFactor, exponent));
        var seconds = (ceiling / 2) + (ceiling / 2 * Math.Clamp(random, 0, 1));
        return TimeSpan.FromSeconds(seconds);
    }
}
