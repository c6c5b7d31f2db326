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
            await DiscardAsync(page);
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
        var problem = properties.Locator("[data-testid=step-problem]").First;
        await Assertions.Expect(problem.Locator("[data-testid=problem-text]")).ToHaveTextAsync("步骤“职工参保登记（基本医疗保险）”的必填字段“公民身份号码”还没有选择来源");
        await Assertions.Expect(problem.Locator("[data-testid=problem-detail] code")).ToBeHiddenAsync();
        await problem.Locator("[data-testid=problem-detail] summary").ClickAsync();
        await Assertions.Expect(problem.Locator("[data-testid=problem-detail] code")).ToHaveTextAsync("$.steps[3].inputs");
        await page.DocumentAsync("designer-problem-on-node");

        await page.GetByRole(AriaRole.Tab, new() { Name = "一次表单" }).ClickAsync();
        await page.Locator("[data-testid=form-builder]").WaitForAsync();
        await page.DocumentAsync("designer-form-builder");

        await DiscardAsync(page);
    }

    [Fact]
    public async Task Designer_MapsANameIntoAnApprovalNumber_SeesTheTypeErrorInChinese()
    {
        var page = await runner.NewPageAsync();
        await page.SignInAsync(Roles.Designer, "/designer/retirement");
        try
        {
            await page.Locator("[data-testid=flowchart] [data-cell-id=onlyChildReward]").ClickAsync();
            var properties = page.Locator("[data-testid=step-properties][data-step=onlyChildReward]");
            var row = properties.Locator("tr[data-input=retirementApprovalNo]");
            await row.Locator("select").SelectOptionAsync("form.applicant.name");

            await Assertions.Expect(row.Locator("[data-testid=mapping-fit]")).ToHaveTextAsync("✗ 姓名不能填入编号字段");
            await page.ClickAsync("[data-testid=validate]");
            await Assertions.Expect(properties.Locator("[data-testid=problem-text]").First)
                .ToContainTextAsync("“退休审批编号”（文本）不能取自“申请人信息 · 姓名”（姓名）");
            await row.ScrollIntoViewIfNeededAsync();
            await page.DocumentAsync("designer-type-error");
        }
        finally
        {
            await DiscardAsync(page);
        }
    }

    [Fact]
    public async Task Designer_DiscardsADraft_AfterConfirmingWhatIsLost_AndUndoBringsItBack()
    {
        var page = await runner.NewPageAsync();
        await page.SignInAsync(Roles.Designer, "/designer/company-setup");
        await page.Locator("[data-testid=flowchart] [data-cell-id=seal]").ClickAsync();
        var properties = page.Locator("[data-testid=step-properties][data-step=seal]");
        await properties.Locator("tr[data-input=legalRepName] select").SelectOptionAsync("form.contact.name");
        await Assertions.Expect(page.Locator("[data-testid=draft-state]")).ToContainTextAsync("已保存");

        // Cancelling keeps the draft.
        await page.ClickAsync("[data-testid=discard]");
        var dialog = page.Locator("[data-testid=discard-dialog]");
        await Assertions.Expect(dialog.Locator("[data-testid=discard-loss]")).ToContainTextAsync("修改过的步骤“公章刻制备案”");
        await page.Locator("[data-testid=discard-cancel]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=draft-state]")).ToContainTextAsync("已保存");

        // Confirming discards it; the notice's 撤销 restores it, mapping included.
        await page.ClickAsync("[data-testid=discard]");
        await page.Locator("[data-testid=discard-confirm]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=draft-state]")).Not.ToContainTextAsync("已保存");
        var notice = page.Locator(".mud-snackbar").Filter(new() { HasText = "已放弃草稿" });
        await notice.GetByRole(AriaRole.Button, new() { Name = "撤销" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=draft-state]")).ToContainTextAsync("已保存");
        await page.Locator("[data-testid=flowchart] [data-cell-id=seal]").ClickAsync();
        await Assertions.Expect(properties.Locator("tr[data-input=legalRepName] select")).ToHaveValueAsync("form.contact.name");

        await DiscardAsync(page);
    }

    [Fact]
    public async Task Designer_AddsStepsWithPlus_TheyLandInView_AndTheHelpNamesThePortsWhereTheyAre()
    {
        var page = await runner.NewPageAsync();
        await page.SignInAsync(Roles.Designer, "/designer/newborn");
        try
        {
            var canvas = page.Locator("[data-testid=flowchart]");
            await Assertions.Expect(canvas.Locator("[data-cell-id=household]")).ToBeVisibleAsync();

            // Ports are drawn on top (in) and bottom (out) of each node, as the help says.
            await Assertions.Expect(page.Locator("[data-testid=canvas-help]")).ToContainTextAsync("从步骤底部的圆点拖线到另一步骤顶部的圆点");
            var node = await BoxAsync(canvas.Locator("[data-cell-id=household] rect").First);
            var inPort = await BoxAsync(canvas.Locator("[data-cell-id=household] [port=in]").First);
            var outPort = await BoxAsync(canvas.Locator("[data-cell-id=household] [port=out]").First);
            Assert.True(inPort.Y + inPort.Height / 2 < node.Y + node.Height / 2, "in port on top");
            Assert.True(outPort.Y + outPort.Height / 2 > node.Y + node.Height / 2, "out port at the bottom");

            var view = await BoxAsync(canvas);
            await page.Locator("[data-palette-action='gongjijin-contact.registerContact'] button").ClickAsync();
            var first = await page.Locator("[data-testid=step-properties]").GetAttributeAsync("data-step");
            await AssertInViewAsync(canvas.Locator($"[data-cell-id='{first}']"), view);

            // With a step selected, the next one goes next to it, still in view.
            await page.Locator("[data-palette-action='gongjijin-contact.registerContact'] button").ClickAsync();
            await Assertions.Expect(page.Locator("[data-testid=step-properties]")).Not.ToHaveAttributeAsync("data-step", first!);
            var second = await page.Locator("[data-testid=step-properties]").GetAttributeAsync("data-step");
            await AssertInViewAsync(canvas.Locator($"[data-cell-id='{second}']"), view);
            var a = await BoxAsync(canvas.Locator($"[data-cell-id='{first}'] rect").First);
            var b = await BoxAsync(canvas.Locator($"[data-cell-id='{second}'] rect").First);
            Assert.True(b.Y >= a.Y + a.Height || b.X >= a.X + a.Width, "the second lands below or beside the first, not on it");
            await page.DocumentAsync("designer-canvas");
        }
        finally
        {
            await DiscardAsync(page);
        }
    }

    [Fact]
    public async Task Designer_EditsAConditionAsRows_AndTheJsonViewShowsTheSameCondition()
    {
        var page = await runner.NewPageAsync();
        await page.SignInAsync(Roles.Designer, "/designer/retirement");
        try
        {
            await page.Locator("[data-testid=flowchart] [data-cell-id=onlyChildReward]").ClickAsync();
            var editor = page.Locator("[data-testid=step-properties][data-step=onlyChildReward] [data-testid=condition-editor]");
            var first = editor.Locator("[data-testid=condition-row][data-row='0']");
            await Assertions.Expect(first.Locator("[data-testid=condition-field] option:checked")).ToHaveTextAsync("是否持有独生子女父母光荣证");
            await Assertions.Expect(first.Locator("[data-testid=condition-value]")).ToHaveValueAsync("true");

            // A second row: years of special work equal to 15, either row enough.
            await editor.Locator("[data-testid=condition-add]").ClickAsync();
            var second = editor.Locator("[data-testid=condition-row][data-row='1']");
            await second.Locator("[data-testid=condition-field]").SelectOptionAsync("form.retirement.specialWorkYears");
            await second.Locator("[data-testid=condition-value]").FillAsync("十五");
            await second.Locator("[data-testid=condition-value]").PressAsync("Tab");
            await Assertions.Expect(second.Locator("[data-testid=condition-problem]")).ToHaveTextAsync("请填写整数");
            await second.Locator("[data-testid=condition-value]").FillAsync("15");
            await second.Locator("[data-testid=condition-value]").PressAsync("Tab");
            await Assertions.Expect(second.Locator("[data-testid=condition-problem]")).ToHaveCountAsync(0);
            await editor.Locator("[data-testid=condition-join]").SelectOptionAsync("any");
            await Assertions.Expect(page.Locator("[data-testid=draft-state]")).ToContainTextAsync("已保存");
            await editor.ScrollIntoViewIfNeededAsync();
            await page.DocumentAsync("designer-condition-editor");

            await editor.GetByText("高级（JSON）").ClickAsync();
            await Assertions.Expect(editor.Locator("textarea").First)
                .ToHaveValueAsync("""{"any":[{"path":"form.onlyChild.hasCertificate","equals":true},{"path":"form.retirement.specialWorkYears","equals":15}]}""");
        }
        finally
        {
            await DiscardAsync(page);
        }
    }

    [Fact]
    public async Task Designer_AddsARuleInTheStructuredEditor_AndTheJsonViewShowsIt()
    {
        var page = await runner.NewPageAsync();
        await page.SignInAsync(Roles.Designer, "/designer/newborn");
        try
        {
            // The designer leaves the canvas's tab at once, before it may have been drawn: the page keeps working.
            await page.GetByRole(AriaRole.Tab, new() { Name = "一次表单" }).ClickAsync();
            var editor = page.Locator("[data-testid=rule-editor]");
            await Assertions.Expect(editor.Locator("[data-rule=motherOfAge] [data-testid=rule-kind] option:checked")).ToHaveTextAsync("最低年龄");

            // A new rule: the father is at least 18 on the child's birth date.
            var added = editor.Locator("[data-testid=rule-row][data-rule=rule]");
            await editor.Locator("[data-testid=rule-add]").ClickAsync();
            await Assertions.Expect(added).ToBeVisibleAsync();
            await added.Locator("[data-testid=rule-kind]").SelectOptionAsync("MinAge");
            await added.Locator("[data-input=IdField] select").SelectOptionAsync("father.idNumber");
            await added.Locator("[data-testid=rule-years]").FillAsync("十八");
            await added.Locator("[data-testid=rule-years]").PressAsync("Tab");
            await Assertions.Expect(added.Locator("[data-testid=rule-problem]")).ToHaveTextAsync("请填写不小于 0 的整数");
            await added.Locator("[data-testid=rule-years]").FillAsync("18");
            await added.Locator("[data-testid=rule-years]").PressAsync("Tab");
            await added.Locator("[data-input=AtField] select").SelectOptionAsync("child.birthDate");
            await added.Locator("[data-testid=rule-message-zh]").FillAsync("父亲在孩子出生时应年满 18 周岁");
            await added.Locator("[data-testid=rule-message-zh]").PressAsync("Tab");
            await Assertions.Expect(added.Locator("[data-testid=rule-problem]")).ToHaveCountAsync(0);
            await Assertions.Expect(page.Locator("[data-testid=draft-state]")).ToContainTextAsync("已保存");
            await editor.ScrollIntoViewIfNeededAsync();
            await page.DocumentAsync("designer-rule-editor");

            await editor.GetByText("高级（JSON）").ClickAsync();
            var json = await editor.Locator("textarea").First.InputValueAsync();
            Assert.Contains("\"idField\": \"father.idNumber\"", json, StringComparison.Ordinal);
            Assert.Contains("\"years\": 18", json, StringComparison.Ordinal);
            Assert.Contains("\"atField\": \"child.birthDate\"", json, StringComparison.Ordinal);
            Assert.Contains("父亲在孩子出生时应年满 18 周岁", json, StringComparison.Ordinal);
        }
        finally
        {
            await DiscardAsync(page);
        }
    }

    private static async Task<LocatorBoundingBoxResult> BoxAsync(ILocator locator) =>
        await locator.BoundingBoxAsync() ?? throw new InvalidOperationException("not visible");

    private static async Task AssertInViewAsync(ILocator node, LocatorBoundingBoxResult view)
    {
        await Assertions.Expect(node).ToBeVisibleAsync();
        var box = await BoxAsync(node.Locator("rect").First);
        Assert.InRange(box.X, view.X, view.X + view.Width - box.Width);
        Assert.InRange(box.Y, view.Y, view.Y + view.Height - box.Height);
    }

    /// <summary>Discards the draft a journey made, through the confirmation.</summary>
    private static async Task DiscardAsync(IPage page)
    {
        await page.ClickAsync("[data-testid=discard]");
        await page.Locator("[data-testid=discard-confirm]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=discard-confirm]")).ToBeHiddenAsync();
    }
}
