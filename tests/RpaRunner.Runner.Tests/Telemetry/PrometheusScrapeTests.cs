using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using RpaRunner.Runner.Demo;
using RpaRunner.Runner.Security;
using RpaRunner.Runner.Tests.TestSupport;

namespace RpaRunner.Runner.Tests.Telemetry;

/// <summary>
/// Debian's prometheus scrapes a running runner (ops/telemetry/prometheus.yml's job, pointed at the test's port), and
/// the rpa_ series are read back through Prometheus's HTTP API. `./rpa test` installs prometheus
/// (ops/install/telemetry-packages.txt).
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class PrometheusScrapeTests : IAsyncLifetime
{
    private const string LimitedSystem = "gongan";
    private RunnerFixture _runner = null!;
    private string _folder = null!;
    private Process? _prometheus;
    private Uri _api = null!;

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));

    public async Task InitializeAsync()
    {
        _runner = await RunnerFixture.StartAsync(null, $"--DepartmentSystems:{LimitedSystem}:MaxSessions=2", "--Telemetry:Metrics:GaugeRefresh=00:00:01");
        _folder = Path.Combine(Path.GetTempPath(), "rpa-prometheus-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        var config = Path.Combine(_folder, "prometheus.yml");
        await File.WriteAllTextAsync(config, ScrapeConfig(_runner.Address, RunnerFixture.Keys[Roles.Admin]));
        var port = FreePort();
        _api = new Uri($"http://127.0.0.1:{port}/");
        _prometheus = Process.Start(new ProcessStartInfo(PrometheusBinary())
        {
            ArgumentList =
            {
                $"--config.file={config}",
                $"--storage.tsdb.path={Path.Combine(_folder, "data")}",
                $"--web.listen-address=127.0.0.1:{port}",
                "--log.level=warn",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        _prometheus.OutputDataReceived += (_, _) => { };
        _prometheus.ErrorDataReceived += (_, _) => { };
        _prometheus.BeginOutputReadLine();
        _prometheus.BeginErrorReadLine();
    }

    public async Task DisposeAsync()
    {
        if (_prometheus is { HasExited: false })
        {
            _prometheus.Kill(entireProcessTree: true);
            await _prometheus.WaitForExitAsync();
        }

        _prometheus?.Dispose();
        await _runner.DisposeAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    [Fact]
    public async Task Prometheus_ScrapesTheRunner_AndFindsTheRpaSeries()
    {
        using var clerk = _runner.Client(Roles.Clerk);
        var codes = new List<string>();
        foreach (var bundle in new[] { "newborn", "company-setup" })
        {
            codes.Add(await RunnerFixture.SubmitAsync(clerk, bundle, SampleApplications.For(bundle, 11, Today)));
        }

        var steps = 0;
        foreach (var code in codes)
        {
            var done = await RunnerFixture.WaitForCaseAsync(clerk, code, TimeSpan.FromSeconds(60));
            Assert.Equal("completed", done["status"]!.GetValue<string>());
            steps += done["steps"]!.AsArray().Count;
        }

        using var prometheus = new HttpClient { BaseAddress = _api, Timeout = TimeSpan.FromSeconds(10) };

        // Scraped every second: wait until the scrape after the last report is stored.
        var succeeded = await WaitForAsync(prometheus, "sum(rpa_step_attempts_total{outcome=\"succeeded\"})", v => v >= steps);
        Assert.True(succeeded >= steps, $"succeeded attempts {succeeded} < steps {steps}");
        Assert.Equal(1, await WaitForAsync(prometheus, "up{job=\"rpa-runner\"}", v => v == 1));

        // Durations: a count for every attempt, a plausible median per system (the simulation takes 0.15–0.3 s).
        Assert.True(await WaitForAsync(prometheus, "sum(rpa_step_attempt_duration_seconds_count{outcome=\"succeeded\"})", v => v >= steps) >= steps);
        var median = await WaitForAsync(prometheus, "max(histogram_quantile(0.5, sum by (le, system) (rpa_step_attempt_duration_seconds_bucket)))", v => v > 0);
        Assert.InRange(median, 0.05, 5);

        // The engine's levels: every pool's queue, with nothing left in flight once the cases are done.
        Assert.Equal(0, await WaitForAsync(prometheus, "sum(rpa_queue_depth{pool=\"web\",state=\"in_flight\"})", v => v == 0));
        Assert.Equal(3, await WaitForAsync(prometheus, "count(rpa_queue_depth{pool=\"web\"})", v => v == 3));
        Assert.Equal(2, await WaitForAsync(prometheus, "count(rpa_flags)", v => v == 2));
        Assert.True(await WaitForAsync(prometheus, "count(rpa_steps_waiting_for_person)", v => v > 0) > 0);
        Assert.Equal(2, await WaitForAsync(prometheus, $"rpa_sessions_limit{{system=\"{LimitedSystem}\"}}", v => v == 2));
        Assert.Equal(0, await WaitForAsync(prometheus, $"rpa_sessions_in_use{{system=\"{LimitedSystem}\"}}", v => v == 0));

        // Every query of the Grafana dashboard is one Prometheus accepts, and finds series for (failures aside: there were none).
        var dashboard = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), "ops", "telemetry", "grafana-rpa.json")))!;
        foreach (var expr in dashboard["panels"]!.AsArray().SelectMany(p => p!["targets"]!.AsArray()).Select(t => t!["expr"]!.GetValue<string>()))
        {
            // rate() needs two scrapes of a series within its window: the first scrapes may be too few.
            var query = "api/v1/query?query=" + Uri.EscapeDataString(expr.Replace("$job", ".*", StringComparison.Ordinal));
            var deadline = DateTimeOffset.UtcNow.AddSeconds(20);
            JsonNode answer;
            do
            {
                answer = JsonNode.Parse(await prometheus.GetStringAsync(query))!;
                Assert.Equal("success", answer["status"]!.GetValue<string>());
            }
            while (answer["data"]!["result"]!.AsArray().Count == 0 && !expr.Contains("outcome!~", StringComparison.Ordinal) && DateTimeOffset.UtcNow < deadline && await Delay());

            Assert.True(expr.Contains("outcome!~", StringComparison.Ordinal) || answer["data"]!["result"]!.AsArray().Count > 0, $"no series for the dashboard's {expr}: {answer.ToJsonString()}");
        }
    }

    [Fact]
    public async Task MetricsEndpoint_IsForTheAdminKeyOnly()
    {
        using var anonymous = _runner.Client(null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/metrics")).StatusCode);
        using var clerk = _runner.Client(Roles.Clerk);
        Assert.Equal(HttpStatusCode.Forbidden, (await clerk.GetAsync("/metrics")).StatusCode);
        using var admin = _runner.Client(Roles.Admin);
        var response = await admin.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("rpa_flags{", body, StringComparison.Ordinal);
        Assert.Contains("rpa_queue_depth{", body, StringComparison.Ordinal);
    }

    private static async Task<bool> Delay()
    {
        await Task.Delay(500);
        return true;
    }

    /// <summary>ops/telemetry/prometheus.yml with the runner's address and the admin key of the test.</summary>
    private static string ScrapeConfig(Uri runner, string adminKey)
    {
        var shipped = File.ReadAllText(Path.Combine(RepositoryRoot(), "ops", "telemetry", "prometheus.yml"));
        return shipped
            .Replace("scrape_interval: 15s", "scrape_interval: 1s", StringComparison.Ordinal)
            .Replace("credentials_file: /etc/prometheus/rpa-admin.key", $"credentials: {adminKey}", StringComparison.Ordinal)
            .Replace("localhost:5000", runner.Authority, StringComparison.Ordinal);
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "RpaRunner.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new DirectoryNotFoundException("RpaRunner.sln not found above " + AppContext.BaseDirectory);
    }

    private static string PrometheusBinary()
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(':')
            .Select(dir => Path.Combine(dir, "prometheus")).FirstOrDefault(File.Exists);
        return found ?? throw new FileNotFoundException("Debian's prometheus is not installed: `./rpa test` installs it (ops/install/telemetry-packages.txt), or apt-get install prometheus.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Asks Prometheus's HTTP API for one number until <paramref name="until"/> accepts it or 30 s pass; returns the last one.</summary>
    private static async Task<double> WaitForAsync(HttpClient prometheus, string query, Func<double, bool> until)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        double? last = null;
        string? body = null;
        while (DateTimeOffset.UtcNow < deadline)
        {
            try
            {
                body = await prometheus.GetStringAsync("api/v1/query?query=" + Uri.EscapeDataString(query));
                var result = JsonNode.Parse(body)!["data"]!["result"]!.AsArray();
                if (result.Count > 0)
                {
                    last = double.Parse(result[0]!["value"]![1]!.GetValue<string>(), CultureInfo.InvariantCulture);
                    if (until(last.Value))
                    {
                        return last.Value;
                    }
                }
            }
            catch (HttpRequestException)
            {
                // Prometheus is still starting.
            }

            await Task.Delay(250);
        }

        return last ?? throw new TimeoutException($"Prometheus had no value for {query}: {body}");
    }
}
