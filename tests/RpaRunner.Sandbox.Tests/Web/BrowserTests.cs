using System.Text.RegularExpressions;
using Microsoft.Playwright;
using RpaRunner.Sandbox.Tests.Infrastructure;

namespace RpaRunner.Sandbox.Tests.Web;

/// <summary>A person (or a web bot) in real Chromium: menus, iframes, calendar, confirm modal, pop-up, v2 layout.</summary>
public class BrowserTests(BrowserFixture b) : IClassFixture<BrowserFixture>, IDisposable
{
    private SandboxFixture F => b.Sandbox;

    public void Dispose()
    {
        F.Host.Runtime.Quirks.ResetAll();
        GC.SuppressFinalize(this);
    }

    internal static async Task LoginAsync(IPage page, Uri baseUrl, string user, string password)
    {
        await page.GotoAsync(new Uri(baseUrl, "login").ToString());
        await page.GetByLabel("用户名", new() { Exact = true }).FillAsync(user);
        await page.GetByLabel("密码", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/(main|home)$"));
    }

    /// <summary>Picks a date the way a person does: open the calendar, choose year and month, click the day.</summary>
    internal static async Task PickDateAsync(IFrameLocator frame, string label, int year, int month, int day)
    {
        await frame.GetByLabel(label, new() { Exact = true }).ClickAsync();
        var picker = frame.GetByRole(AriaRole.Dialog, new() { Name = "日期选择" });
        await picker.GetByLabel("年").SelectOptionAsync(year.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await picker.GetByLabel("月").SelectOptionAsync((month - 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await picker.GetByRole(AriaRole.Link, new() { Name = day.ToString(System.Globalization.CultureInfo.InvariantCulture), Exact = true }).ClickAsync();
    }

    [Fact]
    public async Task BirthCertificate_ByHand_ThroughMenuIframeCalendarAndConfirmModal()
    {
        var page = await b.NewPageAsync();
        var weijian = F.Host["weijian"];
        await LoginAsync(page, weijian.BaseUrl, weijian.RobotUsername, weijian.RobotPassword);

        var item = page.GetByRole(AriaRole.Link, new() { Name = "出生医学证明签发" });
        Assert.False(await item.IsVisibleAsync());
        await page.GetByRole(AriaRole.Link, new() { Name = "出生医学证明管理" }).ClickAsync();
        await item.ClickAsync();

        var frame = page.FrameLocator("iframe[name=work]");
        var mother = Samples.Mother(F, 11);
        await frame.GetByLabel("综窗受理编号").FillAsync("CASE-BROWSER:birth");
        await frame.GetByLabel("新生儿姓名").FillAsync("浏览器宝宝");
        await frame.GetByLabel("新生儿性别").SelectOptionAsync(new SelectOptionValue { Label = "女" });
        await PickDateAsync(frame, "出生日期", 2026, 10, 8);
        Assert.Equal("2026-10-08", await frame.GetByLabel("出生日期").InputValueAsync());
        await frame.GetByLabel("出生地点").FillAsync("湖南省妇幼保健院");
        await frame.GetByRole(AriaRole.Button, new() { Name = "下一步" }).ClickAsync();

        await frame.GetByLabel("母亲姓名").FillAsync("错误姓名");
        await frame.GetByLabel("母亲身份证号码").FillAsync(mother.IdNumber);
        await frame.GetByRole(AriaRole.Button, new() { Name = "提交" }).ClickAsync();
        await frame.GetByRole(AriaRole.Dialog, new() { Name = "信息确认" }).GetByRole(AriaRole.Button, new() { Name = "确定" }).ClickAsync();
        await Microsoft.Playwright.Assertions.Expect(frame.GetByRole(AriaRole.Alert)).ToContainTextAsync("姓名与公民身份号码不一致");

        await frame.GetByLabel("母亲姓名").FillAsync(mother.Name);
        await frame.GetByRole(AriaRole.Button, new() { Name = "提交" }).ClickAsync();
        await frame.GetByRole(AriaRole.Button, new() { Name = "确定" }).ClickAsync();
        await Microsoft.Playwright.Assertions.Expect(frame.GetByRole(AriaRole.Status)).ToHaveTextAsync("办理成功");
        var number = await frame.Locator("xpath=//th[normalize-space(.)='出生医学证明编号']/following-sibling::td[1]").InnerTextAsync();
        Assert.Matches("^[A-Z][0-9]{9}$", number);

        // Search-before-create finds the same record by 综窗受理编号.
        await page.GetByRole(AriaRole.Link, new() { Name = "综合查询" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "业务查询" }).ClickAsync();
        await frame.GetByLabel("综窗受理编号").FillAsync("CASE-BROWSER:birth");
        await frame.GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();
        await Microsoft.Playwright.Assertions.Expect(frame.GetByRole(AriaRole.Status)).ToHaveTextAsync("共查询到 1 条记录");
        await frame.GetByRole(AriaRole.Link, new() { Name = "查看" }).ClickAsync();
        Assert.Equal(number, await frame.Locator("xpath=//th[normalize-space(.)='出生医学证明编号']/following-sibling::td[1]").InnerTextAsync());
    }

    [Fact]
    public async Task LayoutV2_SameLabelsStillWork_AfterClosingTheAnnouncement()
    {
        var (_, childId, _) = await Samples.NewbornAsync(F, 0, "二版浏览器", sex: "1", birthDate: "2026-10-05");
        F.Host.SetQuirks("yibao", q => { q.LayoutVersion = 2; q.AnnouncementRate = 1; });
        var page = await b.NewPageAsync();
        var yibao = F.Host["yibao"];
        await LoginAsync(page, yibao.BaseUrl, yibao.RobotUsername, yibao.RobotPassword);

        var notice = page.GetByRole(AriaRole.Dialog, new() { Name = "系统公告" });
        await Microsoft.Playwright.Assertions.Expect(notice).ToBeVisibleAsync();
        var menu = page.GetByRole(AriaRole.Link, new() { Name = "参保登记" });
        await Assert.ThrowsAsync<TimeoutException>(() => menu.ClickAsync(new() { Timeout = 1500 }));
        await notice.GetByRole(AriaRole.Button, new() { Name = "我已阅读" }).ClickAsync();
        F.Host.SetQuirks("yibao", q => { q.LayoutVersion = 2; q.AnnouncementRate = 0; });

        await menu.ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "城乡居民参保登记" }).ClickAsync();
        var frame = page.FrameLocator("iframe[name=mainFrame]");
        Assert.StartsWith("ctl00_cph_txt", await frame.GetByLabel("公民身份号码").GetAttributeAsync("id"), StringComparison.Ordinal);
        await frame.GetByLabel("公民身份号码").FillAsync(childId);
        await frame.GetByLabel("姓名", new() { Exact = true }).FillAsync("二版浏览器");
        await frame.GetByLabel("性别").SelectOptionAsync(new SelectOptionValue { Label = "男" });
        await PickDateAsync(frame, "出生日期", 2026, 10, 5);
        await frame.GetByRole(AriaRole.Button, new() { Name = "下一步" }).ClickAsync();
        await frame.GetByLabel("居住地址").FillAsync("长沙市开福区湘江中路1号");
        await frame.GetByLabel("联系电话").FillAsync("13912345678");
        await frame.GetByRole(AriaRole.Button, new() { Name = "提交" }).ClickAsync();
        await frame.GetByRole(AriaRole.Button, new() { Name = "确定" }).ClickAsync();
        await Microsoft.Playwright.Assertions.Expect(frame.GetByRole(AriaRole.Status)).ToHaveTextAsync("办理成功");
        Assert.Matches("^4301[0-9]{10}$", await frame.Locator("xpath=//dt[normalize-space(.)='医保个人编号']/following-sibling::dd[1]").InnerTextAsync());
    }

    /// <summary>Fills an action's form page by page through its visible labels, submits, confirms, and reads the outputs.</summary>
    private async Task<Dictionary<string, string>> CompleteByHandAsync(IPage page, string systemId, string actionId, Dictionary<string, string> values, string externalNo)
    {
        var system = F.Host[systemId];
        var action = F.Host.Runtime.System(systemId).FindAction(actionId)!;
        await page.GotoAsync(new Uri(system.BaseUrl, "main").ToString());
        await page.GetByRole(AriaRole.Link, new() { Name = action.MenuGroup, Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = action.Title, Exact = true }).ClickAsync();
        var frame = page.FrameLocator("iframe[name=work]");
        await frame.GetByLabel("综窗受理编号").FillAsync(externalNo);
        foreach (var formPage in action.Pages)
        {
            foreach (var field in formPage.Fields.Select(action.Field))
            {
                if (!values.TryGetValue(field.Name, out var value) || value.Length == 0)
                {
                    continue;
                }

                switch (field.Kind)
                {
                    case RpaRunner.Sandbox.Systems.FieldKind.Code:
                        await frame.GetByLabel(field.Label, new() { Exact = true }).SelectOptionAsync(value);
                        break;
                    case RpaRunner.Sandbox.Systems.FieldKind.MultiCode:
                        foreach (var code in value.Split(','))
                        {
                            await frame.GetByLabel(field.Options!.First(o => o.Code == code).Label, new() { Exact = true }).CheckAsync();
                        }

                        break;
                    case RpaRunner.Sandbox.Systems.FieldKind.Date:
                        var d = DateOnly.ParseExact(value, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
                        await PickDateAsync(frame, field.Label, d.Year, d.Month, d.Day);
                        break;
                    default:
                        await frame.GetByLabel(field.Label, new() { Exact = true }).FillAsync(value);
                        break;
                }
            }

            var next = frame.GetByRole(AriaRole.Button, new() { Name = "下一步" });
            if (await next.CountAsync() > 0)
            {
                await next.ClickAsync();
            }
        }

        await frame.GetByRole(AriaRole.Button, new() { Name = "提交" }).ClickAsync();
        await frame.GetByRole(AriaRole.Dialog, new() { Name = "信息确认" }).GetByRole(AriaRole.Button, new() { Name = "确定" }).ClickAsync();
        await Microsoft.Playwright.Assertions.Expect(frame.GetByRole(AriaRole.Status)).ToHaveTextAsync("办理成功");
        var outputs = new Dictionary<string, string>();
        foreach (var output in action.Outputs)
        {
            outputs[output.Name] = await frame.Locator($"xpath=//th[normalize-space(.)='{output.Label}']/following-sibling::td[1]").InnerTextAsync();
        }

        return outputs;
    }

    [Fact]
    public async Task CompanySetupBundle_ByHand_InEveryDepartmentSystem()
    {
        var rep = Samples.LegalRep(F, 1);
        const string company = "长沙浏览器手工办理科技有限公司";
        var page = await b.NewPageAsync();
        foreach (var id in new[] { "shichang", "gongan", "shuiwu", "renshe", "gongjijin" })
        {
            await LoginAsync(page, F.Host[id].BaseUrl, F.Host[id].RobotUsername, F.Host[id].RobotPassword);
        }

        var registered = await CompleteByHandAsync(page, "shichang", "registerEnterprise", Samples.Enterprise(rep, company), "CASE-HAND:enterprise");
        var creditCode = registered["creditCode"];
        Assert.True(RpaRunner.Sandbox.Identifiers.CreditCode.IsValid(creditCode), creditCode);

        var seal = await CompleteByHandAsync(page, "gongan", "fileSealEngraving", new Dictionary<string, string>
        {
            ["creditCode"] = creditCode, ["companyName"] = company, ["legalRepName"] = rep.Name, ["legalRepIdNumber"] = rep.IdNumber, ["sealTypes"] = "01,02,03",
        }, "CASE-HAND:seal");
        Assert.StartsWith("YZBA", seal["sealFilingNo"], StringComparison.Ordinal);

        var tax = await CompleteByHandAsync(page, "shuiwu", "setupTaxpayerAndInvoices", Samples.Taxpayer(creditCode, company, rep), "CASE-HAND:tax");
        Assert.Equal(creditCode, tax["taxpayerNo"]);

        var employer = await CompleteByHandAsync(page, "renshe", "registerEmployer", new Dictionary<string, string>
        {
            ["creditCode"] = creditCode, ["companyName"] = company, ["address"] = "长沙市岳麓区麓谷大道627号", ["legalRepName"] = rep.Name, ["contactPhone"] = "13812345678",
        }, "CASE-HAND:employer");
        Assert.NotEmpty(employer["employerSocialInsuranceNo"]);

        var account = await CompleteByHandAsync(page, "gongjijin", "openEmployerAccount", new Dictionary<string, string>
        {
            ["creditCode"] = creditCode, ["companyName"] = company, ["address"] = "长沙市岳麓区麓谷大道627号", ["contactName"] = rep.Name, ["contactPhone"] = "13812345678",
        }, "CASE-HAND:account");
        Assert.Matches("^430100[0-9]{6}$", account["employerAccountNo"]);
    }

    [Fact]
    public async Task MainForms_RenderInChromium_AndAreCapturedForTheDocs()
    {
        // SANDBOX_SCREENSHOTS=docs/sandbox writes the PNGs there; otherwise into a temporary folder.
        var target = Environment.GetEnvironmentVariable("SANDBOX_SCREENSHOTS") ?? Path.Combine(Path.GetTempPath(), "sandbox-screens-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(target);
        foreach (var system in F.Host.Systems.Where(s => s.Kind == "web"))
        {
            F.Host.SetQuirks(system.Id, q => { q.Iframes = false; q.Menus = false; });
            var page = await b.NewPageAsync();
            await LoginAsync(page, system.BaseUrl, system.RobotUsername, system.RobotPassword);
            var action = F.Host.Runtime.System(system.Id).Actions[0];
            await page.GotoAsync(system.FormUrl(action.Id).ToString());
            await Microsoft.Playwright.Assertions.Expect(page.GetByLabel(action.Fields[0].Label, new() { Exact = true })).ToBeVisibleAsync();
            var file = Path.Combine(target, $"{system.Id}-{action.Key}.png");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = file });
            Assert.True(new FileInfo(file).Length > 10_000);
            await page.Context.CloseAsync();
        }

        // The redesigned layout of the same form: other ids and structure, the same labels.
        F.Host.SetQuirks("yibao", q => { q.LayoutVersion = 2; q.Iframes = false; q.Menus = false; });
        var v2 = await b.NewPageAsync();
        var yibao = F.Host["yibao"];
        await LoginAsync(v2, yibao.BaseUrl, yibao.RobotUsername, yibao.RobotPassword);
        await v2.GotoAsync(yibao.FormUrl("yibao.enrolResident").ToString());
        await Microsoft.Playwright.Assertions.Expect(v2.GetByLabel("公民身份号码")).ToBeVisibleAsync();
        await v2.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(target, "yibao-enrolResident-v2.png") });
        await v2.Context.CloseAsync();
    }
}
