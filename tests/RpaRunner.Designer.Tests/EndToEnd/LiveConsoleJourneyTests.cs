using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RpaRunner.Designer.Tests.TestSupport;
using RpaRunner.Runner.Demo;
using RpaRunner.Runner.Security;
using RpaRunner.Workflows.Audit;
using RpaRunner.Workflows.Catalog;
using RpaRunner.Workflows.Engine;
using RpaRunner.Workflows.Engine.Storage;

namespace RpaRunner.Designer.Tests.EndToEnd;

/// <summary>Pages that follow the engine by themselves, lists that keep still while they update, collapsed attempts, trends.</summary>
[Collection(UiCollection.Name)]
public sealed class LiveConsoleJourneyTests(UiRunnerFixture runner)
{
    private CaseQueries Queries => runner.Services.GetRequiredService<CaseQueries>();

    private DateOnly Today => runner.Services.GetRequiredService<CaseEngine>().Today;

    private async Task<string> SubmitNewbornAsync(string child, int index)
    {
        // Version 1: its 医保缴费 matter is the one the fixture's simulated outage takes down.
        var form = SampleApplications.AsNewbornVersion1(SampleApplications.For("newborn", index, Today));
        form["child"]!["name"] = child;
        return await runner.SubmitAsync("newborn", form, bundleVersion: 1);
    }

    [Fact]
    public async Task ACasePage_TurnsCompleted_WithoutAReload_WithinASecondOfTheBotsFinishing()
    {
        var code = await SubmitNewbornAsync(UiRunnerFixture.HeldChild, 71);
        await WaitAsync(async () => (await Queries.GetAsync(code))!.Steps.Any(s => s.StepId == "birthCertificate" && s.Status == StepStatus.Running), code);

        var page = await runner.NewPageAsync();
        await page.SignInAsync(Roles.Operator, $"/console/cases/{code}?step=birthCertificate");
        await Assertions.Expect(page.Locator("[data-step=birthCertificate] [data-step-status]").First).ToHaveTextAsync("机器人录入中");
        await page.EvaluateAsync("() => { window.rpaSamePage = true; }");

        UiRunnerFixture.ReleaseHeld();
        await WaitAsync(async () => (await Queries.GetAsync(code))!.Status == CaseStatus.Completed, code);
        var completedAt = DateTime.UtcNow;
        await Assertions.Expect(page.Locator("[data-status=Completed]").First).ToHaveTextAsync("已办结", new() { Timeout = 2_000 });
        Assert.True(DateTime.UtcNow - completedAt < TimeSpan.FromSeconds(2));
        await Assertions.Expect(page.Locator("[data-step] [data-step-status=Running]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-step=birthCertificate] [data-step-status]").First).ToHaveTextAsync("已完成");
        Assert.True(await page.EvaluateAsync<bool>("() => window.rpaSamePage === true"));
    }

    [Fact]
    public async Task FailingSystems_KeepTheirRowOrderAcrossUpdates_AndRetryAllActsOnlyOnItsOwnRow()
    {
        // Two systems down: two cases wait on the health commission's system, one on the e-tax bureau's.
        var vaccination = new[] { await SubmitNewbornAsync(UiRunnerFixture.VaccinationOutageChild, 81), await SubmitNewbornAsync(UiRunnerFixture.VaccinationOutageChild, 82) };
        var premium = await SubmitNewbornAsync(UiRunnerFixture.OutageChild, 83);
        foreach (var code in vaccination)
        {
            await RetriesUsedUpAsync(code, "vaccination");
        }

        await RetriesUsedUpAsync(premium, "premium");

        var page = await runner.NewPageAsync();
        await page.SignInAsync(Roles.Operator, "/console");
        var rows = page.Locator("[data-testid=failing-systems] tbody tr");
        await Assertions.Expect(page.Locator("[data-testid=failing-systems] tr[data-system=weijian]")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("[data-testid=failing-systems] tr[data-system=shuiwu]")).ToHaveCountAsync(1);
        var before = await rows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.system)");
        Assert.Equal(before.Order(StringComparer.Ordinal), before);

        // More outages of the e-tax bureau arrive: its counts change live, the rows stay where they were.
        var shuiwu = page.Locator("[data-testid=failing-systems] tr[data-system=shuiwu]");
        var shown = await shuiwu.InnerTextAsync();
        await SubmitNewbornAsync(UiRunnerFixture.OutageChild, 84);
        await SubmitNewbornAsync(UiRunnerFixture.OutageChild, 85);
        await Assertions.Expect(shuiwu).Not.ToHaveTextAsync(shown, new() { Timeout = 20_000 });
        Assert.Equal(before, await rows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.system)"));
        await page.DocumentAsync("console-dashboard");

        // 全部重试 on the health commission's row names that system and its two steps, and retries only them.
        var health = runner.Services.GetRequiredService<BundleCatalog>().Systems.FindSystem("weijian")!.Name.Zh;
        await page.Locator("[data-testid=failing-systems] tr[data-system=weijian] [data-testid=bulk-retry]").ClickAsync();
        var dialog = page.Locator(".mud-dialog");
        await Assertions.Expect(dialog).ToContainTextAsync($"重试「{health}」的 2 个待处理步骤");
        await Assertions.Expect(dialog.Locator("[data-testid=explanation]")).ToContainTextAsync(vaccination[0]);
        await dialog.Locator("[data-testid=reason] textarea").First.FillAsync("卫健系统已恢复");
        await dialog.Locator("[data-testid=confirm-action]").ClickAsync();
        await Assertions.Expect(dialog).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator(".mud-snackbar")).ToContainTextAsync($"已重试「{health}」的 2 个步骤", new() { Timeout = 20_000 });

        foreach (var code in vaccination)
        {
            Assert.Contains(await Queries.AuditOfAsync(code), e => e.Kind == AuditKinds.StepRetriedByPerson && e.StepId == "vaccination");
        }

        Assert.DoesNotContain(await Queries.AuditOfAsync(premium), e => e.Kind == AuditKinds.StepRetriedByPerson);
    }

    [Fact]
    public async Task AStepWithFifteenAttempts_ShowsTheLatestThree_AndShowAllExpands()
    {
        var code = await SubmitNewbornAsync("王十五", 91);
        await WaitAsync(async () => (await Queries.GetAsync(code))!.Status == CaseStatus.Completed, code);
        await AddAttemptsAsync(code, "household", 14);

        var page = await runner.NewPageAsync();
        await page.SignInAsync(Roles.Operator, $"/console/cases/{code}?step=household");
        var panel = page.Locator("[data-testid=step-panel]");
        await Assertions.Expect(panel.Locator("[data-attempt]")).ToHaveCountAsync(3);
        await Assertions.Expect(panel.Locator("[data-attempt]").First).ToHaveAttributeAsync("data-attempt", "15");
        var toggle = panel.Locator("[data-testid=attempts-toggle]");
        await Assertions.Expect(toggle).ToHaveTextAsync("显示全部 (15)");
        await page.DocumentAsync("console-attempts-collapsed");

        await toggle.ClickAsync();
        await Assertions.Expect(panel.Locator("[data-attempt]")).ToHaveCountAsync(15);
        await Assertions.Expect(toggle).ToHaveTextAsync("只显示最近 3 次");
        await toggle.ClickAsync();
        await Assertions.Expect(panel.Locator("[data-attempt]")).ToHaveCountAsync(3);
    }

    [Fact]
    public async Task Trends_ShowCasesPerDay_TimeToCompletePerBundle_AndFailureRates_ForSevenAndThirtyDays()
    {
        var code = await SubmitNewbornAsync("王趋势", 95);
        await WaitAsync(async () => (await Queries.GetAsync(code))!.Status == CaseStatus.Completed, code);

        var page = await runner.NewPageAsync();
        await page.SignInAsync(Roles.Operator, "/console");
        var trends = page.Locator("[data-testid=trends]");
        await Assertions.Expect(trends.Locator("[data-testid=trend-per-day] svg").First).ToBeVisibleAsync();
        await Assertions.Expect(trends.Locator("[data-testid=trend-durations] tr[data-bundle=newborn]")).ToContainTextAsync("新生儿");
        await Assertions.Expect(trends.Locator("[data-testid=trend-failures] tr[data-system=weijian]")).ToBeVisibleAsync();
        await Assertions.Expect(trends.Locator("[data-testid=trend-window-7]")).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(trends).Not.ToContainTextAsync("newborn");
        await trends.DocumentAsync("console-trends");

        var week = await trends.Locator("[data-testid=trends-range]").InnerTextAsync();
        await trends.Locator("[data-testid=trend-window-30]").ClickAsync();
        await Assertions.Expect(trends.Locator("[data-testid=trend-window-30]")).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(trends.Locator("[data-testid=trends-range]")).Not.ToHaveTextAsync(week);
        await Assertions.Expect(trends.Locator("[data-testid=trend-durations] tr[data-bundle=newborn]")).ToBeVisibleAsync();
    }

    /// <summary>
    /// The step failed for the outage and its retries ran out (the bundle's backoff would take minutes here): the
    /// store is set as the engine leaves such a step, waiting for a person with a transient error.
    /// </summary>
    private async Task RetriesUsedUpAsync(string code, string stepId)
    {
        var factory = runner.Services.GetRequiredService<IDbContextFactory<EngineDbContext>>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            await using var db = await factory.CreateDbContextAsync();
            var step = await db.Steps.Include(s => s.Case).SingleAsync(s => s.Case!.Code == code && s.StepId == stepId);
            if (step.Status == StepStatus.FailedWillRetry)
            {
                step.Status = StepStatus.WaitingForPerson;
                step.DueAt = null;
                try
                {
                    await db.SaveChangesAsync();
                    return;
                }
                catch (DbUpdateConcurrencyException)
                {
                    // A bot took it meanwhile: wait for its failure.
                }
            }

            await Task.Delay(100);
        }

        Assert.Fail($"{code}:{stepId} never failed for the outage.");
    }

    /// <summary>Earlier failed attempts of a step, as a long outage leaves them.</summary>
    private async Task AddAttemptsAsync(string code, string stepId, int count)
    {
        var factory = runner.Services.GetRequiredService<IDbContextFactory<EngineDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var step = await db.Steps.Include(s => s.Case).SingleAsync(s => s.Case!.Code == code && s.StepId == stepId);
        var at = DateTimeOffset.UtcNow;
        for (var i = step.Attempt + 1; i <= step.Attempt + count; i++)
        {
            db.Attempts.Add(new StepAttemptRecord
            {
                StepRecordId = step.Id, CaseId = step.CaseId, Attempt = i, DispatchToken = Guid.NewGuid(), Worker = "web-1",
                DispatchedAt = at.AddSeconds(i), FinishedAt = at.AddSeconds(i + 1), Outcome = AttemptOutcomes.Failed,
                ErrorClass = FailureClass.Transient, ErrorMessage = "公安户籍系统：HTTP 503 服务暂不可用",
            });
        }

        step.Attempt += count;
        await db.SaveChangesAsync();
    }

    private async Task WaitAsync(Func<Task<bool>> condition, string code)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"{code} did not reach the expected state within 30 seconds: " + string.Join("; ", (await Queries.GetAsync(code))!.Steps.Select(s => $"{s.StepId}={s.Status} {s.Error}")));
            }

            await Task.Delay(100);
        }
    }
}
