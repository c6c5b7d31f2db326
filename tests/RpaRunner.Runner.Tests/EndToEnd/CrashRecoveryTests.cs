using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using RpaRunner.Bots.Simulated;
using RpaRunner.Runner.Demo;
using RpaRunner.Runner.Security;
using RpaRunner.Runner.Tests.TestSupport;
using RpaRunner.Workflows.Audit;
using RpaRunner.Workflows.Engine.Storage;
using Xunit.Abstractions;

namespace RpaRunner.Runner.Tests.EndToEnd;

/// <summary>
/// The runner as its own process, killed with SIGKILL while cases are mid-flight and started again:
/// every case completes, each matter has exactly one record, and no record was created without a lookup.
/// </summary>
public sealed class CrashRecoveryTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "rpa-crash-" + Guid.NewGuid().ToString("N"));
    private Process? _process;

    [Fact]
    public async Task KilledMidCase_TwiceAndRestarted_EveryCaseCompletes_WithOneRecordPerMatter()
    {
        Directory.CreateDirectory(_folder);
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        await StartAsync(address);
        using var clerk = RunnerFixture.ClientFor(address, Roles.Clerk);
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        var codes = new List<string>();
        foreach (var bundle in new[] { "newborn", "retirement", "company-setup" })
        {
            for (var i = 0; i < 3; i++)
            {
                codes.Add(await RunnerFixture.SubmitAsync(clerk, bundle, SampleApplications.For(bundle, i, today)));
            }
        }

        for (var kill = 1; kill <= 2; kill++)
        {
            // Wait until bots are mid-entry (a step is running), then kill the process without warning.
            var running = await WaitForRunningStepAsync(clerk, codes);
            output.WriteLine($"kill {kill}: {running} step(s) running");
            _process!.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
            await StartAsync(address);
        }

        foreach (var code in codes)
        {
            var done = await RunnerFixture.WaitForCaseAsync(clerk, code, TimeSpan.FromSeconds(90));
            Assert.Equal("completed", done["status"]!.GetValue<string>());
        }

        var store = new SimulatedRecordStore(Path.Combine(_folder, "data", "simulated-systems.db"));
        var counts = store.CountByKey();
        var expected = new List<string>();
        foreach (var code in codes)
        {
            var view = await clerk.GetFromJsonAsync<JsonNode>($"/api/cases/{code}");
            expected.AddRange(view!["steps"]!.AsArray().Where(s => s!["status"]!.GetValue<string>() == "succeeded").Select(s => s!["idempotencyKey"]!.GetValue<string>()));
        }

        Assert.Equal(expected.Order(), counts.Keys.Order());
        Assert.All(counts, c => Assert.True(c.Value == 1, $"{c.Key} has {c.Value} records"));
        Assert.Equal(0, store.CreatesWithoutLookup());

        _process!.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        var options = new DbContextOptionsBuilder<EngineDbContext>().UseSqlite($"Data Source={Path.Combine(_folder, "rpa.db")}").Options;
        await using var db = new EngineDbContext(options);
        var audit = await AuditVerifier.VerifyAsync(db);
        Assert.True(audit.Intact, audit.Problem);
    }

    private async Task StartAsync(Uri address)
    {
        var runner = Path.Combine(AppContext.BaseDirectory, "RpaRunner.Runner.dll");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _folder };
        info.ArgumentList.Add(runner);
        info.ArgumentList.Add("serve");
        foreach (var arg in RunnerFixture.ArgsFor(_folder, address.ToString().TrimEnd('/')))
        {
            info.ArgumentList.Add(arg);
        }

        info.ArgumentList.Add("--Simulation:MinLatency=00:00:00.300");
        info.ArgumentList.Add("--Simulation:MaxLatency=00:00:00.700");
        info.ArgumentList.Add("--Simulation:StorePath=" + Path.Combine(_folder, "data", "simulated-systems.db"));
        _process = Process.Start(info)!;
        _process.OutputDataReceived += (_, e) => { };
        _process.ErrorDataReceived += (_, e) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
        while (DateTimeOffset.UtcNow < deadline)
        {
            try
            {
                if ((await http.GetAsync("/health")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Not answering yet.
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("The runner process did not become healthy.");
    }

    private static async Task<int> WaitForRunningStepAsync(HttpClient client, List<string> codes)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
        while (DateTimeOffset.UtcNow < deadline)
        {
            var cases = await client.GetFromJsonAsync<JsonArray>("/api/cases?take=100");
            var running = cases!.SelectMany(c => c!["steps"]!.AsArray()).Count(s => s!["status"]!.GetValue<string>() == "running");
            if (running > 0)
            {
                return running;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("No step was ever seen running.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
        }

        _process?.Dispose();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
