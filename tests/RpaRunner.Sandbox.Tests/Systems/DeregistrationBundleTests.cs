using System.Globalization;
using RpaRunner.Sandbox.Register;
using RpaRunner.Sandbox.Tests.Infrastructure;

namespace RpaRunner.Sandbox.Tests.Systems;

/// <summary>企业注销: 税务 clears the enterprise first; 市场监管 deregisters it only on that clearance, once its notice has run.</summary>
public class DeregistrationBundleTests(SandboxFixture f) : IClassFixture<SandboxFixture>
{
    private SeedPerson LegalRep => f.Host.Population.WithRole("legalRep").First();

    private static string Ago(int days) => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).AddDays(-days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private Dictionary<string, string> Clearance(SeedEnterprise e) => new()
    {
        ["creditCode"] = e.CreditCode, ["companyName"] = e.Name, ["legalRepName"] = LegalRep.Name, ["legalRepIdNumber"] = LegalRep.IdNumber, ["reason"] = "1",
    };

    private Dictionary<string, string> Deregistration(SeedEnterprise e, string taxClearanceNo, string procedure = "1", int announcedDaysAgo = 30) => new()
    {
        ["creditCode"] = e.CreditCode, ["companyName"] = e.Name, ["legalRepName"] = LegalRep.Name, ["legalRepIdNumber"] = LegalRep.IdNumber,
        ["procedure"] = procedure, ["reason"] = "决议解散", ["announcementDate"] = Ago(announcedDaysAgo), ["liquidationEndDate"] = Ago(2), ["taxClearanceNo"] = taxClearanceNo,
    };

    [Fact]
    public async Task Deregistration_IsRefusedUntilTaxClears_ThenGranted_Once()
    {
        var enterprise = f.Host.Population.Enterprises[2];
        using var shichang = await f.LoggedInAsync("shichang");
        var early = await shichang.SubmitAsync("shichang.deregisterEnterprise", Deregistration(enterprise, "QS20260000001"));
        Assert.Contains("请先办理税务注销", early.Error, StringComparison.Ordinal);

        using var shuiwu = await f.LoggedInAsync("shuiwu");
        var cleared = await shuiwu.SubmitAsync("shuiwu.deregisterTaxpayer", Clearance(enterprise), Samples.UniqueKey("taxDeregistration"));
        Assert.True(cleared.Accepted, cleared.Error);
        var clearanceNo = cleared.Output("taxClearanceNo");
        Assert.Contains("已办结清税", (await shuiwu.SubmitAsync("shuiwu.deregisterTaxpayer", Clearance(enterprise))).Error, StringComparison.Ordinal);

        // Another enterprise's clearance, or a number 税务 never issued, does not do.
        Assert.Contains("请先办理税务注销", (await shichang.SubmitAsync("shichang.deregisterEnterprise", Deregistration(enterprise, "QS20269999999"))).Error, StringComparison.Ordinal);

        var granted = await shichang.SubmitAsync("shichang.deregisterEnterprise", Deregistration(enterprise, clearanceNo), Samples.UniqueKey("registration"));
        Assert.True(granted.Accepted, granted.Error);
        Assert.StartsWith("ZX", granted.Output("deregistrationNo"), StringComparison.Ordinal);
        Assert.Contains("已办理注销登记", (await shichang.SubmitAsync("shichang.deregisterEnterprise", Deregistration(enterprise, clearanceNo))).Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deregistration_BeforeTheCreditorsNoticeHasRun_IsRefused()
    {
        var enterprise = f.Host.Population.Enterprises[1];
        using var shuiwu = await f.LoggedInAsync("shuiwu");
        var cleared = await shuiwu.SubmitAsync("shuiwu.deregisterTaxpayer", Clearance(enterprise), Samples.UniqueKey("taxDeregistration"));
        Assert.True(cleared.Accepted, cleared.Error);

        using var shichang = await f.LoggedInAsync("shichang");
        var page = await shichang.SubmitAsync("shichang.deregisterEnterprise", Deregistration(enterprise, cleared.Output("taxClearanceNo"), procedure: "2", announcedDaysAgo: 30));
        Assert.Contains("债权人公告期（45日）未满", page.Error, StringComparison.Ordinal);
    }
}
