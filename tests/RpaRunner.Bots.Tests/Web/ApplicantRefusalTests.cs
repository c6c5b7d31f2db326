using RpaRunner.Bots.Runtime;
using RpaRunner.Bots.Scripts;
using RpaRunner.Bots.Web;
using RpaRunner.Workflows.Engine;

namespace RpaRunner.Bots.Tests.Web;

/// <summary>Refusals only the applicant can fix are reported as NeedsApplicant, in real Chromium against the sandbox.</summary>
[Collection(SandboxBotCollection.Name)]
public sealed class ApplicantRefusalTests(SandboxBotFixture fixture)
{
    private static string NewKey(string stepId) => $"CS20261129{Guid.NewGuid().ToString("N")[..6].ToUpperInvariant()}:{stepId}";

    private Dictionary<string, string?> Enterprise(string name)
    {
        var legalRep = fixture.Sandbox.Population.WithRole("legalRep").ElementAt(2);
        var form = new Dictionary<string, string?>()
        {
            ["companyName"] = name, ["companyType"] = "1130", ["registeredCapital"] = "200", ["businessScope"] = "1040101,1040102",
            ["address"] = "湖南省长沙市岳麓区麓谷大道627号", ["legalRepName"] = legalRep.Name, ["legalRepIdNumber"] = legalRep.IdNumber, ["legalRepPhone"] = legalRep.Phone,
        };
        foreach (var (key, value) in fixture.Sandbox.Population.CompanyPeople(legalRep, "200", DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8))))
        {
            form[key] = value;
        }

        return form;
    }

    [Fact]
    public async Task ARestrictedCompanyName_WaitsForTheApplicant_WithTheSystemsMessage_AndEvidence()
    {
        var key = NewKey("registration");
        var step = SandboxBotFixture.Step("shichang.registerEnterprise", key, Enterprise("中国星城宇宙科技有限公司"));
        var context = new BotStepContext(step, "test-worker", _ => Task.CompletedTask);
        var ex = await Assert.ThrowsAsync<ApplicantRefusalException>(() => fixture.Bot.RunAsync(context, CancellationToken.None));
        Assert.Equal(FailureClass.NeedsApplicant, ex.Class);
        Assert.Contains("限制性用语“中国”", ex.Message, StringComparison.Ordinal);
        Assert.Equal("企业名称含有限制性用语", ex.Pattern);
        Assert.True(context.Evidence.ContainsKey("screenshot"));
        Assert.Equal(0, await fixture.CountAsync("shichang", key));
    }

    [Fact]
    public async Task AMotherWhoseNameDoesNotMatchHerId_WaitsForTheApplicant()
    {
        var mother = fixture.Sandbox.Population.WithRole("mother").ElementAt(7);
        var inputs = new Dictionary<string, string?>
        {
            ["childName"] = "核验宝", ["childSex"] = "2", ["birthDate"] = "2026-11-10", ["birthPlace"] = "湖南省妇幼保健院",
            ["motherName"] = mother.Name + "某", ["motherIdNumber"] = mother.IdNumber,
        };
        var context = await fixture.FailAsync<ApplicantRefusalException>("weijian.issueBirthCertificate", NewKey("birthCertificate"), inputs);
        Assert.Contains("log", context.Evidence.Keys);
    }

    [Fact]
    public async Task ARefusalAnOperatorCanFix_StaysABusinessFailure()
    {
        var inputs = Enterprise("长沙星城超限资本科技有限公司");
        inputs["registeredCapital"] = "2000000";
        var ex = await Assert.ThrowsAsync<BusinessRuleException>(() => fixture.Bot.RunAsync(
            new BotStepContext(SandboxBotFixture.Step("shichang.registerEnterprise", NewKey("registration"), inputs), "test-worker", _ => Task.CompletedTask), CancellationToken.None));
        Assert.Equal(FailureClass.Business, ex.Class);
        Assert.Contains("注册资本超出本系统登记范围", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WebTargets_WithAPattern_MatchOnlyWhenTheTextDoes_AndAPatternAloneFindsTheText()
    {
        var browser = await fixture.Browsers.GetAsync(CancellationToken.None);
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var system = fixture.Scripts.FindSystem("weijian")!;
        var driver = new PlaywrightDriver(page, fixture.Sandbox["weijian"].BaseUrl, system, TimeSpan.FromSeconds(5)) { LoggingIn = true };
        await driver.GotoAsync("/login", CancellationToken.None);

        var (title, index) = await driver.ReadAsync([new Target { Css = ".login-title", Pattern = "^用户" }], TimeSpan.FromSeconds(2), CancellationToken.None);
        Assert.Equal(0, index);
        Assert.Equal("用户登录", title);

        var (text, fallback) = await driver.ReadAsync([new Target { Css = ".login-title", Pattern = "^管理员" }, new Target { Pattern = "^用户登录$" }], TimeSpan.FromSeconds(1), CancellationToken.None);
        Assert.Equal(1, fallback);
        Assert.Equal("用户登录", text);

        Assert.Equal(-1, await driver.WaitForAsync([new Target { Role = "button", Name = "登录", Pattern = "^退出" }], TimeSpan.FromMilliseconds(300), CancellationToken.None));
    }
}
