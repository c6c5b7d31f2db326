using System.Diagnostics;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using RpaRunner.Bots.Pools;
using RpaRunner.Runner.Farm;
using RpaRunner.Runner.Security;
using RpaRunner.Workflows.Telemetry;

namespace RpaRunner.Runner.Telemetry;

/// <summary>
/// OpenTelemetry for the runner: traces of the runner's own spans (<see cref="RpaTelemetry"/>), MassTransit's (which carry
/// the trace from the dispatcher through the bot to its report), ASP.NET Core's and HttpClient's, with no query string;
/// metrics of the runner, the runtime and ASP.NET Core, scraped by Prometheus at <c>Telemetry:Metrics:Path</c> (admin
/// API key) and exported by OTLP when <c>Telemetry:Otlp:Endpoint</c> is set.
/// </summary>
public static class TelemetryHosting
{
    /// <summary>The span attributes of the ASP.NET Core and HttpClient instrumentations that can hold a query string.</summary>
    private static readonly string[] QueryTags = ["url.query", "url.full", "http.url", "http.target"];

    public static IServiceCollection AddRunnerTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(TelemetryOptions.Section);
        services.Configure<TelemetryOptions>(section);
        var options = section.Get<TelemetryOptions>() ?? new TelemetryOptions();
        var role = FarmRole.Of(configuration);
        var worker = configuration.GetSection("Bots").Get<BotPoolOptions>()?.WorkerName ?? Environment.MachineName;

        if (FarmRole.RunsEngine(role))
        {
            services.AddSingleton<EngineGaugeInstruments>();
        }

        services.AddOpenTelemetry()
            .ConfigureResource(r => r
                .AddService(options.ServiceName, serviceInstanceId: worker)
                .AddAttributes([KeyValuePair.Create("rpa.role", (object)role)]))
            .WithTracing(tracing =>
            {
                tracing.AddSource(RpaTelemetry.Name, "MassTransit")
                    .AddAspNetCoreInstrumentation(o =>
                    {
                        // Health probes and scrapes are noise; query strings can hold personal data (/progress?code=&phone4=, /api/cases?q=).
                        o.Filter = http => !http.Request.Path.StartsWithSegments("/health") && !http.Request.Path.StartsWithSegments(options.Metrics.Path);
                        o.EnrichWithHttpRequest = (activity, request) => WithoutQuery(activity, request.Scheme + "://" + request.Host + request.PathBase + request.Path);
                    })
                    .AddHttpClientInstrumentation(o => o.EnrichWithHttpRequestMessage = (activity, request) =>
                        WithoutQuery(activity, request.RequestUri is { } uri ? uri.GetLeftPart(UriPartial.Path) : null));
                if (options.Otlp.Endpoint is not null)
                {
                    tracing.AddOtlpExporter(o => Otlp(o, options.Otlp));
                }
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(RpaTelemetry.Name)
                    .AddRuntimeInstrumentation()
                    .AddAspNetCoreInstrumentation();
                if (FarmRole.RunsEngine(role))
                {
                    metrics.AddInstrumentation(sp => sp.GetRequiredService<EngineGaugeInstruments>());
                }

                if (options.Metrics.Enabled)
                {
                    metrics.AddPrometheusExporter();
                }

                if (options.Otlp.Endpoint is not null)
                {
                    metrics.AddOtlpExporter(o => Otlp(o, options.Otlp));
                }
            });
        return services;
    }

    /// <summary>The Prometheus scrape endpoint, to the admin role only (a scraper sends <c>Authorization: ApiKey …</c>).</summary>
    public static WebApplication MapRunnerTelemetry(this WebApplication app)
    {
        var options = app.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        if (options.Metrics.Enabled)
        {
            app.MapPrometheusScrapingEndpoint(options.Metrics.Path)
                .RequireAuthorization(p => p.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName).RequireRole(Roles.Admin))
                .ExcludeFromDescription();
        }

        return app;
    }

    private static void WithoutQuery(Activity activity, string? url)
    {
        foreach (var tag in QueryTags)
        {
            if (activity.GetTagItem(tag) is not null)
            {
                activity.SetTag(tag, tag == "url.full" || tag == "http.url" ? url : null);
            }
        }
    }

    private static void Otlp(OtlpExporterOptions exporter, TelemetryOptions.OtlpSettings settings)
    {
        exporter.Endpoint = settings.Endpoint!;
        exporter.Protocol = string.Equals(settings.Protocol, "http/protobuf", StringComparison.OrdinalIgnoreCase) ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
    }
}
