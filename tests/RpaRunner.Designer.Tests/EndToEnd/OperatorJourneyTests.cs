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
        // Version 1: every input of its approval comes from the form, so the correction dialog sends the operator to 更正办件
        // (version 2's approval also takes the contribution months 人社 certified, which an operator may correct in place).
        var code = await runner.SubmitAsync("retirement", SampleApplications.RetirementVersion1(1, engine.Today), bundleVersion: 1);
        var queries = runner.Services.GetRequiredService<CaseQueries>();
        await WaitAsync(
            async () => (await queries.GetAsync(code))!.Steps.Any(s => s.StepId == UiRunnerFixture.FailingStep && s.Status == StepStatus.WaitingForPerson),
            async () => string.Join("; ", (await queries.GetAsync(code))!.Steps.Select(s => $"{s.StepId}={s.Status} {s.Error}")));

        var page = await runner.NewPageAsync();
        await page.SignInAsync(Roles.Operator, "/console");
        var row = page.Locator($"tr[data-case='{code}'][data-step='{UiRunnerFixture.FailingStep}']");
        await Assertions.Expect(row).ToContainTextAsync("姓名与身份证");

        await row.Locator("[data-testid=open-step]").ClickAsync();
        await page.WaitForURLAsync($"**/console/cases/{code}?step={UiRunnerFixture.FailingStep}");
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.Locator("[data-testid=step-error]")).ToContainTextAsync(UiRunnerFixture.FailingMessage);
        await Assertions.Expect(page.Locator("[data-testid=step-inputs] tr[data-input=name]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=no-screenshot]").First).ToBeVisibleAsync();
        await page.DocumentAsync("console-failed-step");

        // The name comes from the unified form: the correction dialog shows it read only and points to amending the case.
        await page.ClickAsync("[data-testid=action-correct]");
        var correct = page.Locator(".mud-dialog");
        await Assertions.Expect(correct.Locator("[data-testid=from-form][data-field=name]")).ToBeAttachedAsync();
        await Assertions.Expect(correct.Locator("[data-value=name]")).ToContainTextAsync("更正办件");
        await correct.Locator("[data-testid=amend-instead]").ClickAsync();

        var dialog = page.Locator("[data-testid=amend-dialog]");
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        var name = dialog.Locator("[data-field='applicant.name'] input");
        await name.FillAsync(UiRunnerFixture.CorrectName);
        await name.BlurAsync();
        await Assertions.Expect(dialog.Locator("[data-testid=amend-pending]")).ToContainTextAsync("姓名");
        await dialog.Locator("[data-testid=amend-reason] textarea").First.FillAsync("申请人出示户口簿，姓名录入有误");
        await page.DocumentAsync("console-amend-dialog");
        await page.Locator("[data-testid=amend-confirm]").ClickAsync();
        await Assertions.Expect(dialog.Locator("[data-testid=amend-result]")).ToBeVisibleAsync();
        await Assertions.Expect(dialog.Locator("[data-testid=amend-updated]")).ToContainTextAsync("退休");
        await page.DocumentAsync("console-amend-result");
        await page.Locator("[data-testid=amend-close]").ClickAsync();

        await page.Locator($"[data-step='{UiRunnerFixture.FailingStep}']").First.ClickAsync();
        var panel = page.Locator("[data-testid=step-panel]");
        await Assertions.Expect(panel.Locator("[data-step-status=Succeeded]")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("[data-testid=audit-timeline]")).ToContainTextAsync("更正办件");
        await Assertions.Expect(page.Locator("[data-testid=audit-timeline]")).ToContainTextAsync("operator1");
        await Assertions.Expect(panel.Locator("[data-testid=step-inputs]")).ToContainTextAsync("人员身份");

        var step = (await queries.GetAsync(code))!.Steps.Single(s => s.StepId == UiRunnerFixture.FailingStep);
        Assert.Equal(StepStatus.Succeeded, step.Status);
        Assert.Equal(UiRunnerFixture.CorrectName, step.Inputs["name"]);
        await page.DocumentAsync("console-case-after-retry");
    }

    [Fact]
    public async Task Operator_CorrectsAnInputWithABadIdNumber_SeesTheErrorAtTheField_AndNothingChanges()
    {
        var engine = runner.Services.GetRequiredService<CaseEngine>();
        var form = SampleApplications.For("newborn", 41, engine.Today);
        form["child"]!["name"] = UiRunnerFixture.InsuranceRefusedChild;
        var code = await runner.SubmitAsync("newborn", form);
        var queries = runner.Services.GetRequiredService<CaseQueries>();
        await WaitAsync(
            async () => (await queries.GetAsync(code))!.Steps.Any(s => s.StepId == "medicalInsurance" && s.Status == StepStatus.WaitingForPerson),
            async () => string.Join("; ", (await queries.GetAsync(code))!.Steps.Select(s => $"{s.StepId}={s.Status} {s.Error}")));
        var before = (await queries.GetAsync(code))!.Steps.Single(s => s.StepId == "medicalInsurance");

        var page = await runner.NewPageAsync();
        await page.SignInAsync(Roles.Operator, $"/console/cases/{code}?step=medicalInsurance");
        var panel = page.Locator("[data-testid=step-panel]");
        // Labels of the action's contract, and the label of a choice, not keys and codes.
        await Assertions.Expect(panel.Locator("[data-testid=step-inputs] tr[data-input=idNumber]")).ToContainTextAsync("参保人公民身份号码");
        await Assertions.Expect(panel.Locator("[data-testid=step-inputs] tr[data-input=sex] td").Nth(1)).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^(男|女)$"));

        await page.ClickAsync("[data-testid=action-correct]");
        var dialog = page.Locator(".mud-dialog");
        await Assertions.Expect(dialog.Locator("[data-testid=from-form][data-field=name]")).ToBeAttachedAsync();
        var id = dialog.Locator("[data-value=idNumber] input");
        await id.FillAsync("430102202001010000");
        await dialog.Locator("[data-testid=reason] textarea").First.FillAsync("按户籍系统核对身份号码");
        await dialog.Locator("[data-testid=confirm-action]").ClickAsync();
        await Assertions.Expect(dialog.Locator("[data-value=idNumber]")).ToContainTextAsync("校验");
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        await page.DocumentAsync("console-correct-refused");

        var after = (await queries.GetAsync(code))!.Steps.Single(s => s.StepId == "medicalInsurance");
        Assert.Equal(StepStatus.WaitingForPerson, after.Status);
        Assert.Equal(before.Inputs["idNumber"], after.Inputs["idNumber"]);
        Assert.DoesNotContain((await queries.AuditOfAsync(code)), e => e.Kind == "step.corrected-by-person");
    }

    [Fact]
    public async Task Operator_SeesOutagesUnknownOutcomesRefusalsAndApplicantRefusals_InFourGroups()
    {
        var engine = runner.Services.GetRequiredService<CaseEngine>();
        var queries = runner.Services.GetRequiredService<CaseQueries>();
        var codes = new Dictionary<string, string>();
        foreach (var (child, index) in new[] { (UiRunnerFixture.InsuranceRefusedChild, 51), (UiRunnerFixture.RestrictedChildName, 52), (UiRunnerFixture.OutageChild, 53), (UiRunnerFixture.UnknownOutcomeChild, 54) })
        {
            // Version 1: its 医保缴费 matter is the one the fixture's simulated outage takes down.
            var form = SampleApplications.AsNewbornVersion1(SampleApplications.For("newborn", index, engine.Today));
            form["child"]!["name"] = child;
            codes[child] = await runner.SubmitAsync("newborn", form, bundleVersion: 1);
        }

        await WaitAsync(
            async () => (await queries.GetAsync(codes[UiRunnerFixture.InsuranceRefusedChild]))!.Steps.Any(s => s.StepId == "medicalInsurance" && s.Status == StepStatus.WaitingForPerson)
                && (await queries.GetAsync(codes[UiRunnerFixture.RestrictedChildName]))!.Status == CaseStatus.WaitingForApplicant
                && (await queries.GetAsync(codes[UiRunnerFixture.OutageChild]))!.Steps.Any(s => s.StepId == "premium" && s.Status is StepStatus.FailedWillRetry or StepStatus.WaitingForPerson)
                && (await queries.GetAsync(codes[UiRunnerFixture.UnknownOutcomeChild]))!.Steps.Any(s => s.StepId == "socialSecurityCard" && s.Status == StepStatus.WaitingForPerson),
            async () => string.Join(" | ", await Task.WhenAll(codes.Values.Select(async c => string.Join("; ", (await queries.GetAsync(c))!.Steps.Select(s => $"{s.StepId}={s.Status} {s.Error}"))))));

        var page = await runner.NewPageAsync();
        await page.SignInAsync(Roles.Operator, "/console");
        var outages = page.Locator("[data-testid=failing-systems]");
        await Assertions.Expect(outages.Locator("tr[data-system=shuiwu]")).ToContainTextAsync("503");
        await Assertions.Expect(outages.Locator("tr[data-system=yibao]")).ToHaveCountAsync(0);
        await Assertions.Expect(outages.Locator("tr[data-system=gongan]")).ToHaveCountAsync(0);
        await Assertions.Expect(outages.Locator("tr[data-system=renshe]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid=refusal-groups] tr[data-system=yibao]")).ToContainTextAsync(UiRunnerFixture.InsuranceRefusal);
        await Assertions.Expect(page.Locator("[data-testid=applicant-groups] tr[data-system=gongan]")).ToContainTextAsync(UiRunnerFixture.ApplicantRefusal);
        await Assertions.Expect(page.Locator("[data-testid=applicant-groups]")).ToContainTextAsync(codes[UiRunnerFixture.RestrictedChildName]);

        // The unknown outcome is a group of its own: never among the outages (retried in bulk) or the refusals.
        var unknown = page.Locator($"[data-testid=unknown-outcomes] tr[data-system=renshe] [data-case='{codes[UiRunnerFixture.UnknownOutcomeChild]}']");
        await Assertions.Expect(unknown).ToContainTextAsync("待人工核实");
        await Assertions.Expect(page.Locator("[data-testid=refusal-groups]")).Not.ToContainTextAsync(codes[UiRunnerFixture.UnknownOutcomeChild]);
        await Assertions.Expect(page.Locator("[data-testid=unknown-outcomes-count]")).Not.ToHaveTextAsync("(0)");
        await page.DocumentAsync("console-failing-systems");
    }

    [Fact]
    public async Task Operator_OpensAnUnknownOutcome_SeesTheSubmitAndTheLookup_AndIsToldToCheckBeforeRetrying()
    {
        var engine = runner.Services.GetRequiredService<CaseEngine>();
        var queries = runner.Services.GetRequiredService<CaseQueries>();
        var form = SampleApplications.For("newborn", 61, engine.Today);
        form["child"]!["name"] = UiRunnerFixture.UnknownOutcomeChild;
        var code = await runner.SubmitAsync("newborn", form);
        await WaitAsync(
            async () => (await queries.GetAsync(code))!.Steps.Any(s => s.StepId == "socialSecurityCard" && s.Status == StepStatus.WaitingForPerson),
            async () => string.Join("; ", (await queries.GetAsync(code))!.Steps.Select(s => $"{s.StepId}={s.Status} {s.Error}")));

        var page = await runner.NewPageAsync();
        await page.SignInAsync(Roles.Operator, $"/console/cases/{code}?step=socialSecurityCard");
        var panel = page.Locator("[data-testid=step-panel]");
        await Assertions.Expect(panel.Locator("[data-testid=step-error] [data-error-class=OutcomeUnknown]")).ToContainTextAsync("结果不明");
        await Assertions.Expect(panel.Locator("[data-testid=step-error]")).ToContainTextAsync("人工办结");

        // The first attempt passed its submit; the second only looked the record up.
        await Assertions.Expect(panel.Locator("[data-attempt='1'] [data-testid=attempt-committed]")).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"提交于 \d{2}:\d{2}:\d{2}"));
        await Assertions.Expect(panel.Locator("[data-attempt='1']")).ToContainTextAsync("结果不明");
        await Assertions.Expect(panel.Locator("[data-attempt='2'] [data-testid=attempt-verification]")).ToHaveTextAsync("核实");
        await Assertions.Expect(panel.Locator("[data-attempt='1'] [data-testid=attempt-verification]")).ToHaveCountAsync(0);

        // Completing it by hand with what the system holds comes first; a retry asks to check the system first.
        await Assertions.Expect(panel.Locator("[data-check-first=true] button").First).ToHaveAttributeAsync("data-testid", "action-complete");
        await page.DocumentAsync("console-unknown-outcome");
        await page.ClickAsync("[data-testid=action-retry]");
        var dialog = page.Locator(".mud-dialog");
        await Assertions.Expect(dialog.Locator("[data-testid=explanation]")).ToContainTextAsync("核实没有综窗受理编号为");
        await Assertions.Expect(dialog.Locator("[data-testid=explanation]")).ToContainTextAsync($"{code}:socialSecurityCard");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "取消" }).ClickAsync();
        await Assertions.Expect(dialog).ToHaveCountAsync(0);
        Assert.Equal(StepStatus.WaitingForPerson, (await queries.GetAsync(code))!.Steps.Single(s => s.StepId == "socialSecurityCard").Status);
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, Func<Task<string>> describe)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail("The cases did not reach the expected state within 30 seconds: " + await describe());
            }

            await Task.Delay(100);
        }
    }
}
