using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using RpaRunner.Bots.Scripts;
using RpaRunner.Bots.Web;
using RpaRunner.Workflows.Model;

namespace RpaRunner.Bots.Recorder;

/// <summary>What a recording starts from: the action, its system as the bots know it, and where the browser opens.</summary>
public sealed class RecorderOptions
{
    public required SystemAction Action { get; init; }

    /// <summary>The system's script: its login (done for the designer with the robot account when credentials are given) and its login page's address.</summary>
    public required SystemScript System { get; init; }

    /// <summary>The system's base address; the recorded goto is relative to it where it can be.</summary>
    public required Uri BaseUrl { get; init; }

    /// <summary>The page the recording starts on (absolute, or relative to <see cref="BaseUrl"/>).</summary>
    public required string StartUrl { get; init; }

    public string? Username { get; init; }

    public string? Password { get; init; }

    /// <summary>The Chromium to open; default Debian's /usr/bin/chromium as the bots use, else Playwright's own.</summary>
    public string? BrowserPath { get; init; }

    /// <summary>The X display to open the window on (tests: their Xvfb); default the designer's own.</summary>
    public string? Display { get; init; }

    public TimeSpan StepTimeout { get; init; } = TimeSpan.FromSeconds(15);
}

/// <summary>
/// A headed Chromium on the target system with the recorder injected into every page (an init script, Recorder/recorder.js)
/// and reporting to <see cref="Recording"/> through one exposed function. When the system has a login script and the robot
/// account is given, the recorder logs in first with the bot's own login steps, so the designer starts on the matter and
/// the login is never part of the recorded steps; without it the designer logs in by hand, and nothing done on the login
/// page is recorded.
/// </summary>
public sealed class RecorderSession : IAsyncDisposable
{
    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly RecorderOptions _options;
    private readonly TaskCompletionSource<BotScript> _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();

    private RecorderSession(IPlaywright playwright, IBrowser browser, IBrowserContext context, IPage page, RecorderOptions options)
    {
        _playwright = playwright;
        _browser = browser;
        Context = context;
        Page = page;
        _options = options;
        Recording = new Recording(options.Action, options.BaseUrl);
    }

    public Recording Recording { get; }

    /// <summary>The recorder's window (tests drive it as a designer would).</summary>
    public IPage Page { get; }

    public IBrowserContext Context { get; }

    /// <summary>The script, once the designer pressed 完成 (finish); cancelled when the window is closed first.</summary>
    public Task<BotScript> Finished => _finished.Task;

    public static async Task<RecorderSession> StartAsync(RecorderOptions options, CancellationToken cancellationToken = default)
    {
        var playwright = await Playwright.CreateAsync();
        var environment = options.Display is null ? null : new Dictionary<string, string> { ["DISPLAY"] = options.Display };
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = options.BrowserPath ?? (File.Exists("/usr/bin/chromium") ? "/usr/bin/chromium" : null),
            Headless = false,
            Env = environment,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-sync", "--disable-extensions", "--window-size=1280,960"],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { Locale = "zh-CN", ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout((float)options.StepTimeout.TotalMilliseconds);
        var session = new RecorderSession(playwright, browser, context, page, options);
        try
        {
            await session.LogInAsync(cancellationToken);
            await context.ExposeFunctionAsync<string, string>("__rpaRecorder", session.Handle);
            await context.AddInitScriptAsync(ReadScript());
            page.Close += (_, _) => session._finished.TrySetCanceled(CancellationToken.None);
            await page.GotoAsync(new Uri(options.BaseUrl, options.StartUrl).ToString());
            return session;
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }

    private async Task LogInAsync(CancellationToken cancellationToken)
    {
        if (_options.System.Login is not { } login || _options.Username is null)
        {
            return;
        }

        var driver = new PlaywrightDriver(Page, _options.BaseUrl, _options.System, _options.StepTimeout) { LoggingIn = true };
        var runner = new ScriptRunner(driver, _options.StepTimeout);
        var values = new ScriptValues(new Dictionary<string, string?>(), new Dictionary<string, string?> { ["username"] = _options.Username, ["password"] = _options.Password });
        await runner.RunStepsAsync(_options.System.System, "login", login.Steps, values, cancellationToken);
    }

    /// <summary>One message from the page (JSON in, JSON out): hello, event, assign, phase, finish.</summary>
    private string Handle(string message)
    {
        using var document = JsonDocument.Parse(message);
        var root = document.RootElement;
        lock (_gate)
        {
            switch (root.GetProperty("op").GetString())
            {
                case "hello":
                    var url = root.GetProperty("url").GetString() ?? string.Empty;
                    if (!OnLoginPage(url))
                    {
                        Recording.PageLoaded(url);
                    }

                    return State().ToJsonString();
                case "event":
                    var recorded = root.GetProperty("event").Deserialize<RecordedEvent>(JsonDefaults.Options)!;
                    if (OnLoginPage(recorded.Url) || _finished.Task.IsCompleted)
                    {
                        return """{"ignored":true}""";
                    }

                    return Describe(Recording.Add(recorded)).ToJsonString();
                case "assign":
                    try
                    {
                        Recording.Assign(root.GetProperty("seq").GetInt32(), root.GetProperty("choice").GetString());
                        return "{}";
                    }
                    catch (ArgumentException ex)
                    {
                        return new JsonObject { ["error"] = ex.Message }.ToJsonString();
                    }

                case "phase":
                    Recording.Switch(root.GetProperty("phase").GetString() == "search" ? RecordingPhase.Search : RecordingPhase.Create);
                    return State().ToJsonString();
                case "finish":
                    _finished.TrySetResult(Recording.ToScript());
                    return """{"message":"录制完成，草稿已交保存 / recording finished; the draft is being saved"}""";
                default:
                    return """{"ignored":true}""";
            }
        }
    }

    private bool OnLoginPage(string? url) =>
        _options.System.LoggedOutUrlContains is { Length: > 0 } marker && url?.Contains(marker, StringComparison.Ordinal) == true;

    /// <summary>An entry as the recorder's panel lists it.</summary>
    private JsonObject Describe(Recording.Entry entry)
    {
        var element = entry.Event.Element;
        return new JsonObject
        {
            ["seq"] = entry.Seq,
            ["kind"] = entry.Event.Kind,
            ["field"] = entry.Event.Kind == "output" ? element.LabelBefore ?? element.Label : element.Label ?? element.Name ?? element.LabelBefore ?? element.Text,
            ["value"] = entry.Event.Kind is "fill" or "select" ? entry.Event.Value : null,
            ["choice"] = entry.Choice,
            ["total"] = Recording.Count,
        };
    }

    private JsonObject State() => new()
    {
        ["entries"] = new JsonArray([.. Recording.Entries.Select(e => (JsonNode)Describe(e))]),
        ["action"] = $"{_options.Action.Name.Zh}（{_options.Action.Id}）",
        ["phase"] = Recording.Phase.ToString().ToLowerInvariant(),
        ["phaseLabel"] = Recording.Phase switch
        {
            RecordingPhase.Search => "录制查询 / recording the search",
            RecordingPhase.Open => "录制打开记录 / recording how the record is opened",
            _ => "录制办理 / recording the matter",
        },
        ["total"] = Recording.Count,
        ["choices"] = new JsonArray([.. Recording.Choices.Select(c => (JsonNode)new JsonObject { ["placeholder"] = c.Placeholder, ["label"] = c.Label })]),
        ["outputs"] = new JsonArray([.. _options.Action.Outputs.Select(o => (JsonNode)new JsonObject { ["id"] = o.Id, ["label"] = o.Label.Zh })]),
    };

    private static string ReadScript()
    {
        using var stream = typeof(RecorderSession).Assembly.GetManifestResourceStream("Recorder/recorder.js")
            ?? throw new InvalidOperationException("Embedded Recorder/recorder.js is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public async ValueTask DisposeAsync()
    {
        _finished.TrySetCanceled(CancellationToken.None);
        try
        {
            await _browser.CloseAsync();
        }
        catch (PlaywrightException)
        {
            // The designer closed the window already.
        }

        _playwright.Dispose();
    }
}
