using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RpaRunner.Designer.Tests.TestSupport;
using RpaRunner.Runner.Demo;
using RpaRunner.Runner.Security;
using RpaRunner.Workflows.Engine;

namespace RpaRunner.Designer.Tests.EndToEnd;

[Collection(UiCollection.Name)]
public sealed class OperatorJourneyTests(UiRunnerFixture runner)
{
    [Fact]
    public async Task Operator_OpensAFailedStep_CorrectsAnInput_AndRetriesItToSuccess()
    {
        var engine = runner.Services.GetRequiredService<CaseEngine>();
        var code = await runner.SubmitAsync("retirement", SampleApplications.For("retirement", 1, engine.Today));
        var queries = runner.Services.GetRequiredService<CaseQueries>();
        await WaitAsync(
            async () => (await queries.GetAsync(code))!.Steps.Any(s => s.StepId == UiRunnerFixture.FailingStep && s.Status == StepStatus.WaitingForPerson),
            async () => string.Join("; ", (await queries.GetAsync(code))!.Steps.Select(s => $"{s.StepId}={s.Status} {s.Error}")));

        var page = await runner.NewPageAsync();
        await page.SignInAsync(Roles.Operator, "/console");
        var row = page.Locator($"tr[data-case='{code}'][data-step='{UiRunnerFixture.FailingStep}']");
        await Assertions.Expect(row).ToContainTextAsync("姓名与身份证");
        await page.DocumentAsync("console-dashboard");

        await row.Locator("[data-testid=open-step]").ClickAsync();
        await page.WaitForURLAsync($"**/console/cases/{code}?step={UiRunnerFixture.FailingStep}");
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.Locator("[data-testid=step-error]")).ToContainTextAsync(UiRunnerFixture.FailingMessage);
        await Assertions.Expect(page.Locator("[data-testid=step-inputs] tr[data-input=name]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=no-screenshot]").First).ToBeVisibleAsync();
        await page.DocumentAsync("console-failed-step");

        await page.ClickAsync("[data-testid=action-correct]");
        var dialog = page.Locator(".mud-dialog");
        await dialog.Locator("[data-value=name] input").FillAsync(UiRunnerFixture.CorrectName);
        await dialog.Locator("[data-testid=reason] textarea").First.FillAsync("按户籍系统核对，姓名录入有误");
        await page.DocumentAsync("console-correct-dialog");
        await dialog.Locator("[data-testid=confirm-action]").ClickAsync();

        var panel = page.Locator("[data-testid=step-panel]");
        await Assertions.Expect(panel.Locator("[data-step-status=Succeeded]")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("[data-testid=audit-timeline]")).ToContainTextAsync("人工修正输入");
        await Assertions.Expect(page.Locator("[data-testid=audit-timeline]")).ToContainTextAsync("operator1");

        var step = (await queries.GetAsync(code))!.Steps.Single(s => s.StepId == UiRunnerFixture.FailingStep);
        Assert.Equal(StepStatus.Succeeded, step.Status);
        Assert.Equal(UiRunnerFixture.CorrectName, step.Inputs["name"]);
        await page.DocumentAsync("console-case-after-retry");
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, Func<Task<string>> describe)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail("The failed step did not reach an operator within 30 seconds: " + await describe());
            }

            await Task.Delay(100);
        }
    }
}
