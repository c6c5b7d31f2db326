using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using RpaRunner.Bots.Simulated;
using RpaRunner.Runner.Hosting;
using RpaRunner.Runner.Security;

namespace RpaRunner.Runner.Tests.TestSupport;

/// <summary>A real embedded runner on a free loopback port: Kestrel, SQLite file, MassTransit in-memory,
/// simulated department systems. One API key per role.</summary>
public sealed class RunnerFixture : IAsyncDisposable
{
    public static readonly IReadOnlyDictionary<string, string> Keys = Roles.All.ToDictionary(r => r, r => $"test-key-{r}-0123456789");

    private readonly WebApplication _app;

    private RunnerFixture(WebApplication app, string folder, Uri address)
    {
        _app = app;
        Folder = folder;
        Address = address;
    }

    public string Folder { get; }

    public Uri Address { get; }

    public IServiceProvider Services => _app.Services;

    public SimulatedRecordStore Records => Services.GetRequiredService<SimulatedRecordStore>();

    public static Task<RunnerFixture> StartAsync(ISimulationScript? script = null, params string[] extraArgs) =>
        StartAsync(script, configure: null, extraArgs);

    /// <summary>Starts a runner whose services <paramref name="configure"/> may add to (an in-memory exporter, say).</summary>
    public static async Task<RunnerFixture> StartAsync(ISimulationScript? script, Action<IServiceCollection>? configure, params string[] extraArgs)
    {
        var folder = Path.Combine(Path.GetTempPath(), "rpa-runner-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var builder = RunnerApp.CreateBuilder([.. ArgsFor(folder), .. extraArgs]);
        builder.AddRunner();
        if (script is not null)
        {
            builder.Services.AddSingleton(script);
        }

        configure?.Invoke(builder.Services);

        var app = builder.Build();
        app.MapRunner();
        await app.InitializeAsync();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new RunnerFixture(app, folder, new Uri(address));
    }

    /// <summary>Command-line arguments of a runner on this folder (used in-process and for child processes).</summary>
    public static List<string> ArgsFor(string folder, string urls = "http://127.0.0.1:0")
    {
        var args = new List<string>
        {
            "--urls", urls,
            $"--Runner:DataDirectory={folder}",
            $"--Database:ConnectionString=Data Source={Path.Combine(folder, "rpa.db")}",
            "--Simulation:Enabled=true",
            "--Simulation:MinLatency=00:00:00.150",
            "--Simulation:MaxLatency=00:00:00.300",
            "--Bots:Pools:0=web",
            "--Bots:Pools:1=desktop-linux",
            "--Bots:ConcurrencyPerPool=8",
            "--Engine:LeaseDuration=00:00:04",
            "--Engine:ReconcileInterval=00:00:01",
            "--Serilog:MinimumLevel:Default=Warning",
        };
        var i = 0;
        foreach (var (role, key) in Keys)
        {
            args.Add($"--Security:Users:{i}:Name={role}1");
            args.Add($"--Security:Users:{i}:Role={role}");
            args.Add($"--Security:Users:{i}:ApiKeySha256={ApiKeyAuthenticationHandler.HashKey(key)}");
            i++;
        }

        return args;
    }

    public HttpClient Client(string? role) => ClientFor(Address, role);

    public static HttpClient ClientFor(Uri address, string? role)
    {
        var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        if (role is not null)
        {
            client.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, Keys[role]);
        }

        return client;
    }

    public static async Task<string> SubmitAsync(HttpClient clerk, string bundleId, JsonObject form)
    {
        var response = await clerk.PostAsJsonAsync("/api/cases", new { bundleId, form });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonNode.Parse(body)!["caseCode"]!.GetValue<string>();
    }

    /// <summary>Submits a case pinned to <paramref name="version"/> of the bundle.</summary>
    public static async Task<string> SubmitVersionAsync(HttpClient clerk, string bundleId, int version, JsonObject form)
    {
        var response = await clerk.PostAsJsonAsync("/api/cases", new { bundleId, bundleVersion = version, form });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonNode.Parse(body)!["caseCode"]!.GetValue<string>();
    }

    /// <summary>Polls the API until the case leaves "running" or the time is up; returns the case.</summary>
    public static async Task<JsonNode> WaitForCaseAsync(HttpClient client, string code, TimeSpan timeout, Func<JsonNode, bool>? until = null)
    {
        until ??= c => c["status"]!.GetValue<string>() != "running";
        var deadline = DateTimeOffset.UtcNow + timeout;
        JsonNode? last = null;
        while (DateTimeOffset.UtcNow < deadline)
        {
            last = await client.GetFromJsonAsync<JsonNode>($"/api/cases/{code}");
            if (until(last!))
            {
                return last!;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"Case {code} did not get there within {timeout}: {last?.ToJsonString()}");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
