using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using RpaRunner.Bots.Runtime;
using RpaRunner.Bots.Web;
using RpaRunner.Runner.Demo;
using RpaRunner.Runner.Hosting;

namespace RpaRunner.Bench;

/// <summary>
/// How many web sessions one machine holds: the web bot (as a worker calls it, default trace) against the sandbox's
/// company registration at rising numbers of concurrent sessions, each level with its own browser and its own steps.
/// Per level: steps per minute, and the memory the sessions hold — the browser's processes (proportional set size, so
/// pages sharing Chromium's code are not counted twice) and this process's managed heap and working set — sampled
/// every 200 ms; the peak minus the level's idle browser, divided by the sessions, is a session's memory.
/// </summary>
public static class WebCapacity
{
    public static async Task<int> RunAsync(int stepsPerSession, IReadOnlyList<int> levels, string? output)
    {
        var folder = Directory.CreateTempSubdirectory("rpa-capacity-").FullName;
        await using var sandbox = await SandboxBeside.StartAsync(Path.Combine(folder, "sandbox"), CancellationToken.None);
        var today = DateOnly.FromDateTime(TimeProvider.System.GetLocalNow().Date);
        var report = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"| sessions | steps | seconds | steps/min | × one session | browser idle MB | browser peak MB | per session MB | runner working set peak MB | failed attempts |")
            .AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        double? single = null;
        var seed = 30000;
        foreach (var sessions in levels)
        {
            var steps = Math.Max(4, stepsPerSession * sessions);
            var level = await LevelAsync(sandbox, folder, sessions, steps, today, seed);
            seed += 1000;
            var rate = steps / level.Took.TotalMinutes;
            single ??= rate / sessions;
            var perSession = (level.BrowserPeakMb - level.BrowserIdleMb) / sessions;
            report.AppendLine(CultureInfo.InvariantCulture,
                $"| {sessions} | {steps} | {level.Took.TotalSeconds:0.0} | {rate:0.0} | {rate / single.Value:0.00} | {level.BrowserIdleMb:0} | {level.BrowserPeakMb:0} | {perSession:0} | {level.RunnerPeakMb:0} | {level.Retries} |");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"sessions {sessions}: {steps} steps in {level.Took.TotalSeconds:0.0} s, browser {level.BrowserIdleMb:0} → {level.BrowserPeakMb:0} MB"));
        }

        Console.WriteLine();
        Console.Write(report);
        if (output is not null)
        {
            await File.AppendAllTextAsync(output, report.ToString());
        }

        return 0;
    }

    private sealed record Level(TimeSpan Took, double BrowserIdleMb, double BrowserPeakMb, double RunnerPeakMb, int Retries);

    private static async Task<Level> LevelAsync(SandboxBeside sandbox, string folder, int sessions, int steps, DateOnly today, int seed)
    {
        var builder = RunnerApp.CreateBuilder(
        [
            .. sandbox.RunnerArgs(),
            $"--Runner:DataDirectory={Path.Combine(folder, "level-" + sessions)}",
            $"--DepartmentSystems:shichang:MaxSessions={sessions}",
            "--Serilog:MinimumLevel:Default=Warning",
        ]);
        builder.AddRunner();
        await using var app = builder.Build();
        var bot = app.Services.GetServices<IBotAction>().OfType<WebBotAction>().Single();
        var retries = 0;
        var applications = sandbox.Applications;

        async Task RunAsync(int n) =>
            await WebThroughput.RegisterAsync(bot, WebThroughput.RegistrationStep(applications, n, today, attempt: 1), () => Interlocked.Increment(ref retries));

        // Warm-up: the browser starts and logs in; its memory then is the level's idle browser.
        await RunAsync(seed - 1);
        await Task.Delay(500);
        var idle = BrowserPssMb();
        using var sampler = new PeakSampler();
        using var gate = new SemaphoreSlim(sessions);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(seed, steps).Select(async n =>
        {
            await gate.WaitAsync();
            try
            {
                await RunAsync(n);
            }
            finally
            {
                gate.Release();
            }
        }));
        clock.Stop();
        return new Level(clock.Elapsed, idle, sampler.BrowserPeakMb, sampler.RunnerPeakMb, retries);
    }

    /// <summary>Samples the browser's and this process's memory every 200 ms, keeping the peaks.</summary>
    private sealed class PeakSampler : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;

        public PeakSampler() => _loop = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                BrowserPeakMb = Math.Max(BrowserPeakMb, BrowserPssMb());
                using var self = Process.GetCurrentProcess();
                RunnerPeakMb = Math.Max(RunnerPeakMb, self.WorkingSet64 / 1048576.0);
                try
                {
                    await Task.Delay(200, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        });

        public double BrowserPeakMb { get; private set; }

        public double RunnerPeakMb { get; private set; }

        public void Dispose()
        {
            _stop.Cancel();
            _loop.Wait();
            _stop.Dispose();
        }
    }

    /// <summary>The proportional set size of every Chromium process descending from this one (its Playwright driver's browsers).</summary>
    private static double BrowserPssMb()
    {
        var parents = new Dictionary<int, int>();
        var names = new Dictionary<int, string>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                // /proc/<pid>/stat: "pid (name) state ppid …"; the name may hold spaces, so read after the last ')'.
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var close = stat.LastIndexOf(')');
                names[pid] = stat[(stat.IndexOf('(') + 1)..close];
                parents[pid] = int.Parse(stat[(close + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
            {
                // The process ended while we looked.
            }
        }

        var self = Environment.ProcessId;
        bool Descends(int pid)
        {
            for (var hops = 0; hops < 64 && parents.TryGetValue(pid, out var parent); hops++, pid = parent)
            {
                if (parent == self)
                {
                    return true;
                }
            }

            return false;
        }

        double kb = 0;
        foreach (var (pid, name) in names)
        {
            if (!name.Contains("chrom", StringComparison.OrdinalIgnoreCase) || !Descends(pid))
            {
                continue;
            }

            try
            {
                var pss = File.ReadLines($"/proc/{pid}/smaps_rollup").FirstOrDefault(l => l.StartsWith("Pss:", StringComparison.Ordinal));
                kb += pss is null ? 0 : double.Parse(pss.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
            }
        }

        return kb / 1024;
    }
}
