using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using RpaRunner.Runner.Demo;
using RpaRunner.Workflows.Audit;
using RpaRunner.Workflows.Engine.Storage;
using RpaRunner.Workflows.Calendar;
using RpaRunner.Workflows.Catalog;
using RpaRunner.Workflows.Engine;
using RpaRunner.Workflows.Engine.Contracts;
using RpaRunner.Workflows.Privacy;

namespace RpaRunner.Workflows.Tests.TestSupport;

/// <summary>
/// A case engine on a real SQLite file with a fake clock. Tests play the bot side by hand: claim due steps,
/// then report outcomes, so every transition is deterministic.
/// </summary>
public sealed class EngineHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private EngineHarness(ServiceProvider services, string folder)
    {
        _services = services;
        Folder = folder;
        Engine = services.GetRequiredService<CaseEngine>();
        Queries = services.GetRequiredService<CaseQueries>();
        Time = (FakeTimeProvider)services.GetRequiredService<TimeProvider>();
    }

    public CaseEngine Engine { get; }

    public CaseQueries Queries { get; }

    public FakeTimeProvider Time { get; }

    public string Folder { get; }

    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    /// <param name="databaseFile">An existing database to open (and upgrade), instead of a new one.</param>
    /// <param name="notifications">The webhooks the engine writes outbox rows for (none by default).</param>
    public static async Task<EngineHarness> CreateAsync(string? databaseFile = null, RpaRunner.Workflows.Notifications.NotificationTargets? notifications = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), "rpa-engine-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:ConnectionString"] = $"Data Source={databaseFile ?? Path.Combine(folder, "rpa.db")}",
        }).Build();
        var services = new ServiceCollection()
            .AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance)
            .AddSingleton(typeof(ILogger<>), typeof(NullLogger<>))
            .AddSingleton<TimeProvider>(new FakeTimeProvider(new DateTimeOffset(2026, 3, 10, 1, 30, 0, TimeSpan.Zero)))
            .AddSingleton(Options.Create(new EngineOptions { LeaseDuration = Lease }))
            .AddSingleton(_ => BundleCatalog.LoadEmbedded())
            .AddSingleton(new PersonalDataCipher([PersonalDataCipher.NewKey()]))
            .AddSingleton<EngineSignal>()
            .AddSingleton(notifications ?? RpaRunner.Workflows.Notifications.NotificationTargets.None)
            .AddSingleton<CaseEngine>()
            .AddSingleton<CaseQueries>()
            .AddEngineStore(configuration)
            .BuildServiceProvider();
        await services.GetRequiredService<DatabaseInitializer>().InitializeAsync();
        return new EngineHarness(services, folder);
    }

    public DateOnly Today => Engine.Today;

    public BundleCatalog Catalog => _services.GetRequiredService<BundleCatalog>();

    /// <summary>Another engine on the same database with its own catalog (and schedule), like a second runner process.</summary>
    public CaseEngine EngineWith(BundleCatalog catalog, DispatchSchedule? schedule = null) => new(
        _services.GetRequiredService<IDbContextFactory<EngineDbContext>>(),
        catalog,
        Time,
        new EngineSignal(),
        _services.GetRequiredService<IOptions<EngineOptions>>(),
        NullLogger<CaseEngine>.Instance,
        schedule: schedule);

    /// <summary>A bot roster on this database, as the runner keeps it from its workers' heartbeats.</summary>
    public BotRoster NewRoster() => new(
        _services.GetRequiredService<IDbContextFactory<EngineDbContext>>(),
        Time,
        _services.GetRequiredService<IOptions<EngineOptions>>(),
        NullLogger<BotRoster>.Instance);

    /// <summary>Queries that explain steps held back for want of bots, as the runner's do.</summary>
    public CaseQueries QueriesWith(BotRoster roster) => new(_services.GetRequiredService<IDbContextFactory<EngineDbContext>>(), Time, roster: roster);

    /// <summary>The audit key this runner seals with (kept outside the database, as the runner's is).</summary>
    public AuditKey AuditKey { get; } = new(AuditKey.NewKey());

    public AuditCheckpointLog AuditCheckpoints => new(Path.Combine(Folder, "audit", "checkpoints.jsonl"));

    /// <summary>A sealer on this database; <paramref name="shareWriteGate"/> false: one that only the database keeps apart from others, as in another process.</summary>
    public AuditSealer NewSealer(bool shareWriteGate = true) => new(
        _services.GetRequiredService<IDbContextFactory<EngineDbContext>>(),
        AuditKey,
        AuditCheckpoints,
        Time,
        NullLogger<AuditSealer>.Instance,
        shareWriteGate ? _services.GetService<IEngineLocks>() : null);

    /// <summary>Seals every audit row written so far, as the runner does every second.</summary>
    public Task<int> SealAsync() => NewSealer().SealAsync();

    /// <summary>Verifies the trail as ./rpa audit verify does: with the audit key (or another) and the checkpoint file.</summary>
    public async Task<AuditVerification> VerifyAuditAsync(AuditKey? key = null)
    {
        await using var db = await DbAsync();
        return await AuditVerifier.VerifyAsync(db, key ?? AuditKey, AuditCheckpoints.Read());
    }

    public RpaRunner.Workflows.Notifications.OutboxStore Outbox => new(_services.GetRequiredService<IDbContextFactory<EngineDbContext>>(), Time);

    public Task<EngineDbContext> DbAsync() => _services.GetRequiredService<IDbContextFactory<EngineDbContext>>().CreateDbContextAsync();

    public async Task<string> SubmitAsync(string bundleId, JsonObject? form = null, string actor = "clerk1", string? requestId = null) =>
        (await Engine.SubmitAsync(new SubmitCase(bundleId, form ?? SampleApplications.For(bundleId, 0, Today), actor, RequestId: requestId))).CaseCode;

    /// <summary>Submits a case pinned to <paramref name="version"/> of the bundle.</summary>
    public async Task<string> SubmitVersionAsync(string bundleId, int version, JsonObject form) =>
        (await Engine.SubmitAsync(new SubmitCase(bundleId, form, "clerk1", BundleVersion: version))).CaseCode;

    public async Task<CaseView> CaseAsync(string code) => (await Queries.GetAsync(code))!;

    public async Task<StepView> StepAsync(string code, string stepId) => (await CaseAsync(code)).Steps.Single(s => s.StepId == stepId);

    /// <summary>Claims what is due and hands out the dispatch of one step (failing if it was not due).</summary>
    public async Task<RunStep> ClaimAsync(string code, string stepId)
    {
        var claimed = await Engine.ClaimDueStepsAsync(100);
        if (!claimed.Any(s => s.CaseCode == code && s.StepId == stepId) && claimed.FirstOrDefault(s => s.CaseCode == code && s.StepId == "fetchBirthCertificate") is { } fetch)
        {
            // Newborn v3 asks the certificate library first; the harness's library has issued nothing, so the v2 way follows.
            await SucceedAsync(fetch);
            claimed = await Engine.ClaimDueStepsAsync(100);
        }

        return claimed.Single(s => s.CaseCode == code && s.StepId == stepId);
    }

    public async Task<IReadOnlyList<RunStep>> ClaimAllAsync() => await Engine.ClaimDueStepsAsync(100);

    /// <summary>A successful report of the attempt with the outputs its step declares; change it with "with".</summary>
    public StepReport Success(RunStep step) => new()
    {
        StepRecordId = step.StepRecordId,
        DispatchToken = step.DispatchToken,
        Attempt = step.Attempt,
        Worker = "test-bot",
        Succeeded = true,
        Outputs = OutputsFor(step),
    };

    public Task SucceedAsync(RunStep step, Dictionary<string, string?>? outputs = null, bool foundExisting = false) =>
        Engine.ApplyReportAsync(Success(step) with { FoundExisting = foundExisting, Outputs = outputs ?? OutputsFor(step) });

    public Task FailAsync(RunStep step, FailureClass failure, string message = "failed on command") =>
        Engine.ApplyReportAsync(Success(step) with
        {
            Succeeded = false,
            Outputs = [],
            FailureClass = failure,
            Message = message,
            Evidence = new() { ["screenshot"] = $"evidence/{step.CaseCode}/{step.StepId}/{step.Attempt}/page.png" },
        });

    /// <summary>Reports that the attempt never reached the department system (its circuit was open).</summary>
    public Task DeferAsync(RunStep step, TimeSpan retryAfter, string message = "circuit open") =>
        Engine.ApplyReportAsync(Success(step) with { Succeeded = false, Outputs = [], FailureClass = FailureClass.Transient, Message = message, DeferredFor = retryAfter });

    /// <summary>Runs every due step to success, round after round, until nothing is due.</summary>
    public async Task<List<RunStep>> RunToEndAsync()
    {
        var all = new List<RunStep>();
        for (var round = 0; round < 20; round++)
        {
            var claimed = await ClaimAllAsync();
            if (claimed.Count == 0)
            {
                break;
            }

            all.AddRange(claimed);
            foreach (var step in claimed)
            {
                await SucceedAsync(step);
            }
        }

        return all;
    }

    public Dictionary<string, string?> OutputsFor(RunStep step) =>
        RpaRunner.Bots.Simulated.SimulatedOutputs.For([.. Engine.Bundles.Systems.FindAction(step.Action)!.OutputIds], step.Inputs, Engine.Today);

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
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
