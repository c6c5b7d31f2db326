using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RpaRunner.Bots.Evidence;
using RpaRunner.Bots.Pools;
using RpaRunner.Bots.Rehearsal;
using RpaRunner.Bots.Resilience;
using RpaRunner.Bots.Runtime;
using RpaRunner.Bots.Scripts;
using RpaRunner.Bots.Web;
using RpaRunner.Sandbox.Hosting;
using RpaRunner.Workflows.Catalog;
using RpaRunner.Workflows.Engine.Contracts;

namespace RpaRunner.Bots.Tests.Web;

/// <summary>The sandbox department systems on free ports and a web bot wired as a worker would have it, with real Chromium.</summary>
public sealed class SandboxBotFixture : IAsyncLifetime
{
    private ServiceProvider _services = null!;

    public SandboxHost Sandbox { get; private set; } = null!;

    public string EvidenceFolder { get; } = Directory.CreateTempSubdirectory("rpa-evidence-").FullName;

    public WebBotAction Bot => _services.GetRequiredService<WebBotAction>();

    /// <summary>A web bot of its own, sharing the browser but not the logged-in sessions: its first step logs in.</summary>
    public WebBotAction NewBot() => ActivatorUtilities.CreateInstance<WebBotAction>(_services);

    public EvidenceStore Evidence => _services.GetRequiredService<EvidenceStore>();

    /// <summary>The worker's services, for a test that builds a bot of its own (another account, say).</summary>
    public IServiceProvider Services => _services;

    /// <summary>The worker's Chromium, for tests that drive a page with the script driver directly.</summary>
    public BrowserHost Browsers => _services.GetRequiredService<BrowserHost>();

    /// <summary>The shipped bot scripts, as the worker loaded them.</summary>
    public ScriptLibrary Scripts => _services.GetRequiredService<ScriptLibrary>();

    /// <summary>Step rehearsal as the designer's panel gets it, driving the web bot against the sandbox.</summary>
    public IStepRehearsal Rehearsal => _services.GetRequiredService<IStepRehearsal>();

    public async Task InitializeAsync()
    {
        Sandbox = await SandboxHost.StartAsync(new SandboxOptions { RandomSeed = 7 });
        var services = new ServiceCollection()
            .AddLogging(b => b.SetMinimumLevel(LogLevel.Warning))
            .AddSingleton(TimeProvider.System)
            .AddSingleton(sp => new RpaRunner.Workflows.Calendar.BureauClock(TimeProvider.System, RpaRunner.Workflows.Calendar.BureauClock.DefaultZone))
            .AddSingleton(SystemCatalog.LoadEmbedded())
            .AddSingleton(_ => ScriptLibrary.Load())
            .AddSingleton<BrowserHost>()
            .AddSingleton<SystemResilience>()
            .AddSingleton(new RpaRunner.Workflows.Privacy.PersonalDataCipher([RpaRunner.Workflows.Privacy.PersonalDataCipher.NewKey()]))
            .AddSingleton<EvidenceStore>()
            .AddSingleton<WebBotAction>()
            .AddSingleton<IBotAction>(sp => sp.GetRequiredService<WebBotAction>())
            .AddSingleton(sp => BundleCatalog.LoadEmbedded(sp.GetRequiredService<SystemCatalog>()))
            .AddSingleton<IStepRehearsal, StepRehearsal>();
        services.Configure<EvidenceOptions>(o => o.Folder = EvidenceFolder);
        services.Configure<RehearsalOptions>(o => o.Enabled = true);
        services.Configure<BotPoolOptions>(o => o.AttemptTimeout = TimeSpan.FromMinutes(2));
        services.Configure<WebBotOptions>(o => o.StepTimeout = TimeSpan.FromSeconds(8));
        foreach (var system in Sandbox.Systems)
        {
            services.Configure<DepartmentSystemEndpoint>(system.Id, o =>
            {
                o.BaseUrl = system.BaseUrl.ToString();
                o.Username = system.RobotUsername;
                o.Password = system.RobotPassword;
            });
        }

        _services = services.BuildServiceProvider();
    }

    /// <summary>Runs one action as a bot worker would, with a lease that is always held; counts lease checks.</summary>
    public async Task<(BotResult Result, BotStepContext Context, int LeaseChecks)> RunAsync(string action, string key, Dictionary<string, string?> inputs, int attempt = 1, bool verify = false)
    {
        var step = Step(action, key, inputs, attempt) with { Verify = verify };
        var checks = 0;
        var context = new BotStepContext(step, "test-worker", _ => { checks++; return Task.CompletedTask; });
        var result = await Bot.RunAsync(context, CancellationToken.None);
        return (result, context, checks);
    }

    public async Task<BotStepContext> FailAsync<TException>(string action, string key, Dictionary<string, string?> inputs, int attempt = 1)
        where TException : Exception
    {
        var step = Step(action, key, inputs, attempt);
        var context = new BotStepContext(step, "test-worker", _ => Task.CompletedTask);
        await Assert.ThrowsAsync<TException>(() => Bot.RunAsync(context, CancellationToken.None));
        return context;
    }

    /// <summary>A dispatch of one action as the engine would send it, with a lease that never runs out.</summary>
    public static RunStep Step(string action, string key, Dictionary<string, string?> inputs, int attempt = 1) => new()
    {
        StepRecordId = Guid.NewGuid(),
        DispatchToken = Guid.NewGuid(),
        CaseCode = key.Split(':')[0],
        StepId = key.Split(':')[1],
        BundleId = "test",
        System = action[..action.IndexOf('.', StringComparison.Ordinal)],
        Action = action,
        Pool = "web",
        Attempt = attempt,
        IdempotencyKey = key,
        Inputs = inputs,
        LeaseExpiresAt = DateTimeOffset.MaxValue,
    };

    /// <summary>Records the sandbox holds for an idempotency key, asked through its inspection API.</summary>
    public async Task<int> CountAsync(string system, string key)
    {
        using var http = new HttpClient { BaseAddress = Sandbox.InspectionUrl };
        http.DefaultRequestHeaders.Add("X-Inspection-Key", Sandbox.InspectionKey);
        var answer = await http.GetFromJsonAsync<JsonNode>($"systems/{system}/records/count?externalNo={Uri.EscapeDataString(key)}");
        return answer!["count"]!.GetValue<int>();
    }

    /// <summary>The records the sandbox holds for an idempotency key, as its inspection API lists them.</summary>
    public async Task<JsonArray> RecordsAsync(string system, string key)
    {
        using var http = new HttpClient { BaseAddress = Sandbox.InspectionUrl };
        http.DefaultRequestHeaders.Add("X-Inspection-Key", Sandbox.InspectionKey);
        var answer = await http.GetFromJsonAsync<JsonArray>($"systems/{system}/records?externalNo={Uri.EscapeDataString(key)}");
        return answer!;
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await Sandbox.DisposeAsync();
        Directory.Delete(EvidenceFolder, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class SandboxBotCollection : ICollectionFixture<SandboxBotFixture>
{
    public const string Name = "sandbox web bots";
}
