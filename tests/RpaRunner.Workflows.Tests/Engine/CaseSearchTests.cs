using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using RpaRunner.Runner.Demo;
using RpaRunner.Workflows.Calendar;
using RpaRunner.Workflows.Engine;
using RpaRunner.Workflows.Tests.TestSupport;

namespace RpaRunner.Workflows.Tests.Engine;

/// <summary>
/// The operators' case list: a case code prefix in any case, a full ID number or mobile number through the keyed
/// hash index (never the sealed forms), filters, paging and sorting, always within the caller's scope.
/// </summary>
public sealed class CaseSearchTests : IAsyncLifetime
{
    private const string Hall1 = "furong/hall-1";
    private const string Hall2 = "furong/hall-2";

    private EngineHarness _h = null!;
    private string _newborn = null!;
    private JsonObject _newbornForm = null!;
    private string _company1 = null!;
    private string _company2 = null!;

    public async Task InitializeAsync()
    {
        _h = await EngineHarness.CreateAsync();
        _newbornForm = SampleApplications.Newborn(1, _h.Today);
        _newborn = (await _h.Engine.SubmitAsync(new SubmitCase("newborn", _newbornForm, "clerk", Unit: Hall1))).CaseCode;
        _h.Time.Advance(TimeSpan.FromMinutes(1));
        _company1 = (await _h.Engine.SubmitAsync(new SubmitCase("company-setup", SampleApplications.CompanySetup(1, _h.Today), "clerk", Unit: Hall1))).CaseCode;
        _h.Time.Advance(TimeSpan.FromMinutes(1));
        _company2 = (await _h.Engine.SubmitAsync(new SubmitCase("company-setup", SampleApplications.CompanySetup(2, _h.Today), "clerk", Unit: Hall2))).CaseCode;
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private Task<CasePage> SearchAsync(CaseSearch search, CaseScope? scope = null) => _h.Queries.SearchAsync(search, scope ?? CaseScope.All);

    private async Task<string[]> CodesAsync(CaseSearch search, CaseScope? scope = null) => [.. (await SearchAsync(search, scope)).Items.Select(c => c.Code)];

    private string MotherId => _newbornForm["mother"]!["idNumber"]!.GetValue<string>();

    private string MotherPhone => _newbornForm["mother"]!["phone"]!.GetValue<string>();

    [Fact]
    public async Task ACodePrefix_InLowerCaseWithSpaces_FindsTheCase()
    {
        Assert.Equal([_newborn], await CodesAsync(new CaseSearch(Text: "  " + _newborn[..8].ToLowerInvariant() + " ")));
        Assert.Empty(await CodesAsync(new CaseSearch(Text: "ZZ")));
    }

    [Fact]
    public async Task AFullIdNumber_OrMobileNumber_FindsTheCaseThroughTheIndex_AnyCaseOfX()
    {
        Assert.Equal([_newborn], await CodesAsync(new CaseSearch(Text: MotherId.ToLowerInvariant())));
        Assert.Equal([_newborn], await CodesAsync(new CaseSearch(Text: MotherPhone[..3] + " " + MotherPhone[3..])));
        Assert.Empty(await CodesAsync(new CaseSearch(Text: MotherId[..10])));
    }

    [Fact]
    public async Task TheIndex_HoldsKeyedHashesOnly_NoNumberInClear()
    {
        await using var db = await _h.DbAsync();
        var keys = await db.CaseSearchKeys.ToListAsync();
        Assert.NotEmpty(keys);
        Assert.All(keys, k => Assert.Matches("^[0-9a-f]{64}$", k.Hash));
        Assert.DoesNotContain(keys, k => k.Hash.Contains(MotherId, StringComparison.OrdinalIgnoreCase) || k.Hash.Contains(MotherPhone, StringComparison.Ordinal));
        Assert.Contains(keys, k => k.Kind == CaseSearchIndex.IdNumberKind);
        Assert.Contains(keys, k => k.Kind == CaseSearchIndex.MobileKind);
    }

    [Fact]
    public async Task AnAmendment_ReplacesTheKeys_TheOldNumberNoLongerFindsTheCase()
    {
        var newPhone = "13912345678";
        await _h.Engine.AmendCaseAsync(new AmendCase(_newborn, "operator1", "电话号码写错", new JsonObject { ["mother"] = new JsonObject { ["phone"] = newPhone } }));

        Assert.Empty(await CodesAsync(new CaseSearch(Text: MotherPhone)));
        Assert.Equal([_newborn], await CodesAsync(new CaseSearch(Text: newPhone)));
        Assert.Equal([_newborn], await CodesAsync(new CaseSearch(Text: MotherId)));
    }

    [Fact]
    public async Task CasesStoredBeforeTheIndex_AreBackfilledOnce()
    {
        await using (var db = await _h.DbAsync())
        {
            await db.CaseSearchKeys.ExecuteDeleteAsync();
        }

        Assert.Empty(await CodesAsync(new CaseSearch(Text: MotherId)));
        var factory = new SingleFactory(_h);
        Assert.Equal(3, await CaseSearchIndex.BackfillAsync(factory));
        Assert.Equal(0, await CaseSearchIndex.BackfillAsync(factory));
        Assert.Equal([_newborn], await CodesAsync(new CaseSearch(Text: MotherId)));
    }

    [Fact]
    public async Task TheScope_AlwaysApplies_ToTextFiltersAndTheUnitFilter()
    {
        var company2Id = SampleApplications.CompanySetup(2, _h.Today)["legalRep"]!["idNumber"]!.GetValue<string>();
        Assert.Empty(await CodesAsync(new CaseSearch(Text: company2Id), CaseScope.Of(Hall1)));
        Assert.Equal([_company2], await CodesAsync(new CaseSearch(Text: company2Id), CaseScope.Of("furong")));
        Assert.Empty(await CodesAsync(new CaseSearch(Unit: Hall2), CaseScope.Of(Hall1)));
        Assert.Equal([_company2], await CodesAsync(new CaseSearch(Unit: Hall2), CaseScope.Of("furong")));
        Assert.Equal([_company1, _newborn], await CodesAsync(new CaseSearch(Unit: "furong"), CaseScope.Of(Hall1)));
    }

    [Fact]
    public async Task Filters_ByBundleStatusSystemStepStateAndDates_Combine()
    {
        Assert.Equal([_company2, _company1], await CodesAsync(new CaseSearch(BundleId: "company-setup")));
        Assert.Equal(3, (await SearchAsync(new CaseSearch(Status: CaseStatus.Running))).Total);
        Assert.Empty(await CodesAsync(new CaseSearch(Status: CaseStatus.Completed)));
        Assert.Equal([_newborn], await CodesAsync(new CaseSearch(System: "weijian")));

        foreach (var step in (await _h.ClaimAllAsync()).Where(s => s.CaseCode == _company1))
        {
            await _h.FailAsync(step, FailureClass.Business, "注册资本不符合要求");
        }

        Assert.Equal([_company1], await CodesAsync(new CaseSearch(StepState: CaseStepState.WaitingForPerson)));
        Assert.Empty(await CodesAsync(new CaseSearch(StepState: CaseStepState.NeedsApplicant)));

        var today = _h.Today;
        Assert.Equal(3, (await SearchAsync(new CaseSearch(From: today, To: today))).Total);
        Assert.Equal(0, (await SearchAsync(new CaseSearch(From: today.AddDays(1)))).Total);
        Assert.Equal(0, (await SearchAsync(new CaseSearch(To: today.AddDays(-1)))).Total);
    }

    [Fact]
    public async Task TheFlagFilter_ListsCasesWithAnOpenMatterFlaggedSo()
    {
        await using (var db = await _h.DbAsync())
        {
            var step = await db.Steps.FirstAsync(s => s.Case!.Code == _company1 && s.Status == StepStatus.Ready);
            step.Flag = DeadlineFlag.Red;
            await db.SaveChangesAsync();
        }

        Assert.Equal([_company1], await CodesAsync(new CaseSearch(Flag: DeadlineFlag.Red)));
        Assert.Empty(await CodesAsync(new CaseSearch(Flag: DeadlineFlag.Yellow)));
        Assert.Equal(1, (await _h.Queries.DashboardAsync(DateTimeOffset.MinValue)).Flags!.Red);
    }

    [Fact]
    public async Task Paging_GivesTheTotalAndOnePage_SortedAsAsked()
    {
        var first = await SearchAsync(new CaseSearch(PageSize: 2));
        Assert.Equal(3, first.Total);
        Assert.Equal([_company2, _company1], first.Items.Select(c => c.Code));
        var second = await SearchAsync(new CaseSearch(PageSize: 2, Page: 2));
        Assert.Equal([_newborn], second.Items.Select(c => c.Code));

        var byCode = await CodesAsync(new CaseSearch(Sort: CaseSort.Code, Descending: false));
        Assert.Equal(byCode.Order(StringComparer.Ordinal), byCode);
        var oldestFirst = await CodesAsync(new CaseSearch(Sort: CaseSort.Submitted, Descending: false));
        Assert.Equal([_newborn, _company1, _company2], oldestFirst);
        Assert.Equal(CaseSearch.MaxPageSize, (await SearchAsync(new CaseSearch(PageSize: 10_000))).PageSize);
    }

    private sealed class SingleFactory(EngineHarness h) : IDbContextFactory<Workflows.Engine.Storage.EngineDbContext>
    {
        public Workflows.Engine.Storage.EngineDbContext CreateDbContext() => h.DbAsync().GetAwaiter().GetResult();

        public Task<Workflows.Engine.Storage.EngineDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) => h.DbAsync();
    }
}
