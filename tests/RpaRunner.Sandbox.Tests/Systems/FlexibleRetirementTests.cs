using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using RpaRunner.Sandbox.Hosting;
using RpaRunner.Sandbox.Register;
using RpaRunner.Sandbox.Tests.Infrastructure;

namespace RpaRunner.Sandbox.Tests.Systems;

/// <summary>A sandbox whose clock stands at 2025-11-20 10:00 (China), so the seeded people's retirement dates stay where the tests need them.</summary>
public sealed class FixedDaySandboxFixture : IAsyncLifetime
{
    public static readonly DateOnly Today = new(2025, 11, 20);

    public SandboxHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await SandboxHost.StartAsync(new SandboxOptions
    {
        RandomSeed = 11,
        TimeProvider = new FakeTimeProvider(new DateTimeOffset(2025, 11, 20, 2, 0, 0, TimeSpan.Zero)),
    });

    public async Task DisposeAsync() => await Host.DisposeAsync();

    public async Task<SystemClient> LoggedInAsync(string systemId)
    {
        var client = new SystemClient(Host[systemId]);
        var page = await client.LoginAsync();
        Assert.True(page.Url!.AbsolutePath is "/main" or "/home", page.Error ?? page.Url.ToString());
        return client;
    }

    public SeedPerson Retiree(string group, int index = 0) =>
        Host.Population.WithRole("retiree").Where(p => p.Retirement!.Group == group).ElementAt(index);
}

/// <summary>
/// 人社's side of 退休 version 2: contribution years from its own records, the flexible window, 职工提前退休 with its
/// grounds; 公积金's freeze before the withdrawal.
/// </summary>
public class FlexibleRetirementTests(FixedDaySandboxFixture f) : IClassFixture<FixedDaySandboxFixture>
{
    private static string Months(SeedPerson p) => (p.Retirement!.ContributionYears * 12).ToString(CultureInfo.InvariantCulture);

    private static Dictionary<string, string> Approval(SeedPerson p, string kind, string? date = null, string? months = null, string? earlyNo = null)
    {
        var values = new Dictionary<string, string>
        {
            ["idNumber"] = p.IdNumber, ["name"] = p.Name, ["sex"] = p.Sex, ["personType"] = p.Retirement!.PersonType,
            ["retirementKind"] = kind, ["contributionMonths"] = months ?? Months(p),
        };
        if (date is not null)
        {
            values["retirementDate"] = date;
        }

        if (earlyNo is not null)
        {
            values["earlyRetirementNo"] = earlyNo;
        }

        return values;
    }

    [Fact]
    public async Task Contributions_AreCertifiedFromTheRecords_TheSeedsYearsForARetiree_DeterministicForOthers()
    {
        using var renshe = await f.LoggedInAsync("renshe");
        var retiree = f.Retiree("male", 0);
        var page = await renshe.SubmitAsync("renshe.certifyContributions", new Dictionary<string, string> { ["idNumber"] = retiree.IdNumber, ["name"] = retiree.Name }, Samples.UniqueKey("jf"));
        Assert.True(page.Accepted, page.Error);
        Assert.Equal(Months(retiree), page.Output("contributionMonths"));
        Assert.Matches("^JF[0-9]{14}$", page.Output("contributionProofNo"));

        // Anyone else: a share (50 % + the ID's sequence digits mod 50) of the months since the 20th birthday.
        var mother = f.Host.Population.WithRole("mother").First();
        var birth = DateOnly.ParseExact(mother.BirthDate, "yyyy-MM-dd", CultureInfo.InvariantCulture).AddYears(20);
        var working = ((FixedDaySandboxFixture.Today.Year - birth.Year) * 12) + FixedDaySandboxFixture.Today.Month - birth.Month;
        var expected = working * (50 + (int.Parse(mother.IdNumber.AsSpan(14, 3), CultureInfo.InvariantCulture) % 50)) / 100;
        var other = await renshe.SubmitAsync("renshe.certifyContributions", new Dictionary<string, string> { ["idNumber"] = mother.IdNumber, ["name"] = mother.Name }, Samples.UniqueKey("jf"));
        Assert.Equal(expected.ToString(CultureInfo.InvariantCulture), other.Output("contributionMonths"));
    }

    [Fact]
    public async Task Approval_TakesTheRecordedMonthsOnly_AndRefusesShortYearsAsTheApplicantsMatter()
    {
        using var renshe = await f.LoggedInAsync("renshe");
        var retiree = f.Retiree("male", 1);
        var typed = await renshe.SubmitAsync("renshe.approveFlexibleRetirement", Approval(retiree, "1", months: "480"));
        Assert.Contains("与本系统参保缴费记录（360个月）不一致", typed.Error, StringComparison.Ordinal);

        // 12 years on record: short of the 15 years, told in words the applicant can act on (renshe's applicantRefusals).
        var shortYears = f.Retiree("male-short-contribution");
        var refused = await renshe.SubmitAsync("renshe.approveFlexibleRetirement", Approval(shortYears, "1"));
        Assert.Contains("累计缴费年限不足15年（参保缴费记录为12年0个月）", refused.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FlexibleEarlyRetirement_NotBelowTheFormerAge_AndStatutoryRetirement_NotBeforeItsTime()
    {
        using var renshe = await f.LoggedInAsync("renshe");
        // Born 1966-01-08: statutory age 60 years 4 months (2026-05-08), former age 60 (2026-01-08).
        var retiree = f.Host.Population.People.Single(p => p.IdNumber == "430111196601084919");

        var statutory = await renshe.SubmitAsync("renshe.approveFlexibleRetirement", Approval(retiree, "1"));
        Assert.Contains("未达到法定退休年龄：男职工法定退休年龄为60周岁4个月", statutory.Error, StringComparison.Ordinal);

        var belowFormerAge = await renshe.SubmitAsync("renshe.approveFlexibleRetirement", Approval(retiree, "2", "2026-01-07"));
        Assert.Contains("不符合弹性提前退休条件", belowFormerAge.Error, StringComparison.Ordinal);
        Assert.Contains("提前退休可选2026年1月8日至2026年5月7日", belowFormerAge.Error, StringComparison.Ordinal);

        var deferredTooEarly = await renshe.SubmitAsync("renshe.approveFlexibleRetirement", Approval(retiree, "3", "2026-05-08"));
        Assert.Contains("不符合弹性延迟退休条件", deferredTooEarly.Error, StringComparison.Ordinal);

        var early = await renshe.SubmitAsync("renshe.approveFlexibleRetirement", Approval(retiree, "2", "2026-01-08"), Samples.UniqueKey("tx"));
        Assert.True(early.Accepted, early.Error);
        Assert.Equal("2026-02", early.Output("pensionStartMonth"));
        Assert.Contains("已办理退休审批", (await renshe.SubmitAsync("renshe.approveFlexibleRetirement", Approval(retiree, "2", "2026-01-08"))).Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EarlyRetirement_NeedsItsGroundsAndYears_ThenTheApprovalNeedsTheConfirmation()
    {
        using var renshe = await f.LoggedInAsync("renshe");
        var retiree = f.Retiree("male", 3);
        var values = new Dictionary<string, string> { ["idNumber"] = retiree.IdNumber, ["name"] = retiree.Name, ["sex"] = "1" };
        Assert.False((await renshe.SubmitAsync("renshe.confirmEarlyRetirement", values)).Accepted);

        values["grounds"] = "1";
        Assert.Contains("须申报从事特殊工种累计年限", (await renshe.SubmitAsync("renshe.confirmEarlyRetirement", values)).Error, StringComparison.Ordinal);
        values["specialWorkYears"] = "8";
        Assert.Contains("不足10年，不符合特殊工种提前退休条件", (await renshe.SubmitAsync("renshe.confirmEarlyRetirement", values)).Error, StringComparison.Ordinal);

        Assert.Contains("未查询到该职工的提前退休审核信息", (await renshe.SubmitAsync("renshe.approveFlexibleRetirement", Approval(retiree, "4", earlyNo: "TQTX202511000001"))).Error, StringComparison.Ordinal);

        values["specialWorkYears"] = "12";
        var confirmed = await renshe.SubmitAsync("renshe.confirmEarlyRetirement", values, Samples.UniqueKey("tq"));
        Assert.True(confirmed.Accepted, confirmed.Error);
        var approved = await renshe.SubmitAsync("renshe.approveFlexibleRetirement", Approval(retiree, "4", earlyNo: confirmed.Output("earlyRetirementNo")), Samples.UniqueKey("tx"));
        Assert.True(approved.Accepted, approved.Error);

        // Disability: the appraisal of the working capacity is what 人社 asks for.
        var woman = f.Retiree("female-worker", 0);
        var disability = new Dictionary<string, string> { ["idNumber"] = woman.IdNumber, ["name"] = woman.Name, ["sex"] = "2", ["grounds"] = "2" };
        Assert.Contains("劳动能力鉴定结论书编号", (await renshe.SubmitAsync("renshe.confirmEarlyRetirement", disability)).Error, StringComparison.Ordinal);
        disability["appraisalNo"] = "LDNL2025-0031";
        Assert.True((await renshe.SubmitAsync("renshe.confirmEarlyRetirement", disability)).Accepted);
    }

    [Fact]
    public async Task ProvidentFund_IsFrozenThenWithdrawn_AWithdrawalOfAnUnfrozenAccountIsRefused()
    {
        var retiree = f.Retiree("female-cadre", 0);
        using var renshe = await f.LoggedInAsync("renshe");
        var approval = await renshe.SubmitAsync("renshe.approveFlexibleRetirement", Approval(retiree, "1"), Samples.UniqueKey("tx"));
        Assert.True(approval.Accepted, approval.Error);
        var approvalNo = approval.Output("retirementApprovalNo");

        using var gongjijin = await f.LoggedInAsync("gongjijin");
        var withdrawal = new Dictionary<string, string>
        {
            ["idNumber"] = retiree.IdNumber, ["name"] = retiree.Name, ["retirementApprovalNo"] = approvalNo, ["freezeNo"] = "FC20251120000001",
            ["bankCardNo"] = retiree.Retirement!.BankCardNo, ["bankName"] = retiree.Retirement.BankName,
        };
        Assert.Contains("未办理封存", (await gongjijin.SubmitAsync("gongjijin.withdrawOnRetirement", withdrawal)).Error, StringComparison.Ordinal);

        var freezeValues = new Dictionary<string, string> { ["idNumber"] = retiree.IdNumber, ["name"] = retiree.Name, ["retirementApprovalNo"] = approvalNo };
        var freeze = await gongjijin.SubmitAsync("gongjijin.freezeOnRetirement", freezeValues, Samples.UniqueKey("fc"));
        Assert.True(freeze.Accepted, freeze.Error);
        Assert.Contains("不能办理封存", (await gongjijin.SubmitAsync("gongjijin.freezeOnRetirement", freezeValues)).Error, StringComparison.Ordinal);

        withdrawal["freezeNo"] = freeze.Output("freezeNo");
        var paid = await gongjijin.SubmitAsync("gongjijin.withdrawOnRetirement", withdrawal, Samples.UniqueKey("tq"));
        Assert.True(paid.Accepted, paid.Error);
        Assert.Equal(retiree.Retirement.ProvidentFundBalance.ToString("0.00", CultureInfo.InvariantCulture), paid.Output("amount"));
        Assert.Contains("已销户", (await gongjijin.SubmitAsync("gongjijin.withdrawOnRetirement", withdrawal)).Error, StringComparison.Ordinal);

        // 医保 and 卫健 take version 2's approval number like version 1's.
        using var yibao = await f.LoggedInAsync("yibao");
        var enrol = await yibao.SubmitAsync("yibao.enrolRetiree", new Dictionary<string, string>
        {
            ["idNumber"] = retiree.IdNumber, ["name"] = retiree.Name, ["retirementApprovalNo"] = approvalNo, ["phone"] = retiree.Phone,
        }, Samples.UniqueKey("yb"));
        Assert.True(enrol.Accepted, enrol.Error);
    }
}
