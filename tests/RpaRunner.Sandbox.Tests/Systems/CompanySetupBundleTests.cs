using RpaRunner.Sandbox.Identifiers;
using RpaRunner.Sandbox.Tests.Infrastructure;

namespace RpaRunner.Sandbox.Tests.Systems;

/// <summary>市场监管 first, then 公安 seals, 税务, 人社 and 公积金 on the issued credit code.</summary>
public class CompanySetupBundleTests(SandboxFixture f) : IClassFixture<SandboxFixture>
{
    [Fact]
    public async Task WholeBundle_CreditCodeIsValidAndUsableEverywhere()
    {
        var rep = Samples.LegalRep(f, 0);
        var (creditCode, registrationNo) = await Samples.EnterpriseAsync(f, rep, "长沙星辰数据科技有限公司");
        Assert.True(CreditCode.IsValid(creditCode), creditCode);
        Assert.StartsWith("91430100", creditCode, StringComparison.Ordinal);
        Assert.True(RegistrationNumber.IsValid(registrationNo), registrationNo);

        using var gongan = await f.LoggedInAsync("gongan");
        var seal = await gongan.SubmitAsync("gongan.fileSealEngraving", new Dictionary<string, string>
        {
            ["creditCode"] = creditCode, ["companyName"] = "长沙星辰数据科技有限公司", ["legalRepName"] = rep.Name, ["legalRepIdNumber"] = rep.IdNumber,
            ["sealTypes"] = "01,02,发票专用章",
        }, Samples.UniqueKey("seal"));
        Assert.True(seal.Accepted, seal.Error);

        using var shuiwu = await f.LoggedInAsync("shuiwu");
        var tax = Samples.Taxpayer(creditCode, "长沙星辰数据科技有限公司", rep, creditLimit: "2000000");
        Assert.Contains("初始授信额度", (await shuiwu.SubmitAsync("shuiwu.setupTaxpayerAndInvoices", tax)).Error, StringComparison.Ordinal);
        tax["creditLimit"] = "300000";
        var taxpayer = await shuiwu.SubmitAsync("shuiwu.setupTaxpayerAndInvoices", tax, Samples.UniqueKey("tax"));
        Assert.True(taxpayer.Accepted, taxpayer.Error);
        Assert.Equal(creditCode, taxpayer.Output("taxpayerNo"));

        using var renshe = await f.LoggedInAsync("renshe");
        var employer = await renshe.SubmitAsync("renshe.registerEmployer", new Dictionary<string, string>
        {
            ["creditCode"] = creditCode, ["companyName"] = "长沙星辰数据科技有限公司", ["address"] = "长沙市岳麓区", ["legalRepName"] = rep.Name, ["contactPhone"] = "0731-88889999",
        }, Samples.UniqueKey("employer"));
        Assert.True(employer.Accepted, employer.Error);

        using var gongjijin = await f.LoggedInAsync("gongjijin");
        var account = new Dictionary<string, string>
        {
            ["creditCode"] = creditCode, ["companyName"] = "长沙星辰数据科技有限公司", ["address"] = "长沙市岳麓区", ["contactName"] = rep.Name, ["contactPhone"] = "13812345678",
        };
        var opened = await gongjijin.SubmitAsync("gongjijin.openEmployerAccount", account, Samples.UniqueKey("gjj"));
        Assert.True(opened.Accepted, opened.Error);
        Assert.Contains("已开立", (await gongjijin.SubmitAsync("gongjijin.openEmployerAccount", account)).Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("中国长沙宏大实业有限公司", "限制性用语")]
    [InlineData("长沙宏大实业股份公司", "组织形式与企业类型不符")]
    [InlineData("宏大", "企业名称过短")]
    public async Task Shichang_NameCheckRejects(string name, string expected)
    {
        using var shichang = await f.LoggedInAsync("shichang");
        var page = await shichang.SubmitAsync("shichang.registerEnterprise", Samples.Enterprise(Samples.LegalRep(f, 1), name));
        Assert.Contains(expected, page.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shichang_RejectsTakenNamesMinorsAndPermitOnlyScope()
    {
        var rep = Samples.LegalRep(f, 2);
        await Samples.EnterpriseAsync(f, rep, "长沙麓谷云端网络有限公司");
        using var shichang = await f.LoggedInAsync("shichang");
        Assert.Contains("已被占用", (await shichang.SubmitAsync("shichang.registerEnterprise", Samples.Enterprise(rep, "长沙麓谷云端网络有限公司"))).Error, StringComparison.Ordinal);

        var minor = f.Host.Population.WithRole("minor").First();
        Assert.Contains("年满18周岁", (await shichang.SubmitAsync("shichang.registerEnterprise", Samples.Enterprise(minor, "长沙少年创客科技有限公司"))).Error, StringComparison.Ordinal);

        var scope = Samples.Enterprise(rep, "长沙湘信金融服务有限公司");
        scope["businessScope"] = "1040101,3010101";
        Assert.Contains("“吸收公众存款”属于前置许可", (await shichang.SubmitAsync("shichang.registerEnterprise", scope)).Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shichang_ServesItsScopeCatalogue_AndRefusesItemsOutsideIt()
    {
        using var shichang = await f.LoggedInAsync("shichang");
        var catalogue = await shichang.GetAsync("catalogue/business-scope");
        Assert.Contains("\"code\":\"1040101\"", catalogue.Html, StringComparison.Ordinal);

        var form = Samples.Enterprise(Samples.LegalRep(f, 5), "长沙目录外经营科技有限公司");
        form["businessScope"] = "1040101,9990001";
        Assert.Contains("“9990001”不在经营范围规范表述目录中", (await shichang.SubmitAsync("shichang.registerEnterprise", form)).Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shichang_HoldsSubscriptionsToTheCapital_AndPaidInToFiveYears()
    {
        using var shichang = await f.LoggedInAsync("shichang");
        var form = Samples.Enterprise(Samples.LegalRep(f, 5), "长沙认缴出资检验科技有限公司");
        form["shareholder1Capital"] = "80";
        Assert.Contains("与注册资本（100万元）不一致", (await shichang.SubmitAsync("shichang.registerEnterprise", form)).Error, StringComparison.Ordinal);

        form["shareholder1Capital"] = "100";
        form["shareholder1PaidInDate"] = Samples.Today.AddYears(5).AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("超过自公司成立之日起5年", (await shichang.SubmitAsync("shichang.registerEnterprise", form)).Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shichang_RefusesTheLegalRepresentativeAsSupervisor()
    {
        using var shichang = await f.LoggedInAsync("shichang");
        var rep = Samples.LegalRep(f, 5);
        var form = Samples.Enterprise(rep, "长沙监事兼任检验科技有限公司");
        form["supervisorName"] = rep.Name;
        form["supervisorIdNumber"] = rep.IdNumber;
        Assert.Contains("不得兼任监事", (await shichang.SubmitAsync("shichang.registerEnterprise", form)).Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shuiwu_WithTheFaceCheckOn_HoldsTheRobotsSetupForAPerson()
    {
        var rep = Samples.LegalRep(f, 0);
        var (creditCode, _) = await Samples.EnterpriseAsync(f, rep, "长沙刷脸核验科技有限公司");
        using var shuiwu = await f.LoggedInAsync("shuiwu");
        f.Host.SetQuirks("shuiwu", q => q.FaceCheck = true);
        try
        {
            var held = await shuiwu.SubmitAsync("shuiwu.setupTaxpayerAndInvoices", Samples.Taxpayer(creditCode, "长沙刷脸核验科技有限公司", rep));
            Assert.Contains("需法定代表人人脸识别", held.Error, StringComparison.Ordinal);
        }
        finally
        {
            f.Host.SetQuirks("shuiwu", q => q.FaceCheck = false);
        }

        Assert.True((await shuiwu.SubmitAsync("shuiwu.setupTaxpayerAndInvoices", Samples.Taxpayer(creditCode, "长沙刷脸核验科技有限公司", rep))).Accepted);
    }

    [Fact]
    public async Task Shichang_NameCheckRunsWhenTheFirstPageIsLeft()
    {
        using var shichang = await f.LoggedInAsync("shichang");
        var form = Samples.Enterprise(Samples.LegalRep(f, 3), "国家长沙测试有限公司");
        var page = await shichang.SubmitAsync("shichang.registerEnterprise", form, nav: "next", page: 0);
        Assert.Contains("限制性用语", page.Error, StringComparison.Ordinal);
        Assert.Contains("name=\"__page\" value=\"0\"", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Departments_RejectAnUnregisteredCreditCodeAndWrongLegalRep()
    {
        var unregistered = CreditCode.Compose("430100", "MA4YYYYY");
        using var gongan = await f.LoggedInAsync("gongan");
        var rep = Samples.LegalRep(f, 4);
        var page = await gongan.SubmitAsync("gongan.fileSealEngraving", new Dictionary<string, string>
        {
            ["creditCode"] = unregistered, ["companyName"] = "长沙未登记有限公司", ["legalRepName"] = rep.Name, ["legalRepIdNumber"] = rep.IdNumber, ["sealTypes"] = "01",
        });
        Assert.Contains("请先办理企业设立登记", page.Error, StringComparison.Ordinal);

        var (creditCode, _) = await Samples.EnterpriseAsync(f, rep, "长沙橘洲文化传媒有限公司");
        var other = Samples.LegalRep(f, 5);
        var wrongRep = await gongan.SubmitAsync("gongan.fileSealEngraving", new Dictionary<string, string>
        {
            ["creditCode"] = creditCode, ["companyName"] = "长沙橘洲文化传媒有限公司", ["legalRepName"] = other.Name, ["legalRepIdNumber"] = other.IdNumber, ["sealTypes"] = "01",
        });
        Assert.Contains("法定代表人信息与市场主体登记信息不一致", wrongRep.Error, StringComparison.Ordinal);

        var noOfficialSeal = await gongan.SubmitAsync("gongan.fileSealEngraving", new Dictionary<string, string>
        {
            ["creditCode"] = creditCode, ["companyName"] = "长沙橘洲文化传媒有限公司", ["legalRepName"] = rep.Name, ["legalRepIdNumber"] = rep.IdNumber, ["sealTypes"] = "02",
        });
        Assert.Contains("须包含单位公章", noOfficialSeal.Error, StringComparison.Ordinal);
    }
}
