using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RpaRunner.Designer.Tests.TestSupport;
using RpaRunner.Runner.Demo;
using RpaRunner.Runner.Security;
using RpaRunner.Workflows.Engine;

namespace RpaRunner.Designer.Tests.EndToEnd;

[Collection(UiCollection.Name)]
public sealed class ApplicantCorrectionJourneyTests(UiRunnerFixture runner)
{
    [Fact]
    public async Task Clerk_SeesTheRefusalOnlyTheApplicantCanFix_PrintsTheNotice_AndAmendsTheApplication()
    {
        var engine = runner.Services.GetRequiredService<CaseEngine>();
        var queries = runner.Services.GetRequiredService<CaseQueries>();
        var form = SampleApplications.For("newborn", 61, engine.Today);
        form["child"]!["name"] = UiRunnerFixture.RestrictedChildName;
        var code = await runner.SubmitAsync("newborn", form);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await queries.GetAsync(code))!.Status != CaseStatus.WaitingForApplicant)
        {
            Assert.True(DateTime.UtcNow < deadline, "The case did not wait for the applicant: " + string.Join("; ", (await queries.GetAsync(code))!.Steps.Select(s => $"{s.StepId}={s.Status} {s.Error}")));
            await Task.Delay(100);
        }

        var page = await runner.NewPageAsync();
        await page.SignInAsync(Roles.Clerk, $"/hall/cases/{code}");
        var panel = page.Locator("[data-testid=applicant-panel]");
        await Assertions.Expect(panel).ToContainTextAsync("需申请人补正");
        await Assertions.Expect(panel).ToContainTextAsync(UiRunnerFixture.ApplicantRefusal);
        await Assertions.Expect(panel.Locator("[data-testid=to-correct]")).ToContainTextAsync("姓名");
        await Assertions.Expect(page.Locator("[data-status=WaitingForApplicant]")).ToContainTextAsync("待申请人补正");
        await Assertions.Expect(page.Locator("[data-testid=case-deadline]")).ToContainTextAsync("已暂停（等待补正）");
        await page.DocumentAsync("hall-applicant-correction");

        await page.EmulateMediaAsync(new() { Media = Media.Print });
        var notice = page.Locator("[data-testid=correction-notice]");
        await Assertions.Expect(notice).ToBeVisibleAsync();
        await Assertions.Expect(notice).ToContainTextAsync(code);
        await Assertions.Expect(notice).ToContainTextAsync("补正告知书");
        await Assertions.Expect(page.Locator("[data-testid=receipt]")).ToBeHiddenAsync();
        await page.DocumentAsync("hall-correction-notice");
        await page.EmulateMediaAsync(new() { Media = Media.Screen });

        await panel.Locator("[data-testid=amend-application]").ClickAsync();
        var dialog = page.Locator("[data-testid=amend-dialog]");
        await Assertions.Expect(dialog.Locator("[data-testid=amend-refusal]")).ToContainTextAsync(UiRunnerFixture.ApplicantRefusal);
        var name = dialog.Locator("[data-field='child.name'] input");
        await name.FillAsync("王新宇");
        await name.BlurAsync();
        await dialog.Locator("[data-testid=amend-reason] textarea").First.FillAsync("申请人补正新生儿姓名");
        await page.Locator("[data-testid=amend-confirm]").ClickAsync();
        await Assertions.Expect(dialog.Locator("[data-testid=amend-result]")).ToBeVisibleAsync();
        await Assertions.Expect(dialog.Locator("[data-testid=amend-to-amend]")).ToContainTextAsync("出生医学证明");
        await page.DocumentAsync("hall-amend-result");
        await page.Locator("[data-testid=amend-close]").ClickAsync();

        await Assertions.Expect(page.Locator("[data-status=Completed]")).ToBeVisibleAsync(new() { Timeout = 45_000 });
        await Assertions.Expect(page.Locator("[data-testid=applicant-panel]")).ToHaveCountAsync(0);
        var done = (await queries.GetAsync(code))!;
        Assert.All(done.Steps, s => Assert.Equal(StepStatus.Succeeded, s.Status));
        Assert.Equal("王新宇", done.Steps.Single(s => s.StepId == "household").Inputs["childName"]);
    }

    [Fact]
    public async Task Clerk_SeesACancelledCaseAsWithdrawn_WithItsReason()
    {
        var engine = runner.Services.GetRequiredService<CaseEngine>();
        var form = SampleApplications.For("newborn", 62, engine.Today);
        form["child"]!["name"] = UiRunnerFixture.RestrictedChildName;
        var code = await runner.SubmitAsync("newborn", form);
        await engine.CancelCaseAsync(code, "operator1", "申请人撤回申请");

        var page = await runner.NewPageAsync();
        await page.SignInAsync(Roles.Clerk, $"/hall/cases/{code}");
        await Assertions.Expect(page.Locator("[data-testid=withdrawn]")).ToContainTextAsync("已撤件");
        await Assertions.Expect(page.Locator("[data-testid=withdrawn]")).ToContainTextAsync("申请人撤回申请");
        await Assertions.Expect(page.Locator("[data-testid=progress]")).ToHaveCountAsync(0);
    }
}
