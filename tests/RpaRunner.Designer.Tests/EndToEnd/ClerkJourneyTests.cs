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
        await Fill(page, "child.birthDate", birth);
        await Fill(page, "child.birthPlace", "湖南省妇幼保健院");
        await Fill(page, "mother.name", "李芳");
        await Fill(page, "mother.idNumber", "430102199003070021"); // check character should be 0
        await Fill(page, "mother.phone", "13800138000");
        await Fill(page, "household.address", "湖南省长沙市芙蓉区五一大道100号");
        await Fill(page, "household.mailingAddress", "湖南省长沙市芙蓉区五一大道100号");
        await Fill(page, "insurance.year", birth[..4]);

        var idField = page.Locator("[data-field='mother.idNumber']");
        await Assertions.Expect(idField).ToContainTextAsync("校验");
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
        await Assertions.Expect(page.Locator("[data-testid=receipt]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=receipt]")).ToContainTextAsync(code);
        await page.DocumentAsync("hall-receipt");
    }

    private static async Task Fill(IPage page, string field, string value)
    {
        var input = page.Locator($"[data-field='{field}'] input");
        await input.FillAsync(value);
        await input.BlurAsync();
    }
}
