namespace RpaRunner.Runner.Tests.Telemetry;

/// <summary>
/// The telemetry tests run alone, after the parallel ones: OpenTelemetry listens to meters and activity sources by name
/// across the process, so another test's runner would add its spans to the exporter and its gauges (same names) would
/// shadow this runner's.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection
{
    public const string Name = "Telemetry";
}
