using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using RpaRunner.Runner.Demo;
using RpaRunner.Workflows.Engine.Storage;
using RpaRunner.Runner.Scheduling;
using RpaRunner.Workflows.Calendar;
using RpaRunner.Workflows.Catalog;
using RpaRunner.Workflows.Engine;
using RpaRunner.Workflows.Engine.Contracts;

namespace RpaRunner.Workflows.Tests.Calendar;

/// <summary>The engine's claims on a fake clock under a configured schedule: service hours, session limits,
/// batch windows, deadlines and flags (SQLite; the farm tests repeat the essentials on PostgreSQL across processes).</summary>
public sealed class ScheduledClaimTests : IAsyncDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "rpa-schedule-" + Guid.NewGuid().ToString("N"));
    private ServiceProvider? _services;

    private CaseEngine Engine => _services!.GetRequiredService<CaseEngine>();

    private CaseQueries Queries => _services!.GetRequiredService<CaseQueries>();

    private FakeTimeProvider Time => (FakeTimeProvider)_services!.GetRequiredService<TimeProvider>();

    /// <summary>Tuesday 2026-11-24 at the given local (Asia/Shanghai) hour.</summary>
    private static DateTimeOffset Local(int day, int hour, int minute = 0) => WorkingCalendar.China.At(new DateOnly(2026, 11, day), new TimeOnly(hour, minute));

    private async Task StartAsync(DateTimeOffset now, Dictionary<string, string?> settings)
    {
        Directory.CreateDirectory(_folder);
        settings["Database:ConnectionString"] = $"Data Source={Path.Combine(_folder, "rpa.db")}";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        _services = new ServiceCollection()
            .AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance)
            .AddSingleton(typeof(ILogger<>), typeof(NullLogger<>))
            .AddSingleton<TimeProvider>(new FakeTimeProvider(now))
            .AddSingleton(Options.Create(new EngineOptions()))
            .AddSingleton(_ => BundleCatalog.LoadEmbedded())
            .AddSingleton<EngineSignal>()
            .AddSingleton(SchedulingExtensions.BuildSchedule(configuration))
            .AddSingleton<CaseEngine>()
            .AddSingleton<CaseQueries>()
            .AddEngineStore(configuration)
            .BuildServiceProvider();
        await _services.GetRequiredService<DatabaseInitializer>().InitializeAsync();
    }

    private async Task<string> SubmitAsync(string bundle, int index = 0, bool? hold = null) =>
        (await Engine.SubmitAsync(new SubmitCase(bundle, SampleApplications.For(bundle, index, Engine.Today), "clerk1", HoldForBatchWindow: hold))).CaseCode;

    private Task SucceedAsync(RunStep step) => Engine.ApplyReportAsync(new StepReport
    {
        StepRecordId = step.StepRecordId,
        DispatchToken = step.DispatchToken,
        Attempt = step.Attempt,
        Worker = "test-bot",
        Succeeded = true,
        Outputs = RpaRunner.Bots.Simulated.SimulatedOutputs.For([.. Engine.Bundles.Systems.FindAction(step.Action)!.OutputIds], step.Inputs, Engine.Today),
    });

    [Fact]
    public async Task AStepOfAClosedSystem_WaitsAndSaysWhy_ThenRunsWhenTheSystemOpens()
    {
        await StartAsync(Local(24, 17, 30), new() { ["Systems:shuiwu:ServiceHours"] = "08:00-18:00", ["Systems:shuiwu:WorkingDaysOnly"] = "true" });
        var code = await SubmitAsync("company-setup");
        foreach (var step in await Engine.ClaimDueStepsAsync(10))
        {
            await SucceedAsync(step);
        }

        Time.SetUtcNow(Local(24, 18, 0));
        var claimed = await Engine.ClaimDueStepsAsync(10);
        Assert.DoesNotContain(claimed, s => s.System == "shuiwu");
        Assert.Contains(claimed, s => s.System == "gongan");
        var tax = (await Queries.GetAsync(code))!.Steps.Single(s => s.StepId == "tax");
        Assert.Equal(StepStatus.Ready, tax.Status);
        Assert.Contains("outside the service hours of shuiwu (08:00-18:00); resumes at 2026-11-25 08:00", tax.Waiting, StringComparison.Ordinal);

        Time.SetUtcNow(Local(25, 7, 59));
        Assert.Empty(await Engine.ClaimDueStepsAsync(10));
        Time.SetUtcNow(Local(25, 8, 0));
        Assert.Equal("tax", Assert.Single(await Engine.ClaimDueStepsAsync(10)).StepId);
    }

    [Fact]
    public async Task ASystemWithOneSession_GetsOneStepAtATime()
    {
        await StartAsync(Local(24, 10), new() { ["DepartmentSystems:gongan:MaxSessions"] = "1" });
        var first = await SubmitAsync("company-setup", 0);
        var second = await SubmitAsync("company-setup", 1);
        foreach (var step in await Engine.ClaimDueStepsAsync(10))
        {
            await SucceedAsync(step);
        }

        var round = await Engine.ClaimDueStepsAsync(20);
        var seal = Assert.Single(round, s => s.System == "gongan");
        Assert.Equal(7, round.Count); // tax, social insurance and housing fund of both cases, and one seal
        Assert.Empty(await Engine.ClaimDueStepsAsync(20));
        var waiting = (await Queries.GetAsync(seal.CaseCode == first ? second : first))!.Steps.Single(s => s.StepId == "seal");
        Assert.Contains("waiting for a free session of gongan (1/1 in use)", waiting.Waiting, StringComparison.Ordinal);

        await SucceedAsync(seal);
        var next = Assert.Single(await Engine.ClaimDueStepsAsync(20));
        Assert.Equal("seal", next.StepId);
        Assert.NotEqual(seal.CaseCode, next.CaseCode);
    }

    [Fact]
    public async Task AHeldCase_RunsOnlyInsideItsBundlesBatchWindow()
    {
        await StartAsync(Local(24, 10), new() { ["Bundles:newborn:BatchWindow"] = "22:00-06:00", ["Bundles:newborn:HoldSubmissions"] = "true" });
        var held = await SubmitAsync("newborn", 0);
        var now = await SubmitAsync("newborn", 1, hold: false);
        var claimed = await Engine.ClaimDueStepsAsync(10);
        Assert.Equal(now, Assert.Single(claimed).CaseCode);
        var view = (await Queries.GetAsync(held))!;
        Assert.Equal("22:00-06:00", view.BatchWindow);
        Assert.Contains("held for the batch window 22:00-06:00; runs from 2026-11-24 22:00", view.Steps.Single(s => s.StepId == "fetchBirthCertificate").Waiting, StringComparison.Ordinal);

        Time.SetUtcNow(Local(24, 22, 0));
        Assert.Equal(held, Assert.Single(await Engine.ClaimDueStepsAsync(10)).CaseCode);
        await Assert.ThrowsAsync<EngineRequestException>(() => SubmitAsync("retirement", 0, hold: true));
    }

    [Fact]
    public async Task Deadlines_AreSetAtSubmission_AndSupervisionFlagsYellowThenRed_Once()
    {
        await StartAsync(Local(24, 9, 30), []);
        var code = await SubmitAsync("company-setup");
        var view = (await Queries.GetAsync(code))!;
        Assert.Equal(Local(24, 13, 30), view.DeadlineAt);
        Assert.All(view.Steps, s => Assert.Equal(Local(24, 13, 30), s.DeadlineAt));
        Assert.Null(view.Flag);

        Time.SetUtcNow(Local(24, 12, 45));
        Assert.Equal(1, await Engine.SuperviseDeadlinesAsync());
        Assert.Equal(0, await Engine.SuperviseDeadlinesAsync());
        Assert.Equal("yellow", (await Queries.GetAsync(code))!.Flag);

        Time.SetUtcNow(Local(24, 14, 0));
        Assert.Equal(1, await Engine.SuperviseDeadlinesAsync());
        view = (await Queries.GetAsync(code))!;
        Assert.Equal("red", view.Flag);
        Assert.All(view.Steps, s => Assert.Equal("red", s.Flag));
        var audit = await Queries.AuditOfAsync(code);
        Assert.Equal(2, audit.Count(a => a.Kind == "case.flagged"));
        Assert.Equal(10, audit.Count(a => a.Kind == "step.flagged"));
    }

    public async ValueTask DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
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
