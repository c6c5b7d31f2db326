using System.Globalization;
using RpaRunner.Sandbox.Register;
using RpaRunner.Sandbox.Tests.Infrastructure;

namespace RpaRunner.Sandbox.Tests.Systems;

/// <summary>“身后”: 卫健's death certificate, then 民政 火化 and 公安 户口注销; 交警 and the benefit offices only after the 户口注销.</summary>
public class AfterDeathBundleTests(SandboxFixture f) : IClassFixture<SandboxFixture>
{
    private SeedPerson Deceased(int index) => f.Host.Population.WithRole("retiree").OrderByDescending(p => p.IdNumber, StringComparer.Ordinal).ElementAt(index);

    private SeedPerson Relative => f.Host.Population.WithRole("mother").First();

    private static string Ago(int days) => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).AddDays(-days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private async Task<string> DeathCertificateAsync(SeedPerson person, string deathDate)
    {
        using var weijian = await f.LoggedInAsync("weijian");
        var page = await weijian.SubmitAsync("weijian.issueDeathCertificate", new Dictionary<string, string>
        {
            ["idNumber"] = person.IdNumber, ["name"] = person.Name, ["sex"] = person.Sex, ["deathDate"] = deathDate, ["deathPlace"] = "长沙市第一医院",
            ["informantName"] = Relative.Name, ["informantIdNumber"] = Relative.IdNumber,
        }, Samples.UniqueKey("deathCertificate"));
        Assert.True(page.Accepted, page.Error);
        return page.Output("deathCertificateNo");
    }

    private Dictionary<string, string> Benefit(SeedPerson person, string householdCancellationNo) => new()
    {
        ["idNumber"] = person.IdNumber, ["name"] = person.Name, ["deathDate"] = Ago(3), ["householdCancellationNo"] = householdCancellationNo,
        ["heirName"] = Relative.Name, ["heirIdNumber"] = Relative.IdNumber, ["relation"] = "20", ["bankCardNo"] = "6222020200112233446", ["bankName"] = "中国工商银行长沙分行",
    };

    [Fact]
    public async Task WholeBundle_EachOfficeActsOnTheOneBefore_Once()
    {
        var person = Deceased(0);
        var certificateNo = await DeathCertificateAsync(person, Ago(3));

        using var minzheng = await f.LoggedInAsync("minzheng");
        var cremation = new Dictionary<string, string>
        {
            ["idNumber"] = person.IdNumber, ["name"] = person.Name, ["sex"] = person.Sex, ["deathDate"] = Ago(3), ["deathCertificateNo"] = certificateNo,
            ["applicantName"] = Relative.Name, ["applicantPhone"] = Relative.Phone,
        };
        var cremated = await minzheng.SubmitAsync("minzheng.issueCremationCertificate", cremation, Samples.UniqueKey("cremation"));
        Assert.True(cremated.Accepted, cremated.Error);
        Assert.Contains("不得重复出具", (await minzheng.SubmitAsync("minzheng.issueCremationCertificate", cremation)).Error, StringComparison.Ordinal);

        using var jiaojing = await f.LoggedInAsync("jiaojing");
        var licence = new Dictionary<string, string>
        {
            ["idNumber"] = person.IdNumber, ["name"] = person.Name, ["licenceFileNo"] = "430100123456", ["deathDate"] = Ago(3), ["householdCancellationNo"] = "HZX2026010100001",
        };
        Assert.Contains("未查询到该驾驶人的死亡户口注销信息", (await jiaojing.SubmitAsync("jiaojing.cancelDrivingLicence", licence)).Error, StringComparison.Ordinal);

        using var gongan = await f.LoggedInAsync("gongan");
        var cancelled = await gongan.SubmitAsync("gongan.cancelHouseholdOnDeath", new Dictionary<string, string>
        {
            ["idNumber"] = person.IdNumber, ["name"] = person.Name, ["deathDate"] = Ago(3), ["deathCertificateNo"] = certificateNo,
            ["applicantName"] = Relative.Name, ["applicantIdNumber"] = Relative.IdNumber, ["relation"] = "20",
        }, Samples.UniqueKey("householdCancellation"));
        Assert.True(cancelled.Accepted, cancelled.Error);
        var cancellationNo = cancelled.Output("householdCancellationNo");

        licence["householdCancellationNo"] = cancellationNo;
        var licenceCancelled = await jiaojing.SubmitAsync("jiaojing.cancelDrivingLicence", licence, Samples.UniqueKey("drivingLicence"));
        Assert.True(licenceCancelled.Accepted, licenceCancelled.Error);
        Assert.Contains("该驾驶证已注销", (await jiaojing.SubmitAsync("jiaojing.cancelDrivingLicence", licence)).Error, StringComparison.Ordinal);

        foreach (var (system, action) in new[] { ("yibao", "yibao.withdrawAccountOnDeath"), ("renshe", "renshe.claimPensionAccountOnDeath"), ("renshe", "renshe.claimSurvivorBenefit"), ("gongjijin", "gongjijin.withdrawOnDeath") })
        {
            using var client = await f.LoggedInAsync(system);
            var paid = await client.SubmitAsync(action, Benefit(person, cancellationNo), Samples.UniqueKey(action));
            Assert.True(paid.Accepted, $"{action}: {paid.Error}");
            Assert.True(decimal.Parse(paid.Output("amount"), CultureInfo.InvariantCulture) > 0, action);
            Assert.Contains("不得重复申领", (await client.SubmitAsync(action, Benefit(person, cancellationNo))).Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task BeforeTheHouseholdIsCancelled_NoBenefitIsPaid_AndADeathBeforeBirthIsRefused()
    {
        var person = Deceased(1);
        using var renshe = await f.LoggedInAsync("renshe");
        Assert.Contains("请先办理户口注销", (await renshe.SubmitAsync("renshe.claimSurvivorBenefit", Benefit(person, "HZX2026010100001"))).Error, StringComparison.Ordinal);

        using var weijian = await f.LoggedInAsync("weijian");
        var birth = DateOnly.ParseExact(person.BirthDate, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var page = await weijian.SubmitAsync("weijian.issueDeathCertificate", new Dictionary<string, string>
        {
            ["idNumber"] = person.IdNumber, ["name"] = person.Name, ["sex"] = person.Sex, ["deathDate"] = birth.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["deathPlace"] = "长沙市第一医院", ["informantName"] = Relative.Name, ["informantIdNumber"] = Relative.IdNumber,
        });
        Assert.Contains("不能早于出生日期", page.Error, StringComparison.Ordinal);
    }
}
