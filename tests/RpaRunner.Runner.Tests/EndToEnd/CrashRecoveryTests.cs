using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using RpaRunner.Bots.Simulated;
using RpaRunner.Runner.Audit;
using RpaRunner.Runner.Demo;
using RpaRunner.Runner.Security;
using RpaRunner.Runner.Tests.TestSupport;
using RpaRunner.Tests.Shared;
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
        // Rows the killed runner wrote after its last seal are unsealed, not broken.
        var key = AuditKeys.Load(new ConfigurationBuilder().Build(), _folder, create: false);
        var audit = await AuditVerifier.VerifyAsync(db, key, new AuditCheckpointLog(Path.Combine(_folder, "audit", "checkpoints.jsonl")).Read());
        Assert.True(audit.Intact, audit.Problem);
    }

    /// <summary>
    /// The runner is killed right after two bots passed their commit point (the record is stored, the reply never
    /// came): one action can be searched, the other cannot. Started again, the first is looked up and found; the
    /// second goes to a person. Each system holds exactly one record — before the commit point the second ran again
    /// and entered its record twice.
    /// </summary>
    [Fact]
    public async Task KilledRightAfterTheCommitPoint_ASearchableMatterIsFound_AnUnsearchableOneGoesToAPerson_OneRecordEach()
    {
        Directory.CreateDirectory(_folder);
        var bundles = Directory.CreateDirectory(Path.Combine(_folder, "bundles"));
        await File.WriteAllTextAsync(Path.Combine(bundles.FullName, "retirement-v3.json"), TestBundles.RetirementWithContactStep());
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        string[] hang = ["--Simulation:HangAfterCommit:0=housingFund", "--Simulation:HangAfterCommit:1=contact", $"--Runner:BundlesFolder={bundles.FullName}"];
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await StartAsync(address, hang);
        using var clerk = RunnerFixture.ClientFor(address, Roles.Clerk);
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        var code = await RunnerFixture.SubmitAsync(clerk, "retirement", SampleApplications.For("retirement", 2, today));
        output.WriteLine($"{clock.Elapsed}: submitted {code}");

        // Both bots have noted the commit point with the engine (which comes first) and then stored their record; then
        // the process dies.
        var store = new SimulatedRecordStore(Path.Combine(_folder, "data", "simulated-systems.db"));
        await WaitUntilAsync(() => CommittedAttempts() == 2 && store.CountByKey().ContainsKey($"{code}:housingFund") && store.CountByKey().ContainsKey($"{code}:contact"), "both attempts past their commit point, both records stored");
        output.WriteLine($"{clock.Elapsed}: both committed; killing the runner");
        _process!.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        Assert.Equal(1, store.CountByKey()[$"{code}:contact"]);

        await StartAsync(address, hang);
        output.WriteLine($"{clock.Elapsed}: started again");
        var settled = await RunnerFixture.WaitForCaseAsync(clerk, code, TimeSpan.FromSeconds(90), c => c["status"]!.GetValue<string>() == "waitingForPerson"
            && c["steps"]!.AsArray().Single(s => s!["stepId"]!.GetValue<string>() == "housingFund")!["status"]!.GetValue<string>() == "succeeded");
        output.WriteLine($"{clock.Elapsed}: settled");
        var steps = settled["steps"]!.AsArray().ToDictionary(s => s!["stepId"]!.GetValue<string>(), s => s!);
        Assert.Equal("waitingForPerson", steps["contact"]["status"]!.GetValue<string>());
        Assert.Equal("outcomeUnknown", steps["contact"]["errorClass"]!.GetValue<string>());
        var housingOutcomes = steps["housingFund"]["attempts"]!.AsArray().Select(a => a!["outcome"]!.GetValue<string>()).ToList();
        output.WriteLine($"housingFund attempts: {string.Join(", ", housingOutcomes)}; contact: {steps["contact"]["error"]}");
        // The killed attempt's outcome was unknown; it was only looked up afterwards (a lookup nobody took is looked up
        // again) and found: never entered a second time.
        Assert.Equal("unknown", housingOutcomes[0]);
        Assert.Equal("found", housingOutcomes[^1]);
        Assert.All(housingOutcomes.Skip(1).SkipLast(1), o => Assert.Equal("not-taken", o));

        // Nothing entered twice, and the unsearchable matter is not tried again by itself.
        await Task.Delay(TimeSpan.FromSeconds(5));
        var counts = store.CountByKey();
        Assert.Equal(1, counts[$"{code}:housingFund"]);
        Assert.Equal(1, counts[$"{code}:contact"]);

        // The operator checked the counter system, found the record, and completes the matter by hand.
        using var operatorClient = RunnerFixture.ClientFor(address, Roles.Operator);
        var done = await operatorClient.PostAsJsonAsync($"/api/cases/{code}/steps/contact/complete", new { reason = "已在柜面系统中查到该登记", values = new Dictionary<string, string>() });
        Assert.True(done.IsSuccessStatusCode, await done.Content.ReadAsStringAsync());
        Assert.Equal("completed", (await RunnerFixture.WaitForCaseAsync(clerk, code, TimeSpan.FromSeconds(30)))["status"]!.GetValue<string>());
        Assert.Equal(1, store.CountByKey()[$"{code}:contact"]);
    }

    private int CommittedAttempts()
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_folder, "rpa.db")}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM step_attempts a JOIN steps s ON s.\"Id\" = a.\"StepRecordId\" WHERE a.\"CommittedAt\" IS NOT NULL AND s.\"StepId\" IN ('housingFund', 'contact')";
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
        while (!condition())
        {
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"Never saw {what}.");
            }

            await Task.Delay(100);
        }
    }

    private async Task StartAsync(Uri address, params string[] extraArgs)
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
        foreach (var arg in extraArgs)
        {
            info.ArgumentList.Add(arg);
        }

        _process = Process.Start(info)!;
        var said = new System.Collections.Concurrent.ConcurrentQueue<string>();
        void Keep(string? line)
        {
            if (line is not null)
            {
                said.Enqueue(line);
                while (said.Count > 40 && said.TryDequeue(out _))
                {
                }
            }
        }

        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(2) };
        // A start is a few seconds; on a machine busy with other test processes it has taken over a minute.
        var deadline = DateTimeOffset.UtcNow.AddSeconds(120);
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

        throw new TimeoutException($"The runner process did not become healthy{(_process.HasExited ? $" (it exited with {_process.ExitCode})" : string.Empty)}. Its last lines:\n{string.Join('\n', said)}");
    }

    private static async Task<int> WaitForRunningStepAsync(HttpClient client, List<string> codes)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
        while (DateTimeOffset.UtcNow < deadline)
        {
            var cases = (await client.GetFromJsonAsync<JsonObject>("/api/cases?pageSize=100"))!["items"]!.AsArray();
            var running = cases.SelectMany(c => c!["steps"]!.AsArray()).Count(s => s!["status"]!.GetValue<string>() == "running");
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
