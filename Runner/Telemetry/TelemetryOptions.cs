namespace RpaRunner.Runner.Telemetry;

/// <summary>Traces and metrics (configuration section "Telemetry").</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>The service name in exported traces and metrics; the farm role is added as <c>rpa.role</c>.</summary>
    public string ServiceName { get; set; } = "rpa-runner";

    public OtlpSettings Otlp { get; set; } = new();

    public MetricsSettings Metrics { get; set; } = new();

    /// <summary>OTLP export of traces and metrics, off while <see cref="Endpoint"/> is empty.</summary>
    public sealed class OtlpSettings
    {
        /// <summary>The collector, e.g. http://collector:4317 (gRPC) or http://collector:4318 (with Protocol http/protobuf).</summary>
        public Uri? Endpoint { get; set; }

        /// <summary>grpc (default) or http/protobuf.</summary>
        public string Protocol { get; set; } = "grpc";
    }

    /// <summary>The Prometheus scrape endpoint.</summary>
    public sealed class MetricsSettings
    {
        /// <summary>Serve <see cref="Path"/> (to the admin API key only).</summary>
        public bool Enabled { get; set; } = true;

        public string Path { get; set; } = "/metrics";

        /// <summary>The engine's levels (queue depth, waiting, flags, sessions) are read from the database at most this often, however often they are scraped.</summary>
        public TimeSpan GaugeRefresh { get; set; } = TimeSpan.FromSeconds(5);
    }
}
