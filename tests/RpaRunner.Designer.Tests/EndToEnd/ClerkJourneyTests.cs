using System.Globalization;
using Microsoft.Playwright;
using RpaRunner.Designer.Tests.TestSupport;
using RpaRunner.Runner.Security;

namespace RpaRunner.Designer.Tests.EndToEnd;

[Collection(UiCollection.Name)]
public sealed class ClerkJourneyTests(UiRunnerFixture runner)
{
    [Fact]
    public async Task Clerk_SubmitsANewbornCase_AfterFixingTheIdCheckCharacter_AndWatchesItComplete()
    {
        var page = await runner.NewPageAsync();
        await page.SignInAsync(Roles.Clerk, "/hall");
        await page.ClickAsync("[data-bundle=newborn] a");
        await page.WaitForURLAsync("**/hall/newborn");
        await page.WaitForInteractiveAsync();

        var birth = DateOnly.FromDateTime(DateTime.Today).AddDays(-12).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await Fill(page, "child.name", "王小明");
        await page.ChooseAsync("[data-field='child.sex']", "男");

        // An impossible date is flagged at its field, not dropped.
        await Fill(page, "child.birthDate", "2023-02-30");
        await Assertions.Expect(page.Locator("[data-field='child.birthDate'] [data-testid=field-errors]")).ToContainTextAsync("不是有效的日期");
        await Fill(page, "child.birthDate", birth);
        await Fill(page, "child.birthPlace", "湖南省妇幼保健院");
        await Fill(page, "mother.name", "李芳");
        await Fill(page, "mother.idNumber", "430102199003070021"); // check character should be 0
        await Fill(page, "mother.phone", "13800138000");
        await Fill(page, "household.address", "湖南省长沙市芙蓉区五一大道100号");
        await Fill(page, "household.mailingAddress", "湖南省长沙市芙蓉区五一大道100号");
        await page.ChooseAsync("[data-field='child.ethnicity']", "汉族");
        await page.ChooseAsync("[data-field='household.settleWith']", "随母落户");
        await page.ChooseAsync("[data-field='household.county']", "芙蓉区");
        await Fill(page, "household.headName", "李芳");
        await Fill(page, "household.headIdNumber", "430102199003070020");
        await page.ChooseAsync("[data-field='household.headRelation']", "子");
        await Fill(page, "insurance.year", birth[..4]);

        var idField = page.Locator("[data-field='mother.idNumber']");
        await Assertions.Expect(idField).ToContainTextAsync("校验");

        // Another wrong number, typed without leaving the field: its own message replaces the first.
        await idField.Locator("input").FillAsync("4301021990030700");
        await Assertions.Expect(idField.Locator("[data-testid=field-errors]")).ToContainTextAsync("应为 18 位");
        await Assertions.Expect(idField.Locator("[data-testid=field-errors]")).Not.ToContainTextAsync("校验位错误");
        await Fill(page, "mother.idNumber", "430102199003070021");
        await Assertions.Expect(idField.Locator("[data-testid=field-errors]")).ToContainTextAsync("校验位错误");
        await page.ClickAsync("[data-testid=submit-case]");
        await Assertions.Expect(page.Locator("[data-testid=form-errors]")).ToBeVisibleAsync();
        Assert.EndsWith("/hall/newborn", page.Url, StringComparison.Ordinal);
        await page.DocumentAsync("hall-form-error");

        await Fill(page, "mother.idNumber", "430102199003070020");
        await Assertions.Expect(idField).Not.ToContainTextAsync("校验");
        await page.ClickAsync("[data-testid=submit-case]");

        try
        {
            await page.WaitForURLAsync("**/hall/cases/*", new() { Timeout = 30_000 });
        }
        catch (TimeoutException)
        {
            var shown = await page.Locator(".page").InnerTextAsync();
            Assert.Fail("The hall stayed on the form after submit: " + shown);
        }
        var code = (await page.Locator("[data-testid=case-code]").TextContentAsync())!.Trim();
        Assert.StartsWith("NB", code, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("[data-status=Completed]")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("[data-step=household]")).ToContainTextAsync("新生儿公民身份号码");
        await page.DocumentAsync("hall-case-progress");

        await page.EmulateMediaAsync(new() { Media = Media.Print });
        var receipt = page.Locator("[data-testid=receipt]");
        await Assertions.Expect(receipt).ToBeVisibleAsync();
        await Assertions.Expect(receipt).ToContainTextAsync(code);
        await Assertions.Expect(page.Locator("[data-testid=receipt-applicant]")).ToHaveTextAsync("李*");
        await Assertions.Expect(page.Locator("[data-testid=receipt-bundle]")).ToHaveTextAsync("新生儿出生一件事");
        await Assertions.Expect(page.Locator("[data-testid=receipt-due]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d{4}-\d{2}-\d{2}"));
        await Assertions.Expect(page.Locator("[data-testid=receipt-clerk]")).ToContainTextAsync(UiRunnerFixture.DisplayNames[Roles.Clerk]);
        await Assertions.Expect(page.Locator("[data-testid=receipt-qr]")).ToBeVisibleAsync();
        Assert.StartsWith("data:image/png;base64,", await page.Locator("[data-testid=receipt-qr]").GetAttributeAsync("src"), StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("[data-testid=receipt-matters] [data-matter=household]")).ToContainTextAsync("公安");
        await Assertions.Expect(page.Locator("[data-testid=receipt-matters] [data-matter=household]")).ToContainTextAsync("个工作日");
        await Assertions.Expect(page.Locator("[data-testid=receipt-follow]")).ToContainTextAsync("/progress?code=" + code);
        Assert.DoesNotContain("clerk1", await receipt.InnerTextAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("（v", await receipt.InnerTextAsync(), StringComparison.Ordinal);
        await page.DocumentAsync("hall-receipt");
        await page.EmulateMediaAsync(new() { Media = Media.Screen });

        // The applicant follows the case on the public progress page, without signing in.
        var applicant = await runner.NewPageAsync();
        await applicant.GotoAsync("/progress");
        await applicant.FillAsync("#code", code.ToLowerInvariant());
        await applicant.FillAsync("#phone4", "8000");
        await applicant.ClickAsync("button[type=submit]");
        await Assertions.Expect(applicant.Locator("[data-testid=progress-result]")).ToContainTextAsync("新生儿出生一件事");
        await Assertions.Expect(applicant.Locator("[data-step=household] .status")).ToHaveTextAsync("已办结");
        var progressText = await applicant.Locator("main").InnerTextAsync();
        Assert.DoesNotContain("李芳", progressText, StringComparison.Ordinal);
        Assert.DoesNotContain("13800138000", progressText, StringComparison.Ordinal);
        await applicant.DocumentAsync("progress-page");

        // Back in the hall, the clerk finds the case by the beginning of its code, in lower case, with Enter.
        await page.OpenAsync("/hall");
        var search = page.Locator("input[data-testid=case-search], [data-testid=case-search] input").First;
        await search.FillAsync(code[..8].ToLowerInvariant());
        await search.PressAsync("Enter");
        await Assertions.Expect(page.Locator($"[data-testid=case-search-results] [data-case={code}]")).ToBeVisibleAsync();
        await page.DocumentAsync("hall-home");
    }

    [Fact]
    public async Task Clerk_SubmitsANewbornCase_WithAForeignFathersPassportAndLatinName()
    {
        var page = await runner.NewPageAsync();
        await page.SignInAsync(Roles.Clerk, "/hall");
        await page.ClickAsync("[data-bundle=newborn] a");
        await page.WaitForURLAsync("**/hall/newborn");
        await page.WaitForInteractiveAsync();

        var birth = DateOnly.FromDateTime(DateTime.Today).AddDays(-20).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await Fill(page, "child.name", "王安娜");
        await page.ChooseAsync("[data-field='child.sex']", "女");
        await Fill(page, "child.birthDate", birth);
        await Fill(page, "child.birthPlace", "湖南省妇幼保健院");
        await Fill(page, "mother.name", "王芳");
        await Fill(page, "mother.idNumber", "430102199003070020");
        await Fill(page, "mother.phone", "13800138000");
        await Fill(page, "household.address", "湖南省长沙市芙蓉区五一大道100号");
        await Fill(page, "household.mailingAddress", "湖南省长沙市芙蓉区五一大道100号");
        await page.ChooseAsync("[data-field='child.ethnicity']", "汉族");
        await page.ChooseAsync("[data-field='household.settleWith']", "随母落户");
        await page.ChooseAsync("[data-field='household.county']", "芙蓉区");
        await Fill(page, "household.headName", "王芳");
        await Fill(page, "household.headIdNumber", "430102199003070020");
        await page.ChooseAsync("[data-field='household.headRelation']", "女");
        await Fill(page, "insurance.year", birth[..4]);

        // As a resident ID the passport number and the Latin name are refused; as a passport they are accepted.
        await Fill(page, "father.name", "John Smith");
        await Fill(page, "father.idNumber", "E12345678");
        await Assertions.Expect(page.Locator("[data-field='father.name'] [data-testid=field-errors]")).ToContainTextAsync("只能由汉字组成");
        await Assertions.Expect(page.Locator("[data-field='father.idNumber'] [data-testid=field-errors]")).ToContainTextAsync("应为 18 位");
        await page.ChooseAsync("[data-field='father.documentType']", "护照");
        await Assertions.Expect(page.Locator("[data-field='father.name'] [data-testid=field-errors]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-field='father.idNumber'] [data-testid=field-errors]")).ToHaveCountAsync(0);
        await page.Locator("[data-field='father.documentType']").Locator("xpath=ancestor::*[contains(@class,'mud-paper')][1]").DocumentAsync("hall-form-foreign-father");
        await page.ClickAsync("[data-testid=submit-case]");

        await page.WaitForURLAsync("**/hall/cases/*", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("[data-status=Completed]")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("[data-testid=receipt-matters] [data-matter=birthCertificate] [data-testid=receipt-matter-code]"))
            .ToHaveTextAsync("11430100MB1C9001092010037001001");
    }

    [Fact]
    public async Task Clerk_SigningIn_LandsInTheHall()
    {
        var page = await runner.NewPageAsync();
        await page.SignInAsync(Roles.Clerk, "/");

        await page.WaitForURLAsync("**/hall");
        await Assertions.Expect(page.Locator("[data-bundle=newborn]")).ToBeVisibleAsync();

        await page.OpenAsync("/");
        await page.WaitForURLAsync("**/hall");
    }

    private static async Task Fill(IPage page, string field, string value)
    {
        var input = page.Locator($"[data-field='{field}'] input");
        await input.FillAsync(value);
        await input.BlurAsync();
    }
}
