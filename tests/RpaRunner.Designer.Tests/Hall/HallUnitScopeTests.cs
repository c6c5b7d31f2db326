using System.Security.Claims;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RpaRunner.Designer.Access;
using RpaRunner.Designer.Components.Layout;
using RpaRunner.Designer.Hall;
using RpaRunner.Designer.Tests.TestSupport;
using RpaRunner.Runner.Security;
using RpaRunner.Workflows.Calendar;
using RpaRunner.Workflows.Engine;
using RpaRunner.Workflows.Engine.Storage;

namespace RpaRunner.Designer.Tests.Hall;

/// <summary>
/// The hall's list of recent cases shows the signed-in clerk's unit only (an admin's: every unit), and the app bar
/// names the unit. Cases of two halls are stored in a real SQLite store behind the page's queries.
/// </summary>
public sealed class HallUnitScopeTests : IAsyncLifetime
{
    private const string Hall1Case = "QY20260310HALL01";
    private const string Hall2Case = "QY20260310HALL02";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "rpa-hall-units-" + Guid.NewGuid().ToString("N"));
    private readonly BunitContext _context = UiTestContext.Create();
    private ServiceProvider _store = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:ConnectionString"] = $"Data Source={Path.Combine(_folder, "rpa.db")}",
        }).Build();
        _store = new ServiceCollection()
            .AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance)
            .AddSingleton(typeof(ILogger<>), typeof(NullLogger<>))
            .AddSingleton(TimeProvider.System)
            .AddEngineStore(configuration)
            .BuildServiceProvider();
        await _store.GetRequiredService<DatabaseInitializer>().InitializeAsync();
        var factory = _store.GetRequiredService<IDbContextFactory<EngineDbContext>>();
        await using (var db = await factory.CreateDbContextAsync())
        {
            db.Cases.Add(Case(Hall1Case, "furong/hall-1"));
            db.Cases.Add(Case(Hall2Case, "furong/hall-2"));
            await db.SaveChangesAsync();
        }

        _context.Services.AddSingleton(UiTestContext.Catalog.Value);
        _context.Services.AddSingleton(new CaseQueries(factory, TimeProvider.System));
        _context.Services.AddSingleton(new CaseChanges());
        _context.Services.AddSingleton(new BureauClock(TimeProvider.System, BureauClock.DefaultZone));
        var names = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Security:Units:0:Path"] = "furong/hall-1",
            ["Security:Units:0:Name"] = "芙蓉区政务服务中心一厅",
        }).Build();
        _context.Services.AddSingleton<IStaffDirectory>(new ConfiguredStaffDirectory(new ServiceCollection()
            .Configure<SecurityOptions>(names.GetSection("Security")).BuildServiceProvider().GetRequiredService<IOptionsMonitor<SecurityOptions>>()));
    }

    [Fact]
    public void AClerkOfHall1_SeesTheCasesOfHall1Only()
    {
        SignIn(UiPolicies.ClerkRole, "furong/hall-1");
        _context.SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
        var cut = _context.RenderInChinese<HallHome>(_ => { });

        cut.WaitForAssertion(() => Assert.Contains(Hall1Case, cut.Markup, StringComparison.Ordinal));
        Assert.DoesNotContain(Hall2Case, cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void AnAdmin_SeesTheCasesOfEveryHall()
    {
        SignIn(UiPolicies.AdminRole, "default");
        _context.SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
        var cut = _context.RenderInChinese<HallHome>(_ => { });

        cut.WaitForAssertion(() => Assert.Contains(Hall1Case, cut.Markup, StringComparison.Ordinal));
        Assert.Contains(Hall2Case, cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void TheAppBar_NamesTheUsersUnit_OrAllUnitsForAnAdmin()
    {
        // A named unit reads as its name (the path only on hover); a unit without a name shows its path.
        var clerk = _context.RenderInChinese<UnitBadge>(p => p.Add(x => x.User, Principal(UiPolicies.ClerkRole, "furong/hall-1")));
        Assert.Contains("芙蓉区政务服务中心一厅", clerk.Find("[data-testid='signed-in-unit']").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("furong/hall-1", clerk.Find("[data-testid='signed-in-unit']").TextContent, StringComparison.Ordinal);
        var unnamed = _context.RenderInChinese<UnitBadge>(p => p.Add(x => x.User, Principal(UiPolicies.ClerkRole, "furong/hall-2")));
        Assert.Contains("furong/hall-2", unnamed.Find("[data-testid='signed-in-unit']").TextContent, StringComparison.Ordinal);
        var admin = _context.RenderInChinese<UnitBadge>(p => p.Add(x => x.User, Principal(UiPolicies.AdminRole, "default")));
        Assert.Contains("全部单位", admin.Find("[data-testid='signed-in-unit']").TextContent, StringComparison.Ordinal);
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

    private void SignIn(string role, string unit) =>
        _context.AddAuthorization().SetAuthorized(role + "1").SetRoles(role).SetClaims(UnitClaims.For(unit));

    private static ClaimsPrincipal Principal(string role, string unit) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, role + "1"), new Claim(ClaimTypes.Role, role), UnitClaims.For(unit)], "test"));

    private static CaseRecord Case(string code, string unit)
    {
        var now = TimeProvider.System.GetUtcNow();
        return new CaseRecord
        {
            Id = Guid.CreateVersion7(),
            Code = code,
            BundleId = "company-setup",
            BundleVersion = 1,
            Status = CaseStatus.Running,
            FormJson = "{}",
            SubmittedBy = "clerk1",
            SubmittedAt = now,
            UpdatedAt = now,
            Unit = unit,
        };
    }
}
