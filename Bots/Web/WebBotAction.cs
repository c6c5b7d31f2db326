using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;
using RpaRunner.Bots.Evidence;
using RpaRunner.Bots.Resilience;
using RpaRunner.Bots.Runtime;
using RpaRunner.Bots.Scripts;
using RpaRunner.Workflows.Calendar;
using RpaRunner.Workflows.Catalog;
using RpaRunner.Workflows.Model;
using RpaRunner.Workflows.Engine.Contracts;

namespace RpaRunner.Bots.Web;

/// <summary>
/// Performs the actions of web department systems with Playwright: a fresh browser context per step, the
/// system's login reused through its storage state and renewed when the session expires, non-essential
/// resources blocked, and on every failed attempt a screenshot, the page HTML, console errors and a trace of its actions
/// after the login (after a successful one, a screenshot only when the caller asks for it).
/// </summary>
public sealed class WebBotAction(
    BrowserHost browsers,
    ScriptLibrary scripts,
    SystemCatalog systems,
    SystemResilience resilience,
    EvidenceStore evidence,
    IOptionsMonitor<DepartmentSystemEndpoint> endpoints,
    IOptions<WebBotOptions> options,
    IOptions<Pools.BotPoolOptions> pool,
    BureauClock clock,
    ILogger<WebBotAction> logger) : IBotAction
{
    private static readonly JsonSerializerOptions s_logJson = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly ConcurrentDictionary<string, string> _sessions = new(StringComparer.Ordinal);

    public bool CanRun(RunStep step) =>
        systems.FindSystem(step.System)?.Kind == DepartmentSystem.WebKind && scripts.FindAction(step.Action) is not null && endpoints.Get(step.System).BaseUrl is not null;

    public async Task<BotResult> RunAsync(BotStepContext context, CancellationToken cancellationToken)
    {
        var step = context.Step;
        var endpoint = endpoints.Get(step.System);
        var tries = 0;
        return await resilience.ExecuteAsync(step.System, endpoint.WorkerSessions, token => new ValueTask<BotResult>(AttemptAsync(context, endpoint, ++tries, token)), cancellationToken);
    }

    /// <param name="tryInAttempt">1 for the attempt's first try; more when the system's resilience policy tries again within it.</param>
    private async Task<BotResult> AttemptAsync(BotStepContext context, DepartmentSystemEndpoint endpoint, int tryInAttempt, CancellationToken cancellationToken)
    {
        var step = context.Step;
        var script = scripts.FindAction(step.Action)!;
        var system = scripts.FindSystem(step.System) ?? new SystemScript { System = step.System };
        var browser = await browsers.GetAsync(cancellationToken);
        var loggedInAtStart = _sessions.TryGetValue(step.System, out var state);
        await using var browserContext = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            StorageState = state,
            Locale = "zh-CN",
            TimezoneId = clock.IanaZoneId,
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        PlaywrightDriver? driver = null;
        if (options.Value.BlockNonEssentialResources)
        {
            // Pictures are blocked, except on the login page: a captcha is a picture a person may have to read.
            await browserContext.RouteAsync("**/*", route => route.Request.ResourceType is "image" or "font" or "media" && !(route.Request.ResourceType == "image" && driver?.LoggingIn == true)
                ? route.AbortAsync() : route.ContinueAsync());
        }

        using var trace = new AttemptTracing(browserContext, options.Value.AttemptTrace.For(step, tryInAttempt), step.IdempotencyKey);
        var page = await browserContext.NewPageAsync();
        page.SetDefaultTimeout((float)options.Value.StepTimeout.TotalMilliseconds);
        driver = new PlaywrightDriver(page, new Uri(endpoint.BaseUrl!), system, options.Value.StepTimeout) { Unrecorded = trace.UnrecordedAsync };
        var runner = new ScriptRunner(driver, options.Value.StepTimeout, context.Materials, context.CanAsk ? context.AskAsync : null, pool.Value.AskAttempts);
        var values = new ScriptValues(step.Inputs, new Dictionary<string, string?>
        {
            ["key"] = step.IdempotencyKey,
            ["caseCode"] = step.CaseCode,
            ["action"] = step.Action,
            ["username"] = endpoint.Username,
            ["password"] = endpoint.Password,
        });
        try
        {
            if (!loggedInAtStart)
            {
                await LogInAsync(system, driver, runner, values, browserContext, context, cancellationToken);
            }

            await trace.StartAsync();
            BotResult result;
            try
            {
                result = await runner.RunAsync(script, values, context.CommitAsync, cancellationToken, verifyOnly: step.Verify);
            }
            catch (SessionExpiredException)
            {
                // Log in again and start over: the search finds anything the first pass already entered.
                logger.LogInformation("Session of {System} expired during {CaseCode}/{StepId}; logging in again", step.System, step.CaseCode, step.StepId);
                _sessions.TryRemove(step.System, out _);
                await trace.DropAsync();
                await LogInAsync(system, driver, runner, values, browserContext, context, cancellationToken);
                await trace.StartAsync();
                result = await runner.RunAsync(script, values, context.CommitAsync, cancellationToken, verifyOnly: step.Verify);
            }

            if (!result.NotFound)
            {
                ReadBackCheck.Ensure(systems, step, result.Outputs, clock);
            }

            context.Notes.AddRange(runner.Drift);
            context.Notes.AddRange(runner.Notes);
            if (context.WantsFinalScreenshot)
            {
                context.FinalScreenshot = await FinalScreenshotAsync(driver.Page, step);
            }

            await trace.DropAsync();
            return result;
        }
        catch (AwaitingApplicantException)
        {
            // Not a failure: no evidence to keep.
            context.Notes.AddRange(runner.Drift);
            await trace.DropAsync();
            throw;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            context.Notes.AddRange(runner.Drift);
            context.Notes.AddRange(runner.Notes);
            await KeepEvidenceAsync(context, driver.Page, trace, driver, ex);
            if (ex is SessionExpiredException)
            {
                _sessions.TryRemove(step.System, out _);
            }

            if (ex is PlaywrightException or TimeoutException)
            {
                throw new TransientBotException($"页面无响应或浏览器出错 / the page did not answer in time or the browser failed: {ex.Message.Split('\n')[0]}", ex);
            }

            throw;
        }
    }

    private async Task LogInAsync(SystemScript system, PlaywrightDriver driver, ScriptRunner runner, ScriptValues values, IBrowserContext context, BotStepContext step, CancellationToken cancellationToken)
    {
        if (system.Login is not { } login)
        {
            return;
        }

        driver.LoggingIn = true;
        try
        {
            await runner.RunStepsAsync(system.System, "login", login.Steps, values, cancellationToken);
            for (var asked = 0; await driver.ShowsLoginAsync(cancellationToken) is not null; asked++)
            {
                // Still on the login page: the system wants what a robot must not guess (a captcha), or refused the account.
                var message = await driver.VisibleTextAsync(system.BusinessError, cancellationToken);
                var wantsCaptcha = login.Captcha.Count > 0 && (message is null || message.Contains("验证码", StringComparison.Ordinal))
                    && await driver.WaitForAsync(login.Captcha, TimeSpan.Zero, cancellationToken) >= 0;
                if (!wantsCaptcha)
                {
                    throw new NeedsPersonException($"{system.System} 机器人账号登录失败 / the robot account could not log in: {message ?? "(no message)"}");
                }

                if (!step.CanAsk)
                {
                    throw new NeedsPersonException($"{system.System} 登录要求输入验证码，机器人不猜测，请人工处理 / the login asks for a captcha: {message}");
                }

                if (asked >= Math.Max(1, pool.Value.AskAttempts))
                {
                    throw new NeedsPersonException($"{system.System} 登录验证码 {asked} 次未通过，请人工处理 / the system refused the captcha given {asked} times: {message}");
                }

                await LogInWithCaptchaAsync(system, login, driver, runner, values, step, cancellationToken);
            }
        }
        finally
        {
            driver.LoggingIn = false;
        }

        _sessions[system.System] = await context.StorageStateAsync();
    }

    /// <summary>
    /// Asks a person to read the captcha (ADR 0028), then repeats the login's steps after its last goto — going to the login
    /// page again would change the picture — with the answer typed into the captcha's entry before the last step (the submit).
    /// </summary>
    private async Task LogInWithCaptchaAsync(SystemScript system, LoginBlock login, PlaywrightDriver driver, ScriptRunner runner, ScriptValues values, BotStepContext step, CancellationToken cancellationToken)
    {
        var timeout = options.Value.StepTimeout;
        var picture = login.CaptchaImage.Count > 0 ? login.CaptchaImage : [new Target { Css = "body" }];
        var (png, _) = await driver.CaptureAsync(picture, timeout, cancellationToken);
        var answer = await step.AskAsync(new PersonQuestion(Workflows.Engine.Storage.QuestionKinds.Captcha, png), cancellationToken);
        var again = login.Steps.FindLastIndex(s => s.Goto is not null) + 1;
        var steps = login.Steps[again..];
        if (steps.Count == 0)
        {
            throw new NeedsPersonException($"{system.System} 登录脚本没有提交步骤，无法填入验证码 / the login script has no step after its goto to submit the captcha with");
        }

        await runner.RunStepsAsync(system.System, "login", steps[..^1], values, cancellationToken, offset: again);
        await driver.FillAsync(login.Captcha, answer, timeout, cancellationToken);
        await runner.RunStepsAsync(system.System, "login", steps[^1..], values, cancellationToken, offset: login.Steps.Count - 1);
    }

    /// <summary>A full-page PNG of where a successful run ended; none (and a log line) when the page cannot be captured.</summary>
    private async Task<byte[]?> FinalScreenshotAsync(IPage page, RunStep step)
    {
        try
        {
            return await page.ScreenshotAsync(new PageScreenshotOptions { FullPage = true, Timeout = 10_000 });
        }
        catch (Exception ex) when (ex is PlaywrightException or TimeoutException)
        {
            logger.LogWarning("No final screenshot for {CaseCode}/{StepId}: {Error}", step.CaseCode, step.StepId, ex.Message);
            return null;
        }
    }

    private async Task KeepEvidenceAsync(BotStepContext context, IPage page, AttemptTracing trace, PlaywrightDriver driver, Exception failure)
    {
        var step = context.Step;
        var (folder, relative) = evidence.FolderFor(step.CaseCode, step.StepId, step.Attempt);
        async Task TakeAsync(string piece, Func<Task> take)
        {
            try
            {
                await take();
            }
            catch (Exception ex) when (ex is PlaywrightException or TimeoutException)
            {
                logger.LogWarning("No {Piece} for {CaseCode}/{StepId}: {Error}", piece, step.CaseCode, step.StepId, ex.Message.Split('\n')[0]);
            }
        }

        try
        {
            // Each piece on its own: a page too busy for a screenshot may still give its HTML and trace. A piece that
            // cannot be taken is logged, never put in place of the attempt's own failure.
            await TakeAsync("screenshot", async () =>
            {
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, "screenshot.png"), FullPage = true, Timeout = 10_000 });
                context.Evidence["screenshot"] = $"{relative}/screenshot.png";
            });
            await TakeAsync("page HTML", async () =>
            {
                await File.WriteAllTextAsync(Path.Combine(folder, "page.html"), await page.ContentAsync());
                context.Evidence["html"] = $"{relative}/page.html";
            });
            await TakeAsync("trace", async () =>
            {
                foreach (var file in (await trace.SaveAsync(folder)).Select(Path.GetFileName))
                {
                    // trace.zip after the last answer a person gave (or the whole attempt), trace-1.zip … before each.
                    context.Evidence[Path.GetFileNameWithoutExtension(file)!] = $"{relative}/{file}";
                }
            });

            var log = new
            {
                url = page.Url,
                error = failure.Message,
                errorType = failure.GetType().Name,
                consoleErrors = driver.ConsoleErrors,
                notes = context.Notes,
            };
            await File.WriteAllTextAsync(Path.Combine(folder, "log.json"), JsonSerializer.Serialize(log, s_logJson));
            context.Evidence["log"] = $"{relative}/log.json";
        }
        finally
        {
            // Sealed even when a part of the evidence could not be taken.
            evidence.Seal(folder);
        }
    }
}
