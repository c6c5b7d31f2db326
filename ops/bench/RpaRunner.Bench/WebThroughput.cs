using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using RpaRunner.Bots.Runtime;
using RpaRunner.Bots.Web;
using RpaRunner.Runner.Batch;
using RpaRunner.Runner.Demo;
using RpaRunner.Runner.Hosting;
using RpaRunner.Workflows.Catalog;
using RpaRunner.Workflows.Engine;
using RpaRunner.Workflows.Engine.Contracts;

namespace RpaRunner.Bench;

/// <summary>
/// Web steps per minute through the runner (engine, dispatch, bot pool, bot script interpreter, Polly,
/// evidence-ready tracing) against the sandbox, beside a plain Playwright program doing the same page actions
/// (search first, then the two-page registration form, confirm, read the result) with the same parallelism.
/// Both run in the same process, one after the other, on one sandbox: the ratio is what matters.
/// </summary>
public static class WebThroughput
{
    /// <summary>Rounds each contender runs in turn; each round is a slice of the steps.</summary>
    private const int Rounds = 4;

    public static async Task<int> RunAsync(int cases, int parallelism, string? output)
    {
        var folder = Directory.CreateTempSubdirectory("rpa-webbench-").FullName;
        await using var sandbox = await SandboxBeside.StartAsync(Path.Combine(folder, "sandbox"), CancellationToken.None);
        var today = DateOnly.FromDateTime(TimeProvider.System.GetLocalNow().Date);
        var applications = sandbox.Applications;

        // Every contender is started and warmed up first (browser started, logged in); then the steps are run in
        // rounds, each contender a slice per round, in an order that rotates and reverses from round to round, so
        // that the machine's drift during the run falls on all of them alike and the ratios compare like with like.
        await using var plain = await PlainPlaywright.StartAsync(sandbox, applications, today);
        await using var runner = await RunnerPath.StartAsync(sandbox, applications, folder, parallelism, today);
        var contenders = new List<(string What, Func<int, int, Task> Run)>
        {
            ("plain Playwright", (first, count) => plain.RunAsync(7000 + first, count, parallelism)),
            ("RpaRunner full path (engine, dispatch, bot; default trace)", runner.RunAsync),
        };
        var bots = new List<BotAlone>();
        var seed = 1000;
        foreach (var (what, trace) in new (string What, string Trace)[]
        {
            ("web bot alone, trace with DOM snapshots (default until 2026-12-01; a retry's trace now)", "Snapshots"),
            ("web bot alone, trace with snapshots and screencast", "SnapshotsAndScreencast"),
            ("web bot alone, no trace", "None"),
            ("web bot alone, trace of actions without DOM snapshots (a first try's trace, the default since 2026-12-01)", "Actions"),
        })
        {
            var bot = await BotAlone.StartAsync(sandbox, applications, folder, parallelism, today, trace, seed);
            bots.Add(bot);
            contenders.Add((what, (first, count) => bot.RunAsync(first, count, parallelism)));
            seed += 1000;
        }

        try
        {
            var took = contenders.Select(_ => new List<TimeSpan>()).ToList();
            var done = 0;
            for (var round = 0; round < Rounds; round++)
            {
                var slice = (cases * (round + 1) / Rounds) - done;
                var order = Enumerable.Range(0, contenders.Count).Select(i => (i + round) % contenders.Count).ToList();
                if (round % 2 == 1)
                {
                    order.Reverse();
                }

                foreach (var i in order)
                {
                    var clock = Stopwatch.StartNew();
                    await contenders[i].Run(done, slice);
                    took[i].Add(clock.Elapsed);
                }

                done += slice;
            }

            var plainTotal = Sum(took[0]);
            var runnerTotal = Sum(took[1]);
            var report = new StringBuilder()
                .AppendLine(CultureInfo.InvariantCulture, $"| web steps | parallelism | plain Playwright | steps/min | RpaRunner (full path) | steps/min | runner ÷ plain | rounds |")
                .AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|")
                .AppendLine(CultureInfo.InvariantCulture, $"| {cases} | {parallelism} | {plainTotal.TotalSeconds:0.0} s | {cases / plainTotal.TotalMinutes:0} | {runnerTotal.TotalSeconds:0.0} s | {cases / runnerTotal.TotalMinutes:0} | {plainTotal.TotalSeconds / runnerTotal.TotalSeconds:0.00} | {Rounds} |")
                .ToString();
            Console.Write(report);

            // Where the difference goes: the web bot called directly (no engine, no dispatch) with its trace settings in
            // turn; the last column is the spread of the ratio over the rounds (the machine's noise); then plain
            // Playwright once more, all steps in one go, after the rounds.
            var breakdown = new StringBuilder()
                .AppendLine()
                .AppendLine("| where the time goes | seconds | steps/min | ÷ plain (first run) | ÷ plain, lowest–highest round |")
                .AppendLine("|---|---:|---:|---:|---:|");
            void Row(string what, TimeSpan total, string spread) =>
                breakdown.AppendLine(CultureInfo.InvariantCulture, $"| {what} | {total.TotalSeconds:0.0} | {cases / total.TotalMinutes:0} | {plainTotal.TotalSeconds / total.TotalSeconds:0.00} | {spread} |");
            for (var i = 0; i < contenders.Count; i++)
            {
                var ratios = took[0].Zip(took[i], (p, c) => p.TotalSeconds / c.TotalSeconds).ToList();
                Row(contenders[i].What, Sum(took[i]), string.Create(CultureInfo.InvariantCulture, $"{ratios.Min():0.00}–{ratios.Max():0.00}"));
            }

            var again = Stopwatch.StartNew();
            await plain.RunAsync(20000, cases, parallelism);
            Row("plain Playwright, again", again.Elapsed, "—");
            Console.Write(breakdown);
            report += breakdown.ToString();
            if (output is not null)
            {
                await File.AppendAllTextAsync(output, report);
            }

            return 0;
        }
        finally
        {
            foreach (var bot in bots)
            {
                await bot.DisposeAsync();
            }
        }
    }

    private static TimeSpan Sum(IEnumerable<TimeSpan> spans) => spans.Aggregate(TimeSpan.Zero, (a, b) => a + b);

    /// <summary>The full path: a runner with its engine, dispatch and web bot pool, cases submitted in batches.</summary>
    private sealed class RunnerPath(WebApplication app, CaseQueries queries, CaseEngine engine, SandboxApplications applications, DateOnly today) : IAsyncDisposable
    {
        private int _completed = 1;

        public static async Task<RunnerPath> StartAsync(SandboxBeside sandbox, SandboxApplications applications, string folder, int parallelism, DateOnly today)
        {
            var bundles = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "bundles"));
            var builder = RunnerApp.CreateBuilder(
            [
                .. sandbox.RunnerArgs(),
                "--urls", "http://127.0.0.1:0",
                $"--Runner:DataDirectory={Path.Combine(folder, "runner")}",
                $"--Database:ConnectionString=Data Source={Path.Combine(folder, "runner", "rpa.db")}",
                $"--Runner:BundlesFolder={bundles}",
                "--Bots:Pools:0=web",
                $"--Bots:ConcurrencyPerPool={parallelism}",
                $"--DepartmentSystems:shichang:MaxSessions={parallelism}",
                "--Serilog:MinimumLevel:Default=Warning",
            ]);
            builder.AddRunner();
            var app = builder.Build();
            app.MapRunner();
            await app.InitializeAsync();
            await app.StartAsync();
            var path = new RunnerPath(app, app.Services.GetRequiredService<CaseQueries>(), app.Services.GetRequiredService<CaseEngine>(), applications, today);

            // Warm-up: the browser starts and logs in once, as it does on a worker that has been running.
            await path.SubmitAsync([applications.For("company-setup", 9000, today)], 1);
            return path;
        }

        public async Task RunAsync(int first, int count)
        {
            _completed += count;
            await SubmitAsync(Enumerable.Range(5000 + first, count).Select(n => applications.For("company-setup", n, today)), _completed);
        }

        private async Task SubmitAsync(IEnumerable<JsonObject> forms, int completed)
        {
            await new BatchRun(engine).SubmitAsync("bench-registration", forms, "bench", CancellationToken.None);
            await WaitAsync(queries, completed);
        }

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    /// <summary>
    /// The web bot as a worker calls it, without the engine and the dispatch: each step is the registration's inputs
    /// mapped from the same sample form, the lease always held.
    /// </summary>
    private sealed class BotAlone(WebApplication app, WebBotAction bot, SandboxApplications applications, DateOnly today, string trace, int seed) : IAsyncDisposable
    {
        private int _retries;

        public static async Task<BotAlone> StartAsync(SandboxBeside sandbox, SandboxApplications applications, string folder, int parallelism, DateOnly today, string trace, int seed)
        {
            var builder = RunnerApp.CreateBuilder(
            [
                .. sandbox.RunnerArgs(),
                $"--Runner:DataDirectory={Path.Combine(folder, "bot-" + trace)}",
                $"--WebBots:AttemptTrace={trace}",
                $"--DepartmentSystems:shichang:MaxSessions={parallelism}",
                "--Serilog:MinimumLevel:Default=Warning",
            ]);
            builder.AddRunner();
            var app = builder.Build();
            var bot = new BotAlone(app, app.Services.GetServices<IBotAction>().OfType<WebBotAction>().Single(), applications, today, trace, seed);

            // Warm-up: the browser starts and logs in once.
            await bot.StepAsync(seed - 1);
            return bot;
        }

        private Task StepAsync(int n) => RegisterAsync(bot, RegistrationStep(applications, n, today, attempt: 1), () => Interlocked.Increment(ref _retries));

        public Task RunAsync(int first, int count, int parallelism) => InParallelAsync(Enumerable.Range(seed + first, count), parallelism, StepAsync);

        public async ValueTask DisposeAsync()
        {
            if (_retries > 0)
            {
                Console.WriteLine($"(web bot alone, trace {trace}: {_retries} attempt(s) failed and ran again)");
            }

            await app.DisposeAsync();
        }
    }

    /// <summary>Runs <paramref name="step"/> for each of <paramref name="items"/>, at most <paramref name="parallelism"/> at a time.</summary>
    private static async Task InParallelAsync(IEnumerable<int> items, int parallelism, Func<int, Task> step)
    {
        using var gate = new SemaphoreSlim(parallelism);
        await Task.WhenAll(items.Select(async n =>
        {
            await gate.WaitAsync();
            try
            {
                await step(n);
            }
            finally
            {
                gate.Release();
            }
        }));
    }

    /// <summary>
    /// Runs the registration step on the bot as the engine would: a failed attempt is run again (up to three), and the bot
    /// finds a record an earlier attempt made; the step must end with the credit code read.
    /// </summary>
    internal static async Task RegisterAsync(WebBotAction bot, RunStep step, Action retried)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var result = await bot.RunAsync(new BotStepContext(step with { Attempt = attempt, Verify = false }, "bench", _ => Task.CompletedTask), CancellationToken.None);
                if (!result.Outputs.ContainsKey("creditCode"))
                {
                    throw new InvalidOperationException($"The bot entered {step.IdempotencyKey} without reading its credit code.");
                }

                return;
            }
            catch (BotFailureException) when (attempt < 3)
            {
                retried();
            }
        }
    }

    /// <summary>The registration step of sample application <paramref name="n"/>, as the engine would dispatch it (the lease always held).</summary>
    internal static RunStep RegistrationStep(SandboxApplications applications, int n, DateOnly today, int attempt)
    {
        var key = $"BOT{n:00000}:registration";
        return new RunStep
        {
            StepRecordId = Guid.NewGuid(),
            DispatchToken = Guid.NewGuid(),
            CaseCode = key.Split(':')[0],
            StepId = "registration",
            BundleId = "company-setup",
            System = "shichang",
            Action = "shichang.registerEnterprise",
            Pool = "web",
            Attempt = attempt,
            IdempotencyKey = key,
            Inputs = RegistrationInputs(applications.For("company-setup", n, today)),
            LeaseExpiresAt = DateTimeOffset.MaxValue,
        };
    }

    /// <summary>The shipped bundle's mapping of the registration's inputs, read once (not inside the measured time).</summary>
    private static readonly Lazy<JsonObject> s_registrationInputs = new(() =>
    {
        var bundle = JsonNode.Parse(BundleCatalog.LoadEmbedded().SourceOf("company-setup", 1)!)!;
        return bundle["steps"]!.AsArray().Single(s => s!["id"]!.GetValue<string>() == "registration")!["inputs"]!.AsObject();
    });

    /// <summary>The registration's inputs from the sample form, read through the shipped bundle's own mapping of them.</summary>
    private static Dictionary<string, string?> RegistrationInputs(JsonObject form)
    {
        var inputs = new Dictionary<string, string?>();
        foreach (var (name, mapping) in s_registrationInputs.Value)
        {
            var path = mapping is JsonObject o ? o["path"]?.GetValue<string>() : mapping?.GetValue<string>();
            var parts = path?.Split('.');
            inputs[name] = parts is ["form", var section, var field] && form[section]?[field] is { } value
                ? value is JsonValue v && v.TryGetValue<string>(out var text) ? text : value.ToJsonString()
                : null;
        }

        return inputs;
    }

    private static async Task WaitAsync(CaseQueries queries, int expected)
    {
        while (true)
        {
            var counts = await queries.CountByStatusAsync();
            if (counts.GetValueOrDefault(CaseStatus.WaitingForPerson) > 0)
            {
                throw new InvalidOperationException("A benchmark case waits for a person; see the runner's evidence folder.");
            }

            if (counts.GetValueOrDefault(CaseStatus.Completed) >= expected)
            {
                return;
            }

            await Task.Delay(25);
        }
    }

    /// <summary>The plain Playwright program: logs in once, then performs the registration's page actions by element id.</summary>
    private sealed class PlainPlaywright(IPlaywright playwright, IBrowser browser, string state, SandboxApplications applications, DateOnly today, Uri baseUrl) : IAsyncDisposable
    {
        public static async Task<PlainPlaywright> StartAsync(SandboxBeside sandbox, SandboxApplications applications, DateOnly today)
        {
            var system = sandbox.Sandbox["shichang"];
            var playwright = await Playwright.CreateAsync();
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = File.Exists("/usr/bin/chromium") ? "/usr/bin/chromium" : null,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-extensions"],
            });
            string state;
            await using (var login = await browser.NewContextAsync())
            {
                var page = await login.NewPageAsync();
                await page.GotoAsync(new Uri(system.BaseUrl, "login").ToString());
                await page.FillAsync("#username", system.RobotUsername);
                await page.FillAsync("#password", system.RobotPassword);
                await page.ClickAsync("#loginBtn");
                state = await login.StorageStateAsync();
            }

            return new PlainPlaywright(playwright, browser, state, applications, today, system.BaseUrl);
        }

        public Task RunAsync(int first, int count, int parallelism) => InParallelAsync(Enumerable.Range(first, count), parallelism, async n =>
        {
            var form = applications.For("company-setup", n, today);
            await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { StorageState = state });
            await context.RouteAsync("**/*", route => route.Request.ResourceType is "image" or "font" or "media" ? route.AbortAsync() : route.ContinueAsync());
            var page = await context.NewPageAsync();
            var key = $"PLAIN{n:00000}:registration";
            await page.GotoAsync(new Uri(baseUrl, $"search?externalNo={Uri.EscapeDataString(key)}&actionId=shichang.registerEnterprise").ToString());
            await page.GotoAsync(new Uri(baseUrl, "biz/registerEnterprise").ToString());
            await page.FillAsync("#externalNo", key);
            await page.FillAsync("#companyName", form["company"]!["name"]!.GetValue<string>());
            await page.SelectOptionAsync("#companyType", "1130");
            await page.FillAsync("#registeredCapital", form["company"]!["registeredCapital"]!.ToString());
            await page.FillAsync("#businessScope", form["company"]!["businessScope"]!.GetValue<string>());
            await page.FillAsync("#shareholder1Name", form["shareholder1"]!["name"]!.GetValue<string>());
            await page.FillAsync("#shareholder1IdNumber", form["shareholder1"]!["idNumber"]!.GetValue<string>());
            await page.FillAsync("#shareholder1Capital", form["shareholder1"]!["subscribedCapital"]!.ToString());
            await page.EvalOnSelectorAsync("#shareholder1PaidInDate", "(el, v) => el.value = v", form["shareholder1"]!["paidInDate"]!.GetValue<string>());
            await page.ClickAsync("#btnNext");
            await page.FillAsync("#address", form["company"]!["address"]!.GetValue<string>());
            await page.FillAsync("#legalRepName", form["legalRep"]!["name"]!.GetValue<string>());
            await page.FillAsync("#legalRepIdNumber", form["legalRep"]!["idNumber"]!.GetValue<string>());
            await page.FillAsync("#legalRepPhone", form["legalRep"]!["phone"]!.GetValue<string>());
            foreach (var (role, section) in new[] { ("supervisor", "supervisor"), ("financeOfficer", "financeOfficer"), ("liaison", "contact") })
            {
                await page.FillAsync($"#{role}Name", form[section]!["name"]!.GetValue<string>());
                await page.FillAsync($"#{role}IdNumber", form[section]!["idNumber"]!.GetValue<string>());
            }

            await page.FillAsync("#liaisonPhone", form["contact"]!["phone"]!.GetValue<string>());
            await page.ClickAsync("#btnSubmit");
            await page.ClickAsync("#btnOk");
            await page.WaitForSelectorAsync(".result-ok");
            _ = await page.InnerTextAsync("#out_creditCode");
        });

        public async ValueTask DisposeAsync()
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }
}
