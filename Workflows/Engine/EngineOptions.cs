namespace RpaRunner.Workflows.Engine;

/// <summary>Settings of the case engine (configuration section "Engine").</summary>
public sealed class EngineOptions
{
    /// <summary>How long a dispatched step may go without word from its bot before it is re-dispatched. Default 2 minutes.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long a dispatched step may wait in its pool's queue for a bot to take it before it is
    /// dispatched again (without using up its retries): the remedy for a lost message. Default: <see cref="LeaseDuration"/>.
    /// A queue holds only what the pool's bots take next (<see cref="CapacityOf"/>), so a step waits there at most
    /// about one attempt of the steps ahead of it; longer than the longest attempt (Bots:AttemptTimeout), no step that
    /// a live bot will take is ever dispatched twice.</summary>
    public TimeSpan? DispatchTimeout { get; set; }

    /// <summary>How many due steps one dispatch round claims at most, over all pools. Default 64.</summary>
    public int DispatchBatchSize { get; set; } = 64;

    /// <summary>
    /// How many steps a pool's queue may hold beyond its live bots' sessions, as a share of those sessions
    /// (0–1, rounded up; default 0.5). A bot that finishes a step finds the next one waiting instead of idling until
    /// the next dispatch round; a step in the queue waits for at most one attempt of the steps ahead of it.
    /// </summary>
    public double DispatchAhead { get; set; } = 0.5;

    /// <summary>How often the dispatcher looks for due steps when nothing woke it. Default 1 second.</summary>
    public TimeSpan DispatchPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a step whose department still waits for the applicant (<see cref="StepStatus.Awaiting"/>: the premium is
    /// not paid yet) rests before a bot looks again. Default 10 minutes; the demo shortens it.
    /// </summary>
    public TimeSpan AwaitingRecheckInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How long a step whose bot asked a person and got no answer waits before it is tried again, for a department
    /// system without service hours; a system with service hours waits for their next opening instead (ADR 0028).
    /// Default 1 hour.
    /// </summary>
    public TimeSpan UnansweredQuestionWait { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often the reconciler looks for expired leases. Default 5 seconds.</summary>
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The dispatch backpressure rule, for a pool whose live bots run <paramref name="sessions"/> steps at once:
    /// at most the sessions plus <see cref="DispatchAhead"/> of them (at least one more when the share is above zero)
    /// in flight — claimed and queued for the bots, or being run by them — topped up once at least half of those
    /// extra places are free. No bots, no steps.
    /// </summary>
    public PoolCapacity CapacityOf(int sessions, int workers = 1)
    {
        if (sessions <= 0)
        {
            return new PoolCapacity(0, workers, 0, 1);
        }

        var share = Math.Clamp(DispatchAhead, 0, 1);
        var ahead = share <= 0 ? 0 : Math.Max(1, (int)Math.Ceiling(sessions * share));
        return new PoolCapacity(sessions, workers, sessions + ahead, Math.Max(1, (ahead + 1) / 2));
    }
}
