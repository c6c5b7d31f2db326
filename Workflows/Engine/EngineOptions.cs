namespace RpaRunner.Workflows.Engine;

/// <summary>Settings of the case engine (configuration section "Engine").</summary>
public sealed class EngineOptions
{
    /// <summary>How long a dispatched step may go without word from its bot before it is re-dispatched. Default 2 minutes.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long a dispatched step may wait in its pool's queue for a bot to take it before it is
    /// dispatched again (without using up its retries). Default: <see cref="LeaseDuration"/>. A farm whose queues
    /// hold a night's batch sets it longer (e.g. 00:10:00) so that waiting is not mistaken for a lost message.</summary>
    public TimeSpan? DispatchTimeout { get; set; }

    /// <summary>How many due steps one dispatch round claims. Default 64.</summary>
    public int DispatchBatchSize { get; set; } = 64;

    /// <summary>How often the dispatcher looks for due steps when nothing woke it. Default 1 second.</summary>
    public TimeSpan DispatchPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the reconciler looks for expired leases. Default 5 seconds.</summary>
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The time zone of the bureau: dates on forms and in case codes are local to it. Default Asia/Shanghai.</summary>
    public string TimeZone { get; set; } = "Asia/Shanghai";

    internal TimeZoneInfo ResolveTimeZone() =>
        TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out var zone) ? zone : TimeZoneInfo.Utc;
}
