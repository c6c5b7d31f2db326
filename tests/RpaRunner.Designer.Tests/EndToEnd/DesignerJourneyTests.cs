using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RpaRunner.Designer.Tests.TestSupport;
using RpaRunner.Runner.Security;
using RpaRunner.Workflows.Catalog;

namespace RpaRunner.Designer.Tests.EndToEnd;

[Collection(UiCollection.Name)]
public sealed class DesignerJourneyTests(UiRunnerFixture runner)
{
    [Fact]
    public async Task Designer_ChangesAMapping_Validates_AndPublishesANewVersion()
    {
        var catalog = runner.Services.GetRequiredService<BundleCatalog>();
        var before = catalog.Find("newborn")!.Version;

        var page = await runner.NewPageAsync();
        await page.SignInAsync(Roles.Designer, "/designer");
        await page.DocumentAsync("designer-bundles");
        await page.ClickAsync("tr[data-bundle=newborn] [data-testid=open-bundle]");
        await page.WaitForURLAsync("**/designer/newborn");
        await page.WaitForInteractiveAsync();

        // Select the household registration step on the canvas.
        await page.Locator("[data-testid=flowchart] [data-cell-id=household]").ClickAsync();
        var properties = page.Locator("[data-testid=step-properties][data-step=household]");
        await Assertions.Expect(properties).ToBeVisibleAsync();

        await properties.Locator("tr[data-input=householdAddress] select").SelectOptionAsync("form.household.mailingAddress");
        await Assertions.Expect(page.Locator("[data-testid=draft-state]")).ToContainTextAsync("已保存");
        await page.DocumentAsync("designer-canvas");

        await page.ClickAsync("[data-testid=validate]");
        await Assertions.Expect(page.Locator("[data-testid=validation-ok]")).ToBeVisibleAsync();

        await page.ClickAsync("[data-testid=publish]");
        var dialog = page.Locator(".mud-dialog");
        await dialog.Locator("[data-testid=reason] textarea").First.FillAsync("户口登记改用邮寄地址");
        await dialog.Locator("[data-testid=confirm-action]").ClickAsync();

        var published = before + 1;
        await Assertions.Expect(page.Locator($"[data-testid=versions] tr[data-version='{published}']")).ToContainTextAsync("designer1");
        Assert.Equal("form.household.mailingAddress", catalog.Find("newborn", published)!.FindStep("household")!.Inputs["householdAddress"].Path);

        // The versions tab compares the new version with the one before.
        await page.Locator("[data-testid=diff-left]").SelectOptionAsync(before.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.Locator("[data-testid=diff-right]").SelectOptionAsync(published.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(page.Locator("tr[data-path='steps[household].inputs.householdAddress']")).ToBeVisibleAsync();
        await page.DocumentAsync("designer-versions");
    }

    [Fact]
    public async Task Designer_AddsAStepOnASystemThatCannotBeSearched_SeesTheRiskOnThePanelAndOnItsNode()
    {
        var page = await runner.NewPageAsync();
        await page.SignInAsync(Roles.Designer, "/designer/retirement");
        try
        {
            var palette = page.Locator("[data-palette-action='gongjijin-contact.registerContact']");
            await Assertions.Expect(palette.Locator("[data-testid=palette-warning]")).ToContainTextAsync("无法查重");
            await palette.Locator("button").ClickAsync();

            var properties = page.Locator("[data-testid=step-properties]");
            await Assertions.Expect(properties.Locator("[data-testid=step-warning-chip]")).ToContainTextAsync("无法查重");
            await Assertions.Expect(properties.Locator("[data-testid=step-warning-text]")).ToContainTextAsync("提交后结果不明时需人工核实，不会自动重试");
            var stepId = await properties.GetAttributeAsync("data-step");
            await page.ClickAsync("[data-testid=auto-layout]");
            await Assertions.Expect(page.Locator($"[data-testid=flowchart] [data-cell-id='{stepId}'] [data-testid=node-warning]")).ToContainTextAsync("无法查重");

            await properties.Locator("[data-testid=step-warning-chip]").HoverAsync();
            await Assertions.Expect(page.Locator(".mud-tooltip").Filter(new() { HasText = "综窗受理编号" })).ToBeVisibleAsync();
            await page.DocumentAsync("designer-unsearchable-step");
        }
        finally
        {
            await page.ClickAsync("[data-testid=discard]");
        }
    }

    [Fact]
    public async Task Designer_BrokenMapping_IsShownOnItsNodeBeforePublish()
    {
        var page = await runner.NewPageAsync();
        await page.SignInAsync(Roles.Designer, "/designer/retirement");

        await page.Locator("[data-testid=flowchart] [data-cell-id=medicalInsurance]").ClickAsync();
        var properties = page.Locator("[data-testid=step-properties][data-step=medicalInsurance]");
        await properties.Locator("tr[data-input=idNumber] select").SelectOptionAsync(string.Empty);
        await page.ClickAsync("[data-testid=validate]");

        await Assertions.Expect(page.Locator("[data-testid=validation-problems]")).ToBeVisibleAsync();
        await Assertions.Expect(properties.Locator("[data-testid=step-problem]").First).ToContainTextAsync("idNumber");
        await page.DocumentAsync("designer-problem-on-node");

        await page.GetByRole(AriaRole.Tab, new() { Name = "一次表单" }).ClickAsync();
        await page.Locator("[data-testid=form-builder]").WaitForAsync();
        await page.DocumentAsync("designer-form-builder");

        await page.ClickAsync("[data-testid=discard]");
    }
}
