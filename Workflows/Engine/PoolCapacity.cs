namespace RpaRunner.Workflows.Engine;

/// <summary>
/// What a pool's live bots can take, by the dispatch backpressure rule (<see cref="EngineOptions.CapacityOf"/>).
/// </summary>
/// <param name="Sessions">Steps the pool's live bots run at once.</param>
/// <param name="Workers">Live bot workers that serve the pool.</param>
/// <param name="InFlightLimit">The most steps of the pool in flight at once: claimed and queued for its bots, or being run.</param>
/// <param name="RefillAt">A round tops the pool up only once this many places are free (half the places ahead, at least
/// one): a bot never waits for it, and a round hands over several steps in one write transaction instead of one
/// step for each step that finished.</param>
public sealed record PoolCapacity(int Sessions, int Workers, int InFlightLimit, int RefillAt)
{
    /// <summary>How many steps a claim round may hand the pool while <paramref name="inFlight"/> of its steps are in flight.</summary>
    public int Claimable(int inFlight)
    {
        var free = InFlightLimit - inFlight;
        return free >= RefillAt ? free : 0;
    }
}
