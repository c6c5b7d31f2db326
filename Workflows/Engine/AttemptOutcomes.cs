namespace RpaRunner.Workflows.Engine;

/// <summary>How one attempt of a step ended, as stored on <c>step_attempts.outcome</c>: the one list the engine,
/// the console and the tests share.</summary>
public static class AttemptOutcomes
{
    /// <summary>Handed to a pool; no bot has taken it yet.</summary>
    public const string Dispatched = "dispatched";

    public const string Succeeded = "succeeded";

    /// <summary>A lookup (verification after an unknown outcome) found the record.</summary>
    public const string Found = "found";

    /// <summary>A lookup found no record: the step is entered again.</summary>
    public const string NotFound = "not-found";

    public const string Failed = "failed";

    /// <summary>The system was unavailable; the step waits without using up a retry.</summary>
    public const string Deferred = "deferred";

    /// <summary>The department still waits for the applicant (待缴费); looked at again later, not a failure.</summary>
    public const string Awaiting = "awaiting";

    /// <summary>Failed after the commit point: whether the record exists is not known.</summary>
    public const string Unknown = "unknown";

    /// <summary>The bot went silent; its lease ran out.</summary>
    public const string LeaseExpired = "lease-expired";

    /// <summary>Dispatched but never taken by a bot; dispatched again without using up a retry.</summary>
    public const string NotTaken = "not-taken";

    /// <summary>A report for an attempt the engine had already moved on from.</summary>
    public const string Stale = "stale";

    public static IReadOnlyList<string> All { get; } = [Dispatched, Succeeded, Found, NotFound, Failed, Deferred, Awaiting, Unknown, LeaseExpired, NotTaken, Stale];
}
