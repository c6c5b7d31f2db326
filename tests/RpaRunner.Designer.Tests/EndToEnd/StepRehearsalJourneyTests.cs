using Microsoft.Playwright;
using RpaRunner.Designer.Tests.TestSupport;
using RpaRunner.Runner.Security;
using RpaRunner.Workflows.Forms;

namespace RpaRunner.Designer.Tests.EndToEnd;

/// <summary>
/// "Test this step" in the designer, end to end: the web bot registers an enterprise in the sandbox 市场监管
/// system in its own Chromium, and the designer sees the outcome and the bot's screenshot in the panel.
/// </summary>
[Collection(SandboxUiCollection.Name)]
public sealed class StepRehearsalJourneyTests(SandboxUiRunnerFixture runner)
{
    private const string PngDataUrl = "data:image/png;base64,";

    /// <summary>A rehearsal starts a browser and signs in to the department system: slow on a busy machine.</summary>
    private static readonly LocatorAssertionsToBeVisibleOptions RehearsalTime = new() { Timeout = 120_000 };

    [Fact]
    public async Task Designer_RehearsesTheRegistration_AndSeesTheCreditCodeAndTheSystemsPage()
    {
        var page = await runner.NewPageAsync();
        var panel = await OpenRehearsalAsync(page, "registration");

        await RehearseAsync(panel, runner.Enterprise());

        var result = panel.Locator("[data-testid=rehearsal-result]");
        await Assertions.Expect(result).ToBeVisibleAsync(RehearsalTime);
        await Assertions.Expect(result).ToHaveAttributeAsync("data-succeeded", "true");
        await Assertions.Expect(result).ToContainTextAsync("成功");

        var creditCode = (await panel.Locator("[data-testid=rehearsal-output][data-output=creditCode] b").InnerTextAsync()).Trim();
        Assert.Equal(18, creditCode.Length);
        Assert.True(CreditCode.TryParse(creditCode, out _, out var problem), $"{creditCode}: {problem}");
        await Assertions.Expect(panel.Locator("[data-testid=rehearsal-output][data-output=registrationNo] b")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[0-9]{15}$"));

        await AssertScreenshotShownAsync(page, panel);

        // Tall enough that the property column shows the whole panel, from its title to the bot's screenshot.
        await page.SetViewportSizeAsync(1440, 1120);
        await panel.EvaluateAsync("e => e.scrollIntoView({ block: 'start' })");
        await page.DocumentAsync("designer-rehearsal");
    }

    [Fact]
    public async Task Designer_RehearsesARefusedName_AndSeesTheSystemsMessageAndItsPage()
    {
        var page = await runner.NewPageAsync();
        var panel = await OpenRehearsalAsync(page, "registration");
        var inputs = runner.Enterprise();
        inputs["companyName"] = "中国星城宇宙科技有限公司";

        await RehearseAsync(panel, inputs);

        var result = panel.Locator("[data-testid=rehearsal-result]");
        await Assertions.Expect(result).ToBeVisibleAsync(RehearsalTime);
        await Assertions.Expect(result).ToHaveAttributeAsync("data-succeeded", "false");
        await Assertions.Expect(result).ToContainTextAsync("限制性用语“中国”");
        await Assertions.Expect(panel.Locator("[data-testid=rehearsal-output]")).ToHaveCountAsync(0);
        await AssertScreenshotShownAsync(page, panel);
    }

    [Fact]
    public async Task Designer_RehearsesAStepThatExistsOnlyInTheDraft()
    {
        var page = await runner.NewPageAsync();
        await page.SignInAsync(Roles.Designer, "/designer/company-setup");
        try
        {
            // A second registration step, added in the draft and never published.
            await page.Locator("[data-palette-action='shichang.registerEnterprise'] button").ClickAsync();
            var properties = page.Locator("[data-testid=step-properties]");
            var stepId = await properties.GetAttributeAsync("data-step");
            Assert.NotEqual("registration", stepId);

            var panel = properties.Locator("[data-testid=rehearsal]");
            await panel.GetByText("试运行此步骤（沙箱）").ClickAsync();
            await Assertions.Expect(panel.Locator("[data-testid=rehearsal-basis]")).ToContainTextAsync("按草稿中该步骤的定义运行");
            await RehearseAsync(panel, runner.Enterprise());

            var result = panel.Locator("[data-testid=rehearsal-result]");
            await Assertions.Expect(result).ToBeVisibleAsync(RehearsalTime);
            await Assertions.Expect(result).ToHaveAttributeAsync("data-succeeded", "true");
            await Assertions.Expect(panel.Locator("[data-testid=rehearsal-output][data-output=creditCode] b")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[0-9A-Z]{18}$"));
        }
        finally
        {
            await page.ClickAsync("[data-testid=discard]");
            await page.Locator("[data-testid=discard-confirm]").ClickAsync();
        }
    }

    /// <summary>Signs in as a designer, selects the step on the canvas and opens its rehearsal panel.</summary>
    private static async Task<ILocator> OpenRehearsalAsync(IPage page, string stepId)
    {
        await page.SignInAsync(Roles.Designer, "/designer/company-setup");
        await page.Locator($"[data-testid=flowchart] [data-cell-id={stepId}]").ClickAsync();
        var properties = page.Locator($"[data-testid=step-properties][data-step={stepId}]");
        await Assertions.Expect(properties).ToBeVisibleAsync();

        var panel = properties.Locator("[data-testid=rehearsal]");
        await panel.GetByText("试运行此步骤（沙箱）").ClickAsync();
        await Assertions.Expect(panel.Locator("[data-testid=rehearse]")).ToBeVisibleAsync();
        await Assertions.Expect(panel.Locator("[data-testid=rehearsal-unavailable]")).ToHaveCountAsync(0);
        return panel;
    }

    /// <summary>Fills each input by the label the designer sees (the action's contract label, never its key).</summary>
    private static async Task RehearseAsync(ILocator panel, Dictionary<string, string> inputs)
    {
        var action = RpaRunner.Workflows.Catalog.SystemCatalog.LoadEmbedded().FindAction("shichang.registerEnterprise")!;
        foreach (var (name, value) in inputs)
        {
            await panel.GetByLabel(action.FindInput(name)!.Label.Zh, new() { Exact = true }).FillAsync(value);
        }

        await panel.Locator("[data-testid=rehearse]").ClickAsync();
    }

    /// <summary>The bot's screenshot is in the panel as a PNG the browser has decoded.</summary>
    private static async Task AssertScreenshotShownAsync(IPage page, ILocator panel)
    {
        var image = panel.Locator("[data-testid=rehearsal-screenshot]");
        await Assertions.Expect(image).ToBeVisibleAsync();
        var src = await image.GetAttributeAsync("src");
        Assert.NotNull(src);
        Assert.StartsWith(PngDataUrl, src, StringComparison.Ordinal);
        var png = Convert.FromBase64String(src[PngDataUrl.Length..]);
        Assert.True(png.Length > 1000, $"{png.Length} bytes");
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A], png[..8]);
        await page.WaitForFunctionAsync("() => { const i = document.querySelector('[data-testid=rehearsal-screenshot]'); return i !== null && i.complete && i.naturalWidth > 0; }");

        // Too small to read in the panel: a click shows it over the page, another click closes it.
        await image.ClickAsync();
        var large = page.Locator("[data-testid=rehearsal-screenshot-large]");
        await Assertions.Expect(large).ToBeVisibleAsync();
        Assert.Equal(src, await large.GetAttributeAsync("src"));
        await large.ClickAsync();
        await Assertions.Expect(large).ToBeHiddenAsync();
    }
}
