using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using RpaRunner.Runner.Demo;
using RpaRunner.Workflows.Engine;
using RpaRunner.Workflows.Engine.Storage;
using RpaRunner.Workflows.Tests.TestSupport;

namespace RpaRunner.Workflows.Tests.Engine;

/// <summary>
/// Cases of two halls of one district and of the default unit: every query and every action on a case keeps to the
/// caller's scope, and a case outside it is unknown, exactly like one that does not exist.
/// </summary>
public sealed class CaseScopeTests : IAsyncLifetime
{
    private const string Hall1 = "furong/hall-1";
    private const string Hall2 = "furong/hall-2";

    private static readonly CaseScope OfHall1 = CaseScope.Of(Hall1);
    private static readonly CaseScope OfHall2 = CaseScope.Of(Hall2);
    private static readonly CaseScope OfDistrict = CaseScope.Of("furong");

    private EngineHarness _h = null!;
    private string _hall1Case = null!;
    private string _hall2Case = null!;
    private string _defaultCase = null!;

    public async Task InitializeAsync()
    {
        _h = await EngineHarness.CreateAsync();
        _hall1Case = await SubmitAsync(1, Hall1);
        _hall2Case = await SubmitAsync(2, Hall2);
        _defaultCase = await SubmitAsync(3, unit: null);
        foreach (var registration in (await _h.ClaimAllAsync()).Where(s => s.StepId == "registration"))
        {
            await _h.FailAsync(registration, FailureClass.Business, "注册资本不符合要求");
        }
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Theory]
    [InlineData("default", true)]
    [InlineData("furong", true)]
    [InlineData("furong/hall-1", true)]
    [InlineData("furong/hall_2/window-3", true)]
    [InlineData("", false)]
    [InlineData("Furong", false)]
    [InlineData("furong/", false)]
    [InlineData("/furong", false)]
    [InlineData("furong//hall-1", false)]
    [InlineData("furong/-hall", false)]
    [InlineData("furong/hall 1", false)]
    [InlineData("furong/%", false)]
    [InlineData("芙蓉区", false)]
    public void AUnitIsAPathOfLowerCaseSegments(string unit, bool wellFormed) => Assert.Equal(wellFormed, CaseScope.IsWellFormed(unit));

    [Fact]
    public void AScopeIncludesItsUnitAndTheUnitsBeneathIt_NotASiblingThatSharesItsPrefix()
    {
        Assert.True(OfDistrict.Includes(Hall1));
        Assert.True(OfDistrict.Includes("furong"));
        Assert.True(OfHall1.Includes(Hall1));
        Assert.True(OfHall1.Includes(Hall1 + "/window-3"));
        Assert.False(OfHall1.Includes("furong/hall-10"));
        Assert.False(OfHall1.Includes("furong"));
        Assert.False(OfHall1.Includes(Hall2));
        Assert.False(OfDistrict.Includes("furongxi"));
        Assert.True(CaseScope.Of(null).Includes(null));
        Assert.False(CaseScope.Of(null).Includes(Hall1));
        Assert.True(CaseScope.All.Includes(Hall2));
    }

    [Fact]
    public async Task ACaseBelongsToTheSubmittersUnit_NoneIsTheDefaultUnit()
    {
        Assert.Equal(Hall1, (await _h.CaseAsync(_hall1Case)).Unit);
        Assert.Equal(CaseScope.DefaultUnit, (await _h.CaseAsync(_defaultCase)).Unit);
    }

    [Fact]
    public async Task AHallsScope_GetsListsAndCountsItsCasesOnly()
    {
        Assert.NotNull(await _h.Queries.GetAsync(_hall1Case, OfHall1));
        Assert.Null(await _h.Queries.GetAsync(_hall2Case, OfHall1));
        Assert.Null(await _h.Queries.GetAsync(_defaultCase, OfHall1));

        var listed = await _h.Queries.ListAsync(new CaseFilter(), OfHall1);
        Assert.Equal([_hall1Case], listed.Select(c => c.Code));
        Assert.Equal(1, (await _h.Queries.CountByStatusAsync(OfHall1)).Values.Sum());

        Assert.NotEmpty((await _h.Queries.AuditOfAsync(_hall1Case, OfHall1))!);
        Assert.Null(await _h.Queries.AuditOfAsync(_hall2Case, OfHall1));
        Assert.True(await _h.Queries.IsVisibleAsync(_hall1Case, OfHall1));
        Assert.False(await _h.Queries.IsVisibleAsync(_hall2Case, OfHall1));
    }

    [Fact]
    public async Task ADistrictsScope_SeesEveryHallBeneathIt_AndAllSeesEveryUnit()
    {
        var district = (await _h.Queries.ListAsync(new CaseFilter(), OfDistrict)).Select(c => c.Code).ToHashSet();
        Assert.Equal(new HashSet<string> { _hall1Case, _hall2Case }, district);
        var all = (await _h.Queries.ListAsync(new CaseFilter(), CaseScope.All)).Select(c => c.Code).ToHashSet();
        Assert.Equal(new HashSet<string> { _hall1Case, _hall2Case, _defaultCase }, all);
        Assert.Equal(new HashSet<string> { _defaultCase }, (await _h.Queries.ListAsync(new CaseFilter(), CaseScope.Of(null))).Select(c => c.Code).ToHashSet());
    }

    [Fact]
    public async Task TasksFailureGroupsAndTheDashboard_CountTheScopesCasesOnly()
    {
        Assert.Equal([_hall1Case], (await _h.Queries.WaitingForPersonAsync(null, OfHall1)).Select(w => w.CaseCode));
        Assert.Equal(2, (await _h.Queries.WaitingForPersonAsync(null, OfDistrict)).Count);

        var refusals = (await _h.Queries.FailuresAsync(OfHall2)).Refusals.SelectMany(g => g.Steps).Select(s => s.CaseCode);
        Assert.Equal([_hall2Case], refusals);

        var since = _h.Time.GetUtcNow().AddDays(-1);
        var hall = await _h.Queries.DashboardAsync(since, OfHall1);
        Assert.Equal((1, 1), (hall.CasesToday, hall.StepsWaitingForPerson));
        Assert.Single(hall.Failures.Refusals.SelectMany(g => g.Steps));
        var bureau = await _h.Queries.DashboardAsync(since, CaseScope.All);
        Assert.Equal((3, 3), (bureau.CasesToday, bureau.StepsWaitingForPerson));
    }

    [Fact]
    public async Task PersonActionsAmendmentAndCancellation_OfACaseOutsideTheScope_AreAnUnknownCase_AndChangeNothing()
    {
        var retry = await Assert.ThrowsAsync<NotFoundException>(() => _h.Engine.PerformAsync(
            new PersonAction(_hall2Case, "registration", PersonActionKind.Retry, "operator-hall1", "重试", Scope: OfHall1)));
        Assert.Equal("case.unknown", retry.Code);
        var amend = await Assert.ThrowsAsync<NotFoundException>(() => _h.Engine.AmendCaseAsync(
            new AmendCase(_hall2Case, "clerk-hall1", "更正注册资本", new JsonObject { ["company"] = new JsonObject { ["registeredCapital"] = 300 } }, OfHall1)));
        Assert.Equal("case.unknown", amend.Code);
        var cancel = await Assert.ThrowsAsync<NotFoundException>(() => _h.Engine.CancelCaseAsync(_hall2Case, "operator-hall1", "撤件", OfHall1));
        Assert.Equal("case.unknown", cancel.Code);

        // Unknown exactly as a case that does not exist is.
        var missing = await Assert.ThrowsAsync<NotFoundException>(() => _h.Engine.CancelCaseAsync("NB20260101ZZZZZZ", "operator-hall1", "撤件", OfHall1));
        Assert.Equal(missing.Message.Replace("NB20260101ZZZZZZ", _hall2Case, StringComparison.Ordinal), cancel.Message);

        var untouched = await _h.CaseAsync(_hall2Case);
        Assert.Equal(CaseStatus.WaitingForPerson, untouched.Status);
        Assert.Equal(StepStatus.WaitingForPerson, untouched.Steps.Single(s => s.StepId == "registration").Status);
        Assert.DoesNotContain(await _h.Queries.AuditOfAsync(_hall2Case), a => a.Kind is "case.amended" or "case.cancelled" || a.Actor.EndsWith("hall1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ActionsWithinTheScope_TakeEffect_ForTheHallAndItsDistrict()
    {
        await _h.Engine.PerformAsync(new PersonAction(_hall1Case, "registration", PersonActionKind.Retry, "operator-hall1", "系统已恢复", Scope: OfHall1));
        Assert.Equal(StepStatus.Ready, (await _h.StepAsync(_hall1Case, "registration")).Status);

        await _h.Engine.CancelCaseAsync(_hall2Case, "operator-furong", "申请人撤回", OfDistrict);
        Assert.Equal(CaseStatus.Cancelled, (await _h.CaseAsync(_hall2Case)).Status);
    }

    /// <summary>A database from before units (every script but 009, a case stored) is upgraded: its cases belong to the default unit.</summary>
    [Fact]
    public async Task CasesStoredBeforeUnits_BelongToTheDefaultUnit_AfterTheUpgrade()
    {
        var file = Path.Combine(_h.Folder, "before-units.db");
        await using (var connection = new SqliteConnection($"Data Source={file}"))
        {
            await connection.OpenAsync();
            await ExecuteAsync(connection, "CREATE TABLE schema_versions (version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);");
            foreach (var (version, name, sql) in DatabaseInitializer.Scripts("sqlite").Where(s => s.Version != 9))
            {
                await ExecuteAsync(connection, sql + $";\nINSERT INTO schema_versions VALUES ({version}, '{name}', '2026-01-01');");
            }

            await ExecuteAsync(connection, """
                INSERT INTO cases ("Id", "Code", "BundleId", "BundleVersion", "Status", "FormJson", "SubmittedBy", "SubmittedAt", "UpdatedAt", "Revision")
                VALUES ('0190a0a0-0000-7000-8000-000000000001', 'QY20260101OLD001', 'company-setup', 1, 'Running', '{}', 'clerk1', 1767225600000, 1767225600000, 0);
                """);
        }

        await using var upgraded = await EngineHarness.CreateAsync(file);
        Assert.Equal(CaseScope.DefaultUnit, (await upgraded.CaseAsync("QY20260101OLD001")).Unit);
        Assert.NotNull(await upgraded.Queries.GetAsync("QY20260101OLD001", CaseScope.Of(null)));
        Assert.Null(await upgraded.Queries.GetAsync("QY20260101OLD001", OfDistrict));
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private async Task<string> SubmitAsync(int index, string? unit) =>
        (await _h.Engine.SubmitAsync(new SubmitCase("company-setup", SampleApplications.CompanySetup(index, _h.Today), "clerk", Unit: unit))).CaseCode;
}
