using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RpaRunner.Runner.Demo;
using RpaRunner.Runner.Hosting;
using RpaRunner.Runner.Security;
using RpaRunner.Workflows.Engine;
using RpaRunner.Workflows.Engine.Storage;

namespace RpaRunner.Bench;

/// <summary>
/// Steps per second through the full embedded path: HTTP submit → form validation → engine (SQLite, one
/// transaction per transition with its audit row) → MassTransit in-memory → bot pool → simulated
/// department system (no latency) → report → engine. Cases are submitted first, then the clock runs
/// until every case has completed. Also reports the most steps each pool had in flight at once (claimed and
/// queued for its bots, or being run), from the attempts' dispatch and finish times.
/// </summary>
public static class EngineThroughput
{
    public static async Task<int> RunAsync(string[] args)
    {
        var cases = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 300;
        var concurrency = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 16;
        var output = args.Length > 2 ? args[2] : null;
        var folder = Directory.CreateTempSubdirectory("rpa-bench-").FullName;
        var key = ApiKeyAuthenticationHandler.NewKey();
        var builder = RunnerApp.CreateBuilder(
        [
            "--urls", "http://127.0.0.1:0",
            $"--Runner:DataDirectory={folder}",
            $"--Database:ConnectionString=Data Source={Path.Combine(folder, "rpa.db")}",
            "--Simulation:Enabled=true",
            "--Bots:Pools:0=web",
            "--Bots:Pools:1=desktop-linux",
            $"--Bots:ConcurrencyPerPool={concurrency}",
            "--Serilog:MinimumLevel:Default=Warning",
            "--Security:Users:0:Name=bench", "--Security:Users:0:Role=admin",
            $"--Security:Users:0:ApiKeySha256={ApiKeyAuthenticationHandler.HashKey(key)}",
        ]);
        builder.AddRunner();
        await using var app = builder.Build();
        app.MapRunner();
        await app.InitializeAsync();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var http = new HttpClient { BaseAddress = new Uri(address) };
        http.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, key);
        var queries = app.Services.GetRequiredService<CaseQueries>();
        var today = app.Services.GetRequiredService<CaseEngine>().Today;
        string[] bundles = ["newborn", "retirement", "company-setup"];

        // Warm-up: one case of each bundle, not counted.
        foreach (var bundle in bundles)
        {
            (await http.PostAsJsonAsync("/api/cases", new { bundleId = bundle, form = SampleApplications.For(bundle, 9999, today) })).EnsureSuccessStatusCode();
        }

        await WaitAllDoneAsync(queries, bundles.Length);
        var warmUpSteps = await SucceededStepsAsync(queries);
        var measuredFrom = app.Services.GetRequiredService<TimeProvider>().GetUtcNow();

        using var timings = new PhaseTimings();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var total = Stopwatch.StartNew();
        var submit = Stopwatch.StartNew();
        for (var i = 0; i < cases; i++)
        {
            var bundle = bundles[i % bundles.Length];
            var response = await http.PostAsJsonAsync("/api/cases", new { bundleId = bundle, form = SampleApplications.For(bundle, i, today) });
            response.EnsureSuccessStatusCode();
        }

        submit.Stop();
        await WaitAllDoneAsync(queries, cases + bundles.Length);
        total.Stop();
        timings.Stop();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;

        var steps = await SucceededStepsAsync(queries) - warmUpSteps;
        await app.StopAsync();
        var peaks = await PeakInFlightAsync(app.Services.GetRequiredService<IDbContextFactory<EngineDbContext>>(), measuredFrom);

        var report = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"| cases | steps | bot concurrency per pool | submit (HTTP, validated) | submit rate | total to all completed | steps/s | cases/s | peak steps in flight (web / desktop-linux) |")
            .AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
            .AppendLine(CultureInfo.InvariantCulture, $"| {cases} | {steps} | {concurrency} | {submit.Elapsed.TotalSeconds:0.00} s | {cases / submit.Elapsed.TotalSeconds:0} cases/s | {total.Elapsed.TotalSeconds:0.00} s | {steps / total.Elapsed.TotalSeconds:0.0} | {cases / total.Elapsed.TotalSeconds:0.0} | {peaks.GetValueOrDefault("web")} / {peaks.GetValueOrDefault("desktop-linux")} |")
            .ToString();
        report += timings.Table(steps, total.Elapsed, cpu);
        Console.Write(report);
        if (output is not null)
        {
            await File.AppendAllTextAsync(output, report);
        }

        Directory.Delete(folder, recursive: true);
        return 0;
    }

    /// <summary>
    /// Where the measured time went: the engine's write transactions per transition and phase (its timing metric), the
    /// bots' attempts, and the process's CPU time. SQLite has one writer, so the transactions' times after admission add
    /// up to how long the writer was busy.
    /// </summary>
    private sealed class PhaseTimings : IDisposable
    {
        private static readonly string[] Phases = ["wait", "work", "follow", "save", "commit", "retry"];
        private readonly MeterListener _listener = new();
        private readonly ConcurrentDictionary<(string Transition, string Phase), (long Count, double Seconds)> _sums = new();
        private volatile bool _stopped;

        public PhaseTimings()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Name is "rpa.engine.transaction.phase.duration" or "rpa.step.attempt.duration")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
            {
                if (_stopped)
                {
                    return;
                }

                string transition = "bot attempt", phase = "run";
                foreach (var tag in tags)
                {
                    if (tag.Key == "transition")
                    {
                        transition = (string)tag.Value!;
                    }
                    else if (tag.Key == "phase")
                    {
                        phase = (string)tag.Value!;
                    }
                }

                _sums.AddOrUpdate((transition, phase), (1, value), (_, s) => (s.Count + 1, s.Seconds + value));
            });
            _listener.Start();
        }

        public void Stop() => _stopped = true;

        public string Table(int steps, TimeSpan wall, TimeSpan cpu)
        {
            var text = new StringBuilder()
                .AppendLine()
                .AppendLine(CultureInfo.InvariantCulture, $"Where the time went ({wall.TotalSeconds:0.00} s wall, {cpu.TotalSeconds:0.00} s CPU of the process = {cpu / wall:0.00} cores, {Environment.ProcessorCount} cores):")
                .AppendLine()
                .AppendLine("| transition | transactions | per step | wait ms | work ms | follow ms | save ms | commit ms | retry ms | writer busy s | share of wall |")
                .AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            double busyAll = 0;
            foreach (var transition in _sums.Keys.Select(k => k.Transition).Distinct().Where(t => t != "bot attempt").Order(StringComparer.Ordinal))
            {
                var count = _sums.GetValueOrDefault((transition, "commit")).Count;
                string Mean(string phase) => _sums.TryGetValue((transition, phase), out var s) && count > 0 ? (s.Seconds * 1000 / count).ToString("0.00", CultureInfo.InvariantCulture) : "–";
                var busy = Phases.Skip(1).Take(4).Sum(p => _sums.GetValueOrDefault((transition, p)).Seconds);
                busyAll += busy;
                text.AppendLine(CultureInfo.InvariantCulture, $"| {transition} | {count} | {(double)count / steps:0.00} | {Mean("wait")} | {Mean("work")} | {Mean("follow")} | {Mean("save")} | {Mean("commit")} | {Mean("retry")} | {busy:0.00} | {busy / wall.TotalSeconds:0%} |");
            }

            text.AppendLine(CultureInfo.InvariantCulture, $"| all | | | | | | | | | {busyAll:0.00} | {busyAll / wall.TotalSeconds:0%} |");
            if (_sums.TryGetValue(("bot attempt", "run"), out var bot))
            {
                text.AppendLine()
                    .AppendLine(CultureInfo.InvariantCulture, $"Bot attempts: {bot.Count}, mean {bot.Seconds * 1000 / Math.Max(1, bot.Count):0.00} ms each (the action with its commit-point request and the simulated system's lookup and write).");
            }

            return text.ToString();
        }

        public void Dispose() => _listener.Dispose();
    }

    /// <summary>The most steps of each pool that were in flight at once: dispatched and not yet finished.</summary>
    private static async Task<Dictionary<string, int>> PeakInFlightAsync(IDbContextFactory<EngineDbContext> dbFactory, DateTimeOffset since)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var attempts = await (from a in db.Attempts.AsNoTracking()
                              join s in db.Steps.AsNoTracking() on a.StepRecordId equals s.Id
                              where a.DispatchedAt >= since
                              select new { s.Pool, a.DispatchedAt, a.FinishedAt }).ToListAsync();
        var peaks = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var pool in attempts.GroupBy(a => a.Pool))
        {
            // A finish and a dispatch at the same millisecond: the finish first.
            var events = pool.SelectMany(a => new[] { (At: a.DispatchedAt, Change: 1), (At: a.FinishedAt ?? DateTimeOffset.MaxValue, Change: -1) })
                .OrderBy(e => e.At).ThenBy(e => e.Change);
            int inFlight = 0, peak = 0;
            foreach (var (_, change) in events)
            {
                inFlight += change;
                peak = Math.Max(peak, inFlight);
            }

            peaks[pool.Key] = peak;
        }

        return peaks;
    }

    private static async Task<int> SucceededStepsAsync(CaseQueries queries)
    {
        var steps = 0;
        for (var skip = 0; ; skip += 500)
        {
            var page = await queries.ListAsync(new CaseFilter(Skip: skip, Take: 500));
            steps += page.Sum(c => c.Steps.Count(s => s.Status == StepStatus.Succeeded));
            if (page.Count < 500)
            {
                return steps;
            }
        }
    }

    private static async Task WaitAllDoneAsync(CaseQueries queries, int expected)
    {
        while (true)
        {
            var counts = await queries.CountByStatusAsync();
            var done = counts.GetValueOrDefault(CaseStatus.Completed);
            var stuck = counts.GetValueOrDefault(CaseStatus.WaitingForPerson);
            if (stuck > 0)
            {
                throw new InvalidOperationException($"{stuck} case(s) wait for a person; the benchmark expects none.");
            }

            if (done >= expected)
            {
                return;
            }

            await Task.Delay(20);
        }
    }
}
