using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json;
using RpaRunner.Workflows.Engine.Contracts;

namespace RpaRunner.Workflows.Telemetry;

/// <summary>
/// The runner's one <see cref="ActivitySource"/> and one <see cref="Meter"/>, both named <see cref="Name"/>, with the
/// instruments recorded where steps are run. Spans and metric labels carry ids only — case code, step, system, action,
/// pool, outcome — never a form value, a name, an ID number or a phone number.
/// </summary>
public static class RpaTelemetry
{
    public const string Name = "RpaRunner";

    public static readonly ActivitySource Source = new(Name);

    public static readonly Meter Meter = new(Name);

    /// <summary>Span and label names (OpenTelemetry style; the Prometheus exporter turns dots into underscores).</summary>
    public static class Tags
    {
        public const string CaseCode = "rpa.case.code";
        public const string BundleId = "rpa.bundle.id";
        public const string StepId = "rpa.step.id";
        public const string Attempt = "rpa.step.attempt";
        public const string System = "system";
        public const string Action = "action";
        public const string Pool = "pool";
        public const string Outcome = "outcome";
        public const string State = "state";
        public const string Flag = "flag";
        public const string Worker = "rpa.worker";
        public const string Count = "rpa.steps.count";
    }

    /// <summary>Bot attempts by how they ended, per system and action: <c>rpa_step_attempts_total</c>.</summary>
    public static readonly Counter<long> Attempts = Meter.CreateCounter<long>("rpa.step.attempts", unit: null, description: "Bot attempts of steps by outcome, per department system and action");

    /// <summary>How long bot attempts took, per system, action and outcome: <c>rpa_step_attempt_duration_seconds</c>.</summary>
    public static readonly Histogram<double> AttemptDuration = Meter.CreateHistogram<double>("rpa.step.attempt.duration", unit: "s", description: "Duration of bot attempts, per department system, action and outcome",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300] });

    /// <summary>The outcome label of a bot's report: succeeded, not_found, or the failure class in snake case.</summary>
    public static string OutcomeOf(StepReport report) =>
        report.Succeeded ? Succeeded
        : report.NotFound ? "not_found"
        : report.FailureClass is { } failure ? JsonNamingPolicy.SnakeCaseLower.ConvertName(failure.ToString())
        : "failed";

    public const string Succeeded = "succeeded";

    /// <summary>The outcome label of an attempt that stopped because its lease was lost: it sends no report.</summary>
    public const string LeaseLost = "lease_lost";

    /// <summary>Records one finished bot attempt: its count and its duration, labelled by ids only.</summary>
    public static void RecordAttempt(RunStep step, string outcome, TimeSpan duration)
    {
        var tags = new TagList { { Tags.System, step.System }, { Tags.Action, step.Action }, { Tags.Outcome, outcome } };
        Attempts.Add(1, tags);
        AttemptDuration.Record(duration.TotalSeconds, tags);
    }

    /// <summary>
    /// Starts the span of a step attempt with the step's ids: in the current trace, or as the root of a new one
    /// (<paramref name="newTrace"/>) when the attempt starts in a loop that serves many steps.
    /// </summary>
    public static Activity? StartStepActivity(string name, RunStep step, ActivityKind kind = ActivityKind.Internal, IEnumerable<ActivityLink>? links = null, bool newTrace = false)
    {
        var current = Activity.Current;
        if (newTrace)
        {
            Activity.Current = null;
        }

        var activity = Source.StartActivity(kind, default, tags: null, links: links, name: name);
        if (newTrace && activity is null)
        {
            Activity.Current = current;
        }

        activity?.SetTag(Tags.CaseCode, step.CaseCode)
            .SetTag(Tags.BundleId, step.BundleId)
            .SetTag(Tags.StepId, step.StepId)
            .SetTag(Tags.Attempt, step.Attempt)
            .SetTag(Tags.System, step.System)
            .SetTag(Tags.Action, step.Action)
            .SetTag(Tags.Pool, step.Pool);
        return activity;
    }
}
