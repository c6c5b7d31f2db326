using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RpaRunner.Designer.Components;
using RpaRunner.Designer.Tests.TestSupport;
using RpaRunner.Runner.Demo;
using RpaRunner.Runner.Security;
using RpaRunner.Workflows.Calendar;
using RpaRunner.Workflows.Engine;

namespace RpaRunner.Designer.Tests.EndToEnd;

/// <summary>Every case and matter shows its committed limit, its due moment and the working time left, as the engine states them.</summary>
[Collection(UiCollection.Name)]
public sealed class DeadlineJourneyTests(UiRunnerFixture runner)
{
    private async Task<CaseView> SubmitUntilAsync(int index, string childName, CaseStatus status)
    {
        var engine = runner.Services.GetRequiredService<CaseEngine>();
        var queries = runner.Services.GetRequiredService<CaseQueries>();
        var form = SampleApplications.For("newborn", index, engine.Today);
        form["child"]!["name"] = childName;
        var code = await runner.SubmitAsync("newborn", form);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await queries.GetAsync(code))!.Status != status)
        {
            Assert.True(DateTime.UtcNow < deadline, $"The case did not reach {status}: " + string.Join("; ", (await queries.GetAsync(code))!.Steps.Select(s => $"{s.StepId}={s.Status}")));
            await Task.Delay(100);
        }

        return (await queries.GetAsync(code))!;
    }

    [Fact]
    public async Task Operator_SeesTheCasesAndEachMattersDueMoment_AndTheWorkingTimeLeft()
    {
        var clock = runner.Services.GetRequiredService<BureauClock>();
        var view = await SubmitUntilAsync(71, UiRunnerFixture.InsuranceRefusedChild, CaseStatus.WaitingForPerson);

        var page = await runner.NewPageAsync();
        await page.SignInAsync(Roles.Operator, $"/console/cases/{view.Code}");
        var header = page.Locator("[data-testid=case-deadline]");
        await Assertions.Expect(header).ToContainTextAsync("承诺时限 5 个工作日");
        await Assertions.Expect(header).ToContainTextAsync("截止 " + clock.Format(view.Deadline!.DueAt));
        await Assertions.Expect(header.Locator("[data-testid=deadline-remaining]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^(剩|逾期) [0-9.]+ (个工作日|小时)$"));

        var premium = view.Steps.Single(s => s.StepId == "premium").Deadline!;
        var row = page.Locator("[data-step=premium] [data-testid=deadline]");
        await Assertions.Expect(row).ToContainTextAsync("承诺时限 1 个工作日");
        await Assertions.Expect(row).ToContainTextAsync("截止 " + clock.Format(premium.DueAt));
        await Assertions.Expect(row.Locator("[data-testid=deadline-remaining]")).ToContainTextAsync("剩 ");
        await Assertions.Expect(page.Locator("[data-step=birthCertificate] [data-testid=deadline-remaining]")).ToHaveCountAsync(0); // done in time
    }

    [Fact]
    public async Task WhileTheApplicantCorrects_TheCaseAndItsOpenMattersShowTheirClockPaused()
    {
        var view = await SubmitUntilAsync(72, UiRunnerFixture.RestrictedChildName, CaseStatus.WaitingForApplicant);
        Assert.True(view.Deadline!.Paused);

        var page = await runner.NewPageAsync();
        await page.SignInAsync(Roles.Operator, $"/console/cases/{view.Code}");
        await Assertions.Expect(page.Locator("[data-testid=case-deadline]")).ToContainTextAsync("已暂停（等待补正）");
        await Assertions.Expect(page.Locator("[data-step=household] [data-testid=deadline]")).ToContainTextAsync("已暂停（等待补正）");
        await Assertions.Expect(page.Locator("[data-step=household] [data-testid=deadline]")).ToHaveAttributeAsync("data-flag", "paused");
        await page.DocumentAsync("console-case-deadlines");

        var hall = await runner.NewPageAsync();
        await hall.SignInAsync(Roles.Clerk, $"/hall/cases/{view.Code}");
        await Assertions.Expect(hall.Locator("[data-testid=case-deadline]")).ToContainTextAsync("已暂停（等待补正）");
        await Assertions.Expect(hall.Locator("[data-step=household] [data-testid=deadline]")).ToContainTextAsync("已暂停（等待补正）");
    }
}
