using RpaRunner.Sandbox.Register;
using RpaRunner.Sandbox.Tests.Infrastructure;

namespace RpaRunner.Sandbox.Tests.Systems;

/// <summary>员工录用: 就业登记 first; then 人社 enrolment and card, 人才 file, 医保 and 公积金 accounts for the same employee.</summary>
public class HiringBundleTests(SandboxFixture f) : IClassFixture<SandboxFixture>
{
    private SeedPerson Employee(int index) => f.Host.Population.WithRole("father").OrderBy(p => p.IdNumber, StringComparer.Ordinal).ElementAt(index);

    private SeedEnterprise Employer => f.Host.Population.Enterprises[0];

    private Dictionary<string, string> Employment(SeedPerson person, string hireDate = "2026-11-02") => new()
    {
        ["creditCode"] = Employer.CreditCode, ["companyName"] = Employer.Name, ["idNumber"] = person.IdNumber, ["name"] = person.Name, ["sex"] = person.Sex,
        ["hireDate"] = hireDate, ["contractType"] = "1", ["contractEndDate"] = "2029-11-01", ["monthlyWage"] = "6500",
    };

    [Fact]
    public async Task WholeBundle_EveryDepartmentRecordsTheEmployeeOnce()
    {
        var person = Employee(0);
        using var renshe = await f.LoggedInAsync("renshe");
        var employment = await renshe.SubmitAsync("renshe.registerEmployment", Employment(person), Samples.UniqueKey("employmentRegistration"));
        Assert.True(employment.Accepted, employment.Error);
        var employmentNo = employment.Output("employmentRegistrationNo");
        Assert.StartsWith("JY", employmentNo, StringComparison.Ordinal);
        Assert.Contains("已有就业登记", (await renshe.SubmitAsync("renshe.registerEmployment", Employment(person))).Error, StringComparison.Ordinal);

        var enrolment = new Dictionary<string, string>
        {
            ["creditCode"] = Employer.CreditCode, ["companyName"] = Employer.Name, ["idNumber"] = person.IdNumber, ["name"] = person.Name,
            ["insuredFrom"] = "2026-11-02", ["contributionBase"] = "6500", ["employmentRegistrationNo"] = employmentNo,
        };
        var insured = await renshe.SubmitAsync("renshe.enrolEmployee", enrolment, Samples.UniqueKey("socialInsurance"));
        Assert.True(insured.Accepted, insured.Error);
        var card = await renshe.SubmitAsync("renshe.applyEmployeeCard", new Dictionary<string, string>
        {
            ["idNumber"] = person.IdNumber, ["name"] = person.Name, ["sex"] = person.Sex, ["personalSocialInsuranceNo"] = insured.Output("personalSocialInsuranceNo"),
            ["phone"] = person.Phone, ["mailingAddress"] = person.Address,
        }, Samples.UniqueKey("socialSecurityCard"));
        Assert.True(card.Accepted, card.Error);

        using var rencai = await f.LoggedInAsync("rencai");
        var file = new Dictionary<string, string>
        {
            ["idNumber"] = person.IdNumber, ["name"] = person.Name, ["creditCode"] = Employer.CreditCode, ["companyName"] = Employer.Name, ["previousHolder"] = "湖南大学学生工作部",
        };
        var received = await rencai.SubmitAsync("rencai.receiveArchive", file, Samples.UniqueKey("archive"));
        Assert.True(received.Accepted, received.Error);
        Assert.Contains("不得重复接收", (await rencai.SubmitAsync("rencai.receiveArchive", file)).Error, StringComparison.Ordinal);

        using var yibao = await f.LoggedInAsync("yibao");
        var medical = new Dictionary<string, string>
        {
            ["creditCode"] = Employer.CreditCode, ["companyName"] = Employer.Name, ["idNumber"] = person.IdNumber, ["name"] = person.Name,
            ["insuredFrom"] = "2026-11-02", ["contributionBase"] = "6500", ["phone"] = person.Phone,
        };
        Assert.True((await yibao.SubmitAsync("yibao.enrolEmployee", medical, Samples.UniqueKey("medicalInsurance"))).Accepted);
        Assert.Contains("不得重复参保", (await yibao.SubmitAsync("yibao.enrolEmployee", medical)).Error, StringComparison.Ordinal);

        using var gongjijin = await f.LoggedInAsync("gongjijin");
        var account = new Dictionary<string, string>
        {
            ["creditCode"] = Employer.CreditCode, ["companyName"] = Employer.Name, ["idNumber"] = person.IdNumber, ["name"] = person.Name,
            ["phone"] = person.Phone, ["depositBase"] = "6500", ["depositRate"] = "12%",
        };
        var opened = await gongjijin.SubmitAsync("gongjijin.openPersonalAccount", account, Samples.UniqueKey("housingFund"));
        Assert.True(opened.Accepted, opened.Error);
        Assert.Contains("已有住房公积金个人账户", (await gongjijin.SubmitAsync("gongjijin.openPersonalAccount", account)).Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Renshe_InsuresOnlyAfterTheEmploymentRegistration_AndNeverAnEmployeeUnder16()
    {
        var person = Employee(1);
        using var renshe = await f.LoggedInAsync("renshe");
        var early = await renshe.SubmitAsync("renshe.enrolEmployee", new Dictionary<string, string>
        {
            ["creditCode"] = Employer.CreditCode, ["companyName"] = Employer.Name, ["idNumber"] = person.IdNumber, ["name"] = person.Name,
            ["insuredFrom"] = "2026-11-02", ["contributionBase"] = "6500", ["employmentRegistrationNo"] = "JY20261102000001",
        });
        Assert.Contains("请先办理就业登记", early.Error, StringComparison.Ordinal);

        var fifteen = DateOnly.ParseExact(person.BirthDate, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture).AddYears(15);
        var child = await renshe.SubmitAsync("renshe.registerEmployment", Employment(person, fifteen.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Contains("未满16周岁", child.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rencai_AFileAlreadyKeptByTheCentre_IsNotReceivedAgain()
    {
        var person = Employee(2);
        using var rencai = await f.LoggedInAsync("rencai");
        var page = await rencai.SubmitAsync("rencai.receiveArchive", new Dictionary<string, string>
        {
            ["idNumber"] = person.IdNumber, ["name"] = person.Name, ["creditCode"] = Employer.CreditCode, ["companyName"] = Employer.Name, ["previousHolder"] = "长沙市人才服务中心",
        });
        Assert.Contains("档案已在本中心保管", page.Error, StringComparison.Ordinal);
    }
}
