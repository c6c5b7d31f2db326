using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RpaRunner.Designer.Access;
using RpaRunner.Designer.Console;
using RpaRunner.Designer.Tests.TestSupport;
using RpaRunner.Workflows.Audit;
using RpaRunner.Workflows.Calendar;
using RpaRunner.Workflows.Engine;
using RpaRunner.Workflows.Engine.Storage;
using RpaRunner.Workflows.Notifications;

namespace RpaRunner.Designer.Tests.Console;

/// <summary>The console's 结果回传 page lists a dead letter with its Chinese event label, and "重新发送" queues it again.</summary>
public sealed class NotificationsPageTests : IAsyncLifetime
{
    private readonly BunitContext _context = UiTestContext.Create();
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "rpa-outbox-page-" + Guid.NewGuid().ToString("N"));
    private ServiceProvider _store = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:ConnectionString"] = $"Data Source={Path.Combine(_folder, "rpa.db")}",
        }).Build();
        _store = new ServiceCollection().AddLogging().AddSingleton(TimeProvider.System).AddEngineStore(configuration).BuildServiceProvider();
        await _store.GetRequiredService<DatabaseInitializer>().InitializeAsync();
        var factory = _store.GetRequiredService<IDbContextFactory<EngineDbContext>>();
        _context.Services.AddSingleton(new OutboxStore(factory, TimeProvider.System));
        _context.Services.AddSingleton(new BureauClock(TimeProvider.System, BureauClock.DefaultZone));
    }

    [Fact]
    public async Task ADeadLetter_IsListedInChinese_AndResendQueuesItAgain()
    {
        var id = await DeadLetterAsync();
        _context.AddAuthorization().SetAuthorized("admin1").SetRoles(UiPolicies.AdminRole).SetClaims(UnitClaims.For(CaseScope.DefaultUnit));

        var cut = _context.RenderInChinese<Notifications>(_ => { });
        cut.WaitForElement("[data-testid=dead-letter]");
        var row = cut.Find("[data-testid=dead-letter]");
        Assert.Contains("NB20261130ABC123", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("事项已办结", row.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(NotificationEvents.StepSucceeded, row.TextContent, StringComparison.Ordinal);

        cut.Find("[data-testid=resend]").Click();
        cut.WaitForElement("[data-testid=no-dead-letters]");
        await using var db = await _store.GetRequiredService<IDbContextFactory<EngineDbContext>>().CreateDbContextAsync();
        var resent = await db.Outbox.SingleAsync(m => m.Id == id);
        Assert.Equal((OutboxState.Pending, 0), (resent.State, resent.Attempts));
        // Who sent it again is in the case's audit trail.
        var audit = await db.AuditEvents.SingleAsync(a => a.Kind == AuditKinds.NotificationResent);
        Assert.Equal(("admin1", "NB20261130ABC123"), (audit.Actor, audit.CaseCode));
    }

    private async Task<long> DeadLetterAsync()
    {
        await using var db = await _store.GetRequiredService<IDbContextFactory<EngineDbContext>>().CreateDbContextAsync();
        var at = DateTimeOffset.UtcNow.AddHours(-1);
        var row = new OutboxMessageRecord
        {
            EventId = Guid.NewGuid(), Webhook = "platform", EventType = NotificationEvents.StepSucceeded, CaseCode = "NB20261130ABC123", PayloadJson = "{}",
            State = OutboxState.DeadLetter, Attempts = 12, QueuedAt = at, NextAttemptAt = at, LastAttemptAt = at, LastError = "HTTP 503",
        };
        db.Outbox.Add(row);
        await db.SaveChangesAsync();
        return row.Id;
    }

    public async Task DisposeAsync()
    {
        await _context.DisposeAsync();
        await _store.DisposeAsync();
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
