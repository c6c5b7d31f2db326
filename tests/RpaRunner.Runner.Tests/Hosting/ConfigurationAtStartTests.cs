using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RpaRunner.Bots.Pools;
using RpaRunner.Runner.Hosting;
using RpaRunner.Workflows.Engine.Storage;
using RpaRunner.Runner.Scheduling;
using RpaRunner.Workflows.Calendar;
using RpaRunner.Workflows.Engine;

namespace RpaRunner.Runner.Tests.Hosting;

/// <summary>Configuration fails clearly at start: retired keys, values out of range, unknown zones; the database follows the data directory.</summary>
public sealed class ConfigurationAtStartTests
{
    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void TheSqliteDatabase_FollowsTheDataDirectory_UnlessAConnectionStringIsGiven()
    {
        var folder = Path.Combine(Path.GetTempPath(), "rpa-other-data");
        var followed = DatabaseOptions.Of(Configuration(("Runner:DataDirectory", folder)));
        Assert.Equal($"Data Source={Path.Combine(folder, DatabaseOptions.SqliteFileName)}", followed.ConnectionString);

        var given = DatabaseOptions.Of(Configuration(("Runner:DataDirectory", folder), ("Database:ConnectionString", "Data Source=/srv/rpa/engine.db")));
        Assert.Equal("Data Source=/srv/rpa/engine.db", given.ConnectionString);

        var postgres = DatabaseOptions.Of(Configuration(("Database:Provider", "postgres"), ("Database:ConnectionString", "Host=db")));
        Assert.Equal("Host=db", postgres.ConnectionString);
    }

    [Theory]
    [InlineData("Systems:gongan:MaxConcurrentSessions", "DepartmentSystems:gongan:MaxSessions")]
    [InlineData("DesktopBots:Applications:gongjijin:MaxSessions", "DepartmentSystems:gongjijin:MaxSessions")]
    [InlineData("Engine:TimeZone", "Bureau:TimeZone")]
    [InlineData("Calendar:TimeZone", "Bureau:TimeZone")]
    public void ARetiredKey_StopsTheStart_NamingTheKeyThatReplacedIt(string old, string replacement)
    {
        var error = Assert.Throws<InvalidOperationException>(() => RetiredSettings.EnsureNone(Configuration((old, "2"))));
        Assert.Contains(old, error.Message, StringComparison.Ordinal);
        Assert.Contains(replacement, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SessionLimits_ComeFromDepartmentSystems_ForTheEngine()
    {
        var schedule = SchedulingExtensions.BuildSchedule(Configuration(("DepartmentSystems:gongan:MaxSessions", "2"), ("DepartmentSystems:shuiwu:BaseUrl", "http://x")));
        Assert.Equal(2, schedule.GatesAt(DateTimeOffset.UtcNow).SessionLimits["gongan"]);
        Assert.DoesNotContain("shuiwu", schedule.GatesAt(DateTimeOffset.UtcNow).SessionLimits.Keys);
    }

    [Fact]
    public void TheBureauZone_IsTheClocksZone_AndAnUnknownZoneNamesItsKey()
    {
        using var services = new ServiceCollection().AddSingleton(TimeProvider.System)
            .AddBureauClock(Configuration(("Bureau:TimeZone", "Asia/Urumqi"))).BuildServiceProvider();
        Assert.Equal("Asia/Urumqi", services.GetRequiredService<BureauClock>().Zone.Id);

        var error = Assert.Throws<InvalidOperationException>(() => BureauHosting.ZoneOf(Configuration(("Bureau:TimeZone", "Mars/Olympus"))));
        Assert.Contains("Bureau:TimeZone", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Engine:DispatchAhead", "1.5", "Engine:DispatchAhead")]
    [InlineData("Engine:DispatchBatchSize", "0", "Engine:DispatchBatchSize")]
    [InlineData("Bots:ConcurrencyPerPool", "0", "Bots:ConcurrencyPerPool")]
    public void AValueOutOfRange_StopsTheStart_NamingTheKeyAndTheRange(string key, string value, string named)
    {
        var configuration = Configuration((key, value));
        using var services = new ServiceCollection()
            .Configure<EngineOptions>(configuration.GetSection("Engine"))
            .Configure<BotPoolOptions>(configuration.GetSection("Bots"))
            .AddOptionsRules()
            .BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => key.StartsWith("Engine", StringComparison.Ordinal)
            ? (object)services.GetRequiredService<IOptions<EngineOptions>>().Value
            : services.GetRequiredService<IOptions<BotPoolOptions>>().Value);
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
        Assert.Contains("allowed: from", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Metrics:GaugeRefresh", "00:00:00.100")]
    [InlineData("Metrics:Path", "/api/metrics")]
    [InlineData("Otlp:Endpoint", "collector:4317")]
    [InlineData("Otlp:Protocol", "udp")]
    public void ABadTelemetrySetting_StopsTheStart_NamingItsKey(string key, string value)
    {
        var configuration = Configuration(($"Telemetry:{key}", value));
        using var services = new ServiceCollection()
            .Configure<RpaRunner.Runner.Telemetry.TelemetryOptions>(configuration.GetSection("Telemetry"))
            .AddOptionsRules()
            .BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<RpaRunner.Runner.Telemetry.TelemetryOptions>>().Value);
        Assert.Contains($"Telemetry:{key}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ScheduleSettingsOutOfRange_StopTheStart()
    {
        var error = Assert.Throws<OptionsValidationException>(() => OptionsRules.Ensure(new SchedulingOptions(), new CalendarOptions { YellowFraction = 2 }));
        Assert.Contains("Calendar:YellowFraction", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Notifications:Webhooks:0:Url", "ftp://platform/notify", "Notifications:Webhooks:0:Url")]
    [InlineData("Notifications:Webhooks:0:Secret", "s3cr3t", "Notifications:Webhooks:0:Secret")]
    [InlineData("Notifications:Webhooks:0:Events:0", "case.accepted-ish", "Notifications:Webhooks:0:Events")]
    [InlineData("Notifications:MaxAttempts", "0", "Notifications:MaxAttempts")]
    public void AWebhookSettingOutOfRange_StopsTheStart_NamingTheKey(string key, string value, string named)
    {
        var webhook = new Dictionary<string, string>
        {
            ["Notifications:Webhooks:0:Url"] = "https://platform.example.gov.cn/rpa/notify",
            ["Notifications:Webhooks:0:Secret"] = new string('s', 32),
            [key] = value,
        };
        var configuration = Configuration([.. webhook.Select(p => (p.Key, p.Value))]);
        using var services = new ServiceCollection()
            .Configure<RpaRunner.Runner.Notifications.NotificationOptions>(configuration.GetSection("Notifications"))
            .AddOptionsRules()
            .BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<RpaRunner.Runner.Notifications.NotificationOptions>>().Value);
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", error.Message, StringComparison.Ordinal); // a secret is never echoed
    }
}
