using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using RpaRunner.Workflows.Calendar;
using RpaRunner.Workflows.Catalog;
using RpaRunner.Workflows.Engine;
using RpaRunner.Workflows.Telemetry;

namespace RpaRunner.Runner.Telemetry;

/// <summary>
/// The engine's levels as observable gauges: <c>rpa_queue_depth{pool,state}</c>, <c>rpa_steps_waiting_for_person{system}</c>,
/// <c>rpa_flags{flag}</c>, <c>rpa_sessions_in_use{system}</c> and <c>rpa_sessions_limit{system}</c>. Each scrape reads the
/// last snapshot of <see cref="CaseQueries.GaugesAsync"/>; a snapshot older than <c>Telemetry:Metrics:GaugeRefresh</c>
/// starts one new read in the background, so a storm of scrapes costs the database one read per interval.
/// Only processes that run the engine have them.
/// </summary>
public sealed class EngineGaugeInstruments : IDisposable
{
    private static readonly TimeSpan FirstReadWait = TimeSpan.FromSeconds(5);
    private readonly CaseQueries _queries;
    private readonly TimeProvider _time;
    private readonly TimeSpan _refresh;
    private readonly ILogger<EngineGaugeInstruments> _logger;
    private readonly Meter _meter;
    private readonly Lock _gate = new();
    private EngineGauges? _last;
    private Task? _reading;
    private DateTimeOffset _readStarted = DateTimeOffset.MinValue;

    public EngineGaugeInstruments(CaseQueries queries, SystemCatalog systems, TimeProvider time, IOptions<TelemetryOptions> options, IMeterFactory meters, ILogger<EngineGaugeInstruments> logger)
    {
        _queries = queries;
        _time = time;
        _refresh = options.Value.Metrics.GaugeRefresh;
        _logger = logger;

        // Same name as RpaTelemetry.Meter, from this host's factory: the gauges go when the host is disposed.
        _meter = meters.Create(RpaTelemetry.Name);
        // Every pool and system of the catalog has its series, at zero when nothing is there, so a graph shows a flat line rather than a gap.
        string[] states = [EngineGauges.Ready, EngineGauges.Retrying, EngineGauges.InFlight];
        var pools = systems.Systems.Select(s => s.Pool).Distinct(StringComparer.Ordinal).ToList();
        var systemIds = systems.Systems.Select(s => s.Id).ToList();
        _meter.CreateObservableGauge("rpa.queue.depth", () => Read(g => pools.Union(g.Queue.Keys.Select(k => k.Pool)).SelectMany(pool => states.Select(state =>
                Measure(g.Queue.GetValueOrDefault((pool, state)), (RpaTelemetry.Tags.Pool, pool), (RpaTelemetry.Tags.State, state))))),
            unit: "{step}", description: "Steps of each bot pool that are ready, retrying (waiting for their backoff) or in flight (queued for or run by a bot)");
        _meter.CreateObservableGauge("rpa.steps.waiting_for_person", () => Read(g => systemIds.Union(g.WaitingForPerson.Keys).Select(system => Measure(g.WaitingForPerson.GetValueOrDefault(system), (RpaTelemetry.Tags.System, system)))),
            unit: "{step}", description: "Steps waiting for a person, per department system");
        _meter.CreateObservableGauge("rpa.flags", () => Read(g => new[] { DeadlineFlag.Yellow, DeadlineFlag.Red }.Select(f => Measure(g.Flags.GetValueOrDefault(f), (RpaTelemetry.Tags.Flag, f.ToString().ToLowerInvariant())))),
            unit: "{step}", description: "Open matters with a yellow or red deadline flag");
        _meter.CreateObservableGauge("rpa.sessions.in_use", () => Read(g => g.SessionsInUse.Select(s => Measure(s.Value, (RpaTelemetry.Tags.System, s.Key)))),
            unit: "{session}", description: "Running steps of each department system that has a session limit");
        _meter.CreateObservableGauge("rpa.sessions.limit", () => Read(g => g.SessionLimits.Select(s => Measure(s.Value, (RpaTelemetry.Tags.System, s.Key)))),
            unit: "{session}", description: "The session limit of each department system that has one (DepartmentSystems:{id}:MaxSessions)");
    }

    /// <summary>The snapshot the gauges show now: the last one read, after starting a new read if it is stale.</summary>
    public EngineGauges? Current()
    {
        Task reading;
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            if (_reading is null && now - _readStarted >= _refresh)
            {
                // Also after a failed read: a store that is away is asked again one interval later, not on every scrape.
                _readStarted = now;
                _reading = Task.Run(ReadAsync);
            }

            if (_last is not null || _reading is null)
            {
                return _last;
            }

            reading = _reading;
        }

        // The first scrape waits for the first reading instead of showing nothing.
        reading.Wait(FirstReadWait);
        return _last;
    }

    public void Dispose() => _meter.Dispose();

    private IEnumerable<Measurement<int>> Read(Func<EngineGauges, IEnumerable<Measurement<int>>> measure) =>
        Current() is { } gauges ? [.. measure(gauges)] : [];

    private static Measurement<int> Measure(int value, params (string Key, string Value)[] tags) =>
        new(value, tags.Select(t => KeyValuePair.Create(t.Key, (object?)t.Value)));

    private async Task ReadAsync()
    {
        try
        {
            _last = await _queries.GaugesAsync();
        }
        catch (Exception ex)
        {
            // The store is away: the gauges keep the last reading; the next scrape tries again.
            _logger.LogWarning(ex, "Reading the engine's levels for the metrics failed");
        }
        finally
        {
            lock (_gate)
            {
                _reading = null;
            }
        }
    }
}
