using RpaRunner.Bots.Runtime;
using RpaRunner.Bots.Scripts;

namespace RpaRunner.Bots.Tests.Scripts;

/// <summary>
/// After entries into fields the page is looked at once, before the next step of another kind and at the end of the
/// steps, not after each field: what a field entry brings up is still seen before anything is sent.
/// </summary>
public sealed class FieldEntryLookTests
{
    private static readonly List<ScriptStep> s_form =
    [
        new() { Goto = "/form" },
        new() { Fill = [new Target { Css = "#a" }], Value = "1" },
        new() { Fill = [new Target { Css = "#b" }], Value = "2" },
        new() { Fill = [new Target { Css = "#c" }], Value = "3" },
        new() { Click = [new Target { Css = "#submit" }] },
    ];

    private static Task RunAsync(StubPage page, IReadOnlyList<ScriptStep> steps) =>
        new ScriptRunner(page, TimeSpan.FromSeconds(5)).RunStepsAsync("x.form", "steps", steps,
            new ScriptValues(new Dictionary<string, string?>(), new Dictionary<string, string?>()), CancellationToken.None);

    [Fact]
    public async Task FieldsInARow_AreLookedAtOnce_BeforeTheClick()
    {
        var page = new StubPage();

        await RunAsync(page, s_form);

        // After the goto, once for the three fields (before the click), after the click.
        Assert.Equal(3, page.HealthLooks);
        Assert.Equal(1, page.Clicks);
    }

    [Fact]
    public async Task ARefusalAFieldBringsUp_IsSeenBeforeTheClick()
    {
        var page = new StubPage();
        page.AfterFill = n => page.Trouble = n == 2 ? new BusinessRuleException("企业名称过短") : page.Trouble;

        var refusal = await Assert.ThrowsAsync<BusinessRuleException>(() => RunAsync(page, s_form));

        Assert.Equal("企业名称过短", refusal.Message);
        Assert.Equal(0, page.Clicks);
    }

    [Fact]
    public async Task StepsEndingInFields_AreLookedAtAtTheEnd()
    {
        var page = new StubPage();
        page.AfterFill = n => page.Trouble = n == 3 ? new TransientBotException("HTTP 500") : page.Trouble;

        await Assert.ThrowsAsync<TransientBotException>(() => RunAsync(page, s_form[..4]));
    }
}
