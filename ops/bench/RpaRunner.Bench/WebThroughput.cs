using System.Diagnostics;
using System.Globalization;
using System.Text;
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
    public static async Task<int> RunAsync(int cases, int parallelism, string? output)
    {
        var folder = Directory.CreateTempSubdirectory("rpa-webbench-").FullName;
        await using var sandbox = await SandboxBeside.StartAsync(Path.Combine(folder, "sandbox"), CancellationToken.None);
        var today = DateOnly.FromDateTime(TimeProvider.System.GetLocalNow().Date);
        var applications = sandbox.Applications;

        var plain = await PlainPlaywrightAsync(sandbox, applications, cases, parallelism, today, 7000);
        var runner = await RunnerAsync(sandbox, applications, folder, cases, parallelism, today);

        var report = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"| web steps | parallelism | plain Playwright | steps/min | RpaRunner (full path) | steps/min | runner ÷ plain |")
            .AppendLine("|---:|---:|---:|---:|---:|---:|---:|")
            .AppendLine(CultureInfo.InvariantCulture, $"| {cases} | {parallelism} | {plain.TotalSeconds:0.0} s | {cases / plain.TotalMinutes:0} | {runner.TotalSeconds:0.0} s | {cases / runner.TotalMinutes:0} | {plain.TotalSeconds / runner.TotalSeconds:0.00} |")
            .ToString();
        Console.Write(report);

        // Where the difference goes: the web bot called directly (no engine, no dispatch) with its trace settings in
        // turn, then plain Playwright again, so the machine's drift shows between the first and the last row.
        var breakdown = new StringBuilder()
            .AppendLine()
            .AppendLine("| where the time goes | seconds | steps/min | ÷ plain (first run) |")
            .AppendLine("|---|---:|---:|---:|");
        void Row(string what, TimeSpan took) =>
            breakdown.AppendLine(CultureInfo.InvariantCulture, $"| {what} | {took.TotalSeconds:0.0} | {cases / took.TotalMinutes:0} | {plain.TotalSeconds / took.TotalSeconds:0.00} |");
        Row("plain Playwright", plain);
        Row("RpaRunner full path (engine, dispatch, bot; default trace)", runner);
        var variants = new (string What, string Trace)[]
        {
            ("web bot alone, trace with DOM snapshots (default)", "Snapshots"),
            ("web bot alone, trace with snapshots and screencast", "SnapshotsAndScreencast"),
            ("web bot alone, no trace", "None"),
        };
        var seed = 11000;
        foreach (var (what, trace) in variants)
        {
            Row(what, await BotAloneAsync(sandbox, applications, folder, cases, parallelism, today, trace, seed));
            seed += 1000;
        }

        Row("plain Playwright, again", await PlainPlaywrightAsync(sandbox, applications, cases, parallelism, today, 20000));
        Console.Write(breakdown);
        report += breakdown.ToString();
        if (output is not null)
        {
            await File.AppendAllTextAsync(output, report);
        }

        return 0;
    }

    private static async Task<TimeSpan> RunnerAsync(SandboxBeside sandbox, SandboxApplications applications, string folder, int cases, int parallelism, DateOnly today)
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
        await using var app = builder.Build();
        app.MapRunner();
        await app.InitializeAsync();
        await app.StartAsync();
        var engine = app.Services.GetRequiredService<CaseEngine>();
        var queries = app.Services.GetRequiredService<CaseQueries>();

        // Warm-up: the browser starts and logs in once, as it does on a worker that has been running.
        await new BatchRun(engine).SubmitAsync("bench-registration", [applications.For("company-setup", 9000, today)], "bench", CancellationToken.None);
        await WaitAsync(queries, 1);

        var clock = Stopwatch.StartNew();
        var forms = Enumerable.Range(0, cases).Select(i => applications.For("company-setup", 5000 + i, today));
        await new BatchRun(engine).SubmitAsync("bench-registration", forms, "bench", CancellationToken.None);
        await WaitAsync(queries, cases + 1);
        clock.Stop();
        await app.StopAsync();
        return clock.Elapsed;
    }

    /// <summary>
    /// The web bot as a worker calls it, without the engine and the dispatch: each step is the registration's inputs
    /// mapped from the same sample form, the lease always held.
    /// </summary>
    private static async Task<TimeSpan> BotAloneAsync(SandboxBeside sandbox, SandboxApplications applications, string folder, int cases, int parallelism, DateOnly today, string trace, int seed)
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
        await using var app = builder.Build();
        var bot = app.Services.GetServices<IBotAction>().OfType<WebBotAction>().Single();
        var retries = 0;

        async Task RunAsync(int n) => await RegisterAsync(bot, RegistrationStep(applications, n, today, attempt: 1), () => Interlocked.Increment(ref retries));

        // Warm-up: the browser starts and logs in once.
        await RunAsync(seed - 1);
        using var gate = new SemaphoreSlim(parallelism);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(seed, cases).Select(async n =>
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
        if (retries > 0)
        {
            Console.WriteLine($"(web bot alone, trace {trace}: {retries} attempt(s) failed and ran again)");
        }

        return clock.Elapsed;
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

            await Task.Delay(100);
        }
    }

    private static async Task<TimeSpan> PlainPlaywrightAsync(SandboxBeside sandbox, SandboxApplications applications, int cases, int parallelism, DateOnly today, int seed)
    {
        var system = sandbox.Sandbox["shichang"];
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
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

        using var gate = new SemaphoreSlim(parallelism);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, cases).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                var form = applications.For("company-setup", seed + i, today);
                await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { StorageState = state });
                await context.RouteAsync("**/*", route => route.Request.ResourceType is "image" or "font" or "media" ? route.AbortAsync() : route.ContinueAsync());
                var page = await context.NewPageAsync();
                var key = $"PLAIN{seed + i:00000}:registration";
                await page.GotoAsync(new Uri(system.BaseUrl, $"search?externalNo={Uri.EscapeDataString(key)}&actionId=shichang.registerEnterprise").ToString());
                await page.GotoAsync(new Uri(system.BaseUrl, "biz/registerEnterprise").ToString());
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
            }
            finally
            {
                gate.Release();
            }
        }));
        clock.Stop();
        return clock.Elapsed;
    }
}
