using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using RpaRunner.Sandbox.Identifiers;
using RpaRunner.Sandbox.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace RpaRunner.Sandbox.Tests.Web;

/// <summary>The 更正 pages by hand in real Chromium: 卫健's search, prefilled form and 更正确认 dialog; 公安's lookup and the 更正申请表 in its iframe.</summary>
public class AmendBrowserTests(BrowserFixture b) : IClassFixture<BrowserFixture>, IDisposable
{
    private SandboxFixture F => b.Sandbox;

    /// <summary>SANDBOX_SCREENSHOTS=/abs/path/docs/sandbox writes the PNGs there; otherwise into a temporary folder.</summary>
    private static readonly string s_screens = Environment.GetEnvironmentVariable("SANDBOX_SCREENSHOTS") ?? Path.Combine(Path.GetTempPath(), "sandbox-screens-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose()
    {
        F.Host.Runtime.Quirks.ResetAll();
        GC.SuppressFinalize(this);
    }

    private async Task<string> ReceiptAsync(string system, string key)
    {
        using var inspection = F.Inspection();
        var records = await inspection.GetFromJsonAsync<JsonElement>($"systems/{system}/records?externalNo={Uri.EscapeDataString(key)}");
        return records[0].GetProperty("receiptNo").GetString()!;
    }

    private async Task<JsonElement> RecordAsync(string system, string key)
    {
        using var inspection = F.Inspection();
        var records = await inspection.GetFromJsonAsync<JsonElement>($"systems/{system}/records?externalNo={Uri.EscapeDataString(key)}");
        Assert.Equal(1, records.GetArrayLength());
        return records[0];
    }

    private static async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(s_screens);
        var file = Path.Combine(s_screens, name);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = true });
        Assert.True(new FileInfo(file).Length > 10_000, file);
    }

    [Fact]
    public async Task Weijian_SearchTheRecord_CorrectThePrefilledForm_WithAReason_AndConfirm()
    {
        var newborn = await Samples.NewbornCaseAsync(F, 6, "浏览器更正");
        var corrected = Samples.Mother(F, 7);
        var weijian = F.Host["weijian"];
        var page = await b.NewPageAsync();
        await BrowserTests.LoginAsync(page, weijian.BaseUrl, weijian.RobotUsername, weijian.RobotPassword);

        await page.GetByRole(AriaRole.Link, new() { Name = "出生医学证明管理" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "出生医学证明更正" }).ClickAsync();
        var frame = page.FrameLocator("iframe[name=work]");
        await frame.GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();
        await Expect(frame.GetByRole(AriaRole.Alert)).ToContainTextAsync("请输入综窗受理编号");
        await frame.GetByLabel("综窗受理编号").FillAsync(newborn.BirthKey);
        await frame.GetByLabel("出生医学证明编号").FillAsync(newborn.CertificateNo);
        await frame.GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();
        await Expect(frame.GetByRole(AriaRole.Status)).ToHaveTextAsync("共查询到 1 条记录");
        await frame.GetByRole(AriaRole.Link, new() { Name = "更正", Exact = true }).ClickAsync();

        // The record comes prefilled; its number cannot be changed.
        Assert.Equal(newborn.Mother.Name, await frame.GetByLabel("母亲姓名").InputValueAsync());
        Assert.Equal(newborn.ChildName, await frame.GetByLabel("新生儿姓名").InputValueAsync());
        Assert.Equal("2026-10-08", await frame.GetByLabel("出生日期").InputValueAsync());
        var number = frame.GetByLabel("出生医学证明编号", new() { Exact = true });
        Assert.Equal(newborn.CertificateNo, await number.InputValueAsync());
        Assert.False(await number.IsEditableAsync());
        await frame.GetByLabel("母亲姓名").FillAsync(corrected.Name);
        await frame.GetByLabel("母亲身份证号码").FillAsync(corrected.IdNumber);

        // No reason: the system refuses, keeping what was typed.
        var dialog = frame.GetByRole(AriaRole.Dialog, new() { Name = "更正确认" });
        await frame.GetByRole(AriaRole.Button, new() { Name = "保存更正" }).ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "确定" }).ClickAsync();
        await Expect(frame.GetByRole(AriaRole.Alert)).ToContainTextAsync("请选择更正原因");
        Assert.Equal(corrected.Name, await frame.GetByLabel("母亲姓名").InputValueAsync());

        // 取消 closes the dialog and sends nothing.
        await frame.GetByLabel("更正原因").SelectOptionAsync(new SelectOptionValue { Label = "父母身份信息有误" });
        await frame.GetByRole(AriaRole.Button, new() { Name = "保存更正" }).ClickAsync();
        await Expect(dialog).ToContainTextAsync("确认提交更正吗");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "取消" }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
        Assert.Equal(1, (await RecordAsync("weijian", newborn.BirthKey)).GetProperty("revision").GetInt32());

        await frame.GetByRole(AriaRole.Button, new() { Name = "保存更正" }).ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "确定" }).ClickAsync();
        await Expect(frame.GetByRole(AriaRole.Status)).ToHaveTextAsync("更正成功");
        Assert.Equal(newborn.CertificateNo, await frame.Locator("xpath=//th[normalize-space(.)='出生医学证明编号']/following-sibling::td[1]").InnerTextAsync());
        Assert.Equal("第2版", await frame.Locator("#out_revision").InnerTextAsync());
        await Expect(frame.Locator("#changeGrid")).ToContainTextAsync(corrected.Name);
        await Expect(frame.Locator("#changeGrid")).ToContainTextAsync(newborn.Mother.Name);

        var record = await RecordAsync("weijian", newborn.BirthKey);
        Assert.Equal(2, record.GetProperty("revision").GetInt32());
        Assert.Equal(corrected.IdNumber, record.GetProperty("inputs").GetProperty("motherIdNumber").GetString());
        Assert.Equal("父母身份信息有误", record.GetProperty("corrections")[0].GetProperty("reason").GetString());

        // Pictures for the docs: the form again (now with its 更正记录) with the dialog open, and the result.
        F.Host.SetQuirks("weijian", q => { q.Iframes = false; q.Menus = false; });
        await page.SetViewportSizeAsync(1280, 1120);
        await page.GotoAsync(new Uri(weijian.BaseUrl, $"biz/amendBirthCertificate/edit/{record.GetProperty("receiptNo").GetString()}").ToString());
        await Expect(page.Locator("#historyGrid")).ToContainTextAsync("第2版");
        await page.GetByLabel("出生地点").FillAsync("湖南省妇幼保健院（产科）");
        await page.GetByLabel("更正原因").SelectOptionAsync("01");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存更正" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Dialog, new() { Name = "更正确认" })).ToBeVisibleAsync();
        await ScreenshotAsync(page, "weijian-amendBirthCertificate.png");
        await page.GetByRole(AriaRole.Button, new() { Name = "确定" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("更正成功");
        Assert.Equal("第3版", await page.Locator("#out_revision").InnerTextAsync());
        await ScreenshotAsync(page, "weijian-amendBirthCertificate-result.png");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Gongan_LookUpByKeyAndIdNumber_ThenTheApplicationInItsIframe_UnlocksOnlyTickedItems()
    {
        var newborn = await Samples.NewbornCaseAsync(F, 8, "公安更正", sex: "1", birthDate: "2026-10-03");
        using (var weijianClient = await F.LoggedInAsync("weijian"))
        {
            // 卫健 corrected the birth date first; 公安 must follow the certificate.
            var birth = newborn.BirthCertificate();
            birth["birthDate"] = "2026-10-04";
            Assert.Contains("更正成功", (await weijianClient.AmendAsync("weijian.amendBirthCertificate", await ReceiptAsync("weijian", newborn.BirthKey), birth)).Html, StringComparison.Ordinal);
        }

        var gongan = F.Host["gongan"];
        var page = await b.NewPageAsync();
        await BrowserTests.LoginAsync(page, gongan.BaseUrl, gongan.RobotUsername, gongan.RobotPassword);
        await page.GetByRole(AriaRole.Link, new() { Name = "户籍管理" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "户口登记项目更正" }).ClickAsync();
        var work = page.FrameLocator("iframe[name=work]");
        await work.GetByLabel("综窗受理编号").FillAsync(newborn.HouseholdKey);
        await work.GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();
        await Expect(work.GetByRole(AriaRole.Alert)).ToContainTextAsync("均须填写");
        await work.GetByLabel("公民身份号码").FillAsync(newborn.ChildId);
        await work.GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();
        await Expect(work.Locator("#gzHjxx")).ToContainTextAsync("公安更正");
        await work.GetByRole(AriaRole.Link, new() { Name = "申请更正" }).ClickAsync();

        var form = work.FrameLocator("iframe[name=gzFrame]");
        var date = form.GetByLabel("出生日期", new() { Exact = true });
        await Expect(date).ToBeDisabledAsync();
        await Expect(form.GetByLabel("出生人姓名")).ToBeDisabledAsync();
        await form.GetByLabel("更正出生日期").CheckAsync();
        await Expect(date).ToBeEnabledAsync();
        await BrowserTests.PickDateAsync(form, "出生日期", 2026, 10, 4);
        Assert.Equal("2026-10-04", await date.InputValueAsync());
        await form.GetByLabel("更正原因").SelectOptionAsync(new SelectOptionValue { Label = "出生医学证明信息更正" });
        var submit = form.GetByRole(AriaRole.Button, new() { Name = "提交更正申请" });
        await Expect(submit).ToBeDisabledAsync();
        await form.GetByLabel("本人已核对以上更正内容，确认无误").CheckAsync();
        await Expect(submit).ToBeEnabledAsync();
        await submit.ClickAsync();

        await Expect(form.GetByRole(AriaRole.Status)).ToHaveTextAsync("更正申请已办结");
        var newId = await form.Locator("xpath=//th[normalize-space(.)='公民身份号码']/following-sibling::td[1]").InnerTextAsync();
        Assert.NotEqual(newborn.ChildId, newId);
        Assert.True(CitizenIdNumber.IsValid(newId));
        Assert.Equal("20261004", newId[6..14]);
        Assert.Equal("1", CitizenIdNumber.SexCode(newId));
        await Expect(form.Locator("#gzjgBgnr")).ToContainTextAsync("2026-10-03");
        var record = await RecordAsync("gongan", newborn.HouseholdKey);
        Assert.Equal(2, record.GetProperty("revision").GetInt32());
        Assert.Equal(newId, record.GetProperty("outputs").GetProperty("childIdNumber").GetString());

        // Pictures for the docs, as full pages: the lookup by the old number, and the application form being filled.
        F.Host.SetQuirks("gongan", q => { q.Iframes = false; q.Menus = false; });
        await page.SetViewportSizeAsync(1280, 1000);
        await page.GotoAsync(new Uri(gongan.BaseUrl, $"biz/amendNewbornRegistration?zcslbh={Uri.EscapeDataString(newborn.HouseholdKey)}&gmsfhm={newborn.ChildId}").ToString());
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync(newId);
        await ScreenshotAsync(page, "gongan-amendNewbornRegistration-lookup.png");
        await page.GetByRole(AriaRole.Link, new() { Name = "申请更正" }).ClickAsync();
        var application = page.FrameLocator("iframe[name=gzFrame]");
        await application.GetByLabel("更正户籍地址").CheckAsync();
        await application.GetByLabel("户籍地址", new() { Exact = true }).FillAsync("湖南省长沙市岳麓区麓山南路932号");
        await application.GetByLabel("更正原因").SelectOptionAsync("2");
        await application.GetByLabel("本人已核对以上更正内容，确认无误").CheckAsync();
        await ScreenshotAsync(page, "gongan-amendNewbornRegistration.png");
        await page.Context.CloseAsync();
    }
}
