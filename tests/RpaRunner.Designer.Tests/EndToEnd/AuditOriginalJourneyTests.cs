using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RpaRunner.Designer.Tests.TestSupport;
using RpaRunner.Runner.Demo;
using RpaRunner.Runner.Security;
using RpaRunner.Workflows.Engine;

namespace RpaRunner.Designer.Tests.EndToEnd;

/// <summary>An operator reads a reason that quoted a phone masked in the timeline, opens its original, and the reading is audited.</summary>
[Collection(UiCollection.Name)]
public sealed class AuditOriginalJourneyTests(UiRunnerFixture runner)
{
    [Fact]
    public async Task Operator_SeesAReasonMaskedInTheTimeline_AndOpensTheOriginal_WhichIsAudited()
    {
        var engine = runner.Services.GetRequiredService<CaseEngine>();
        var code = await runner.SubmitAsync("newborn", SampleApplications.For("newborn", 41, engine.Today));
        await engine.CancelCaseAsync(code, "operator1", "申请人来电13843600902，要求撤件");

        var page = await runner.NewPageAsync();
        await page.SignInAsync(Roles.Operator, $"/console/cases/{code}");
        await page.WaitForInteractiveAsync();
        var timeline = page.Locator("[data-testid=audit-timeline]");
        await Assertions.Expect(timeline).ToContainTextAsync("138****0902");
        await Assertions.Expect(timeline).Not.ToContainTextAsync("13843600902");

        await timeline.Locator("[data-testid=reveal-original]").ClickAsync();
        await Assertions.Expect(timeline.Locator("[data-testid=audit-original]")).ToContainTextAsync("13843600902");
        await page.DocumentAsync("console-audit-original");

        var queries = runner.Services.GetRequiredService<CaseQueries>();
        var trace = Assert.Single(await queries.AuditOfAsync(code), e => e.Kind == RpaRunner.Workflows.Audit.AuditKinds.AuditDetailRevealed);
        Assert.Equal("operator1", trace.Actor);
    }
}
