using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using RpaRunner.Runner.Security;
using RpaRunner.Workflows.Engine;
using RpaRunner.Workflows.Engine.Storage;

namespace RpaRunner.Runner.Tests.Security;

/// <summary>The session store on a real SQLite engine database, with a clock the test moves.</summary>
public sealed class UiSessionsTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 10, 1, 0, 0, TimeSpan.Zero));
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "rpa-sessions-" + Guid.NewGuid().ToString("N"));
    private ServiceProvider _services = default!;
    private UiSessions _sessions = default!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:ConnectionString"] = $"Data Source={Path.Combine(_folder, "rpa.db")}",
        }).Build();
        _services = new ServiceCollection().AddLogging().AddSingleton<TimeProvider>(_time).AddEngineStore(configuration).BuildServiceProvider();
        await _services.GetRequiredService<DatabaseInitializer>().InitializeAsync();
        _sessions = new UiSessions(_services, _time);
    }

    [Fact]
    public async Task ASession_LivesWhileUsed_AndEndsAfterTheIdleTimeoutWithoutARequest()
    {
        var id = await _sessions.StartAsync();

        // Used every 0.6 × the timeout, it lives on (each request after half the timeout moves its end on).
        for (var i = 0; i < 3; i++)
        {
            _time.Advance(UiSessions.IdleTimeout * 0.6);
            Assert.True(await _sessions.IsAliveAsync(id));
        }

        _time.Advance(UiSessions.IdleTimeout + TimeSpan.FromSeconds(1));
        Assert.False(await _sessions.IsAliveAsync(id));
    }

    [Fact]
    public async Task AnEndedSession_IsDeadAtOnce_AndItsRowIsGone()
    {
        var id = await _sessions.StartAsync();
        var other = await _sessions.StartAsync();

        await _sessions.EndAsync(id);

        Assert.False(await _sessions.IsAliveAsync(id));
        Assert.True(await _sessions.IsAliveAsync(other));
        Assert.Equal(1, await CountAsync());
    }

    [Fact]
    public async Task ExpiredSessions_AreSweptAtTheNextSignIn()
    {
        await _sessions.StartAsync();
        await _sessions.StartAsync();
        _time.Advance(UiSessions.IdleTimeout + TimeSpan.FromMinutes(1));

        await _sessions.StartAsync();

        Assert.Equal(1, await CountAsync());
    }

    [Fact]
    public async Task TheStore_HoldsAHashOfTheId_NotTheIdItself()
    {
        var id = await _sessions.StartAsync();

        await using var db = await _services.GetRequiredService<IDbContextFactory<EngineDbContext>>().CreateDbContextAsync();
        var row = await db.UiSessions.SingleAsync();
        Assert.NotEqual(id, row.IdHash);
        Assert.DoesNotContain(id, row.IdHash, StringComparison.Ordinal);
        Assert.Equal(64, row.IdHash.Length);
        Assert.False(await _sessions.IsAliveAsync(row.IdHash));
        Assert.False(await _sessions.IsAliveAsync(null));
    }

    private async Task<int> CountAsync()
    {
        await using var db = await _services.GetRequiredService<IDbContextFactory<EngineDbContext>>().CreateDbContextAsync();
        return await db.UiSessions.CountAsync();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
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
