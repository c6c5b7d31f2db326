using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RpaRunner.Designer.Tests.TestSupport;
using RpaRunner.Runner.Demo;
using RpaRunner.Runner.Security;
using RpaRunner.Workflows.Calendar;
using RpaRunner.Workflows.Engine;
using RpaRunner.Workflows.Engine.Storage;

namespace RpaRunner.Designer.Tests.EndToEnd;

/// <summary>
/// An operator opens the red-flag count of the dashboard, finds cases by a lower-case code prefix and by an ID number
/// (which never reaches the address), downloads the list, and cancels two cases at once with one reason.
/// </summary>
[Collection(UiCollection.Name)]
public sealed class CaseListJourneyTests(UiRunnerFixture runner)
{
    [Fact]
    public async Task Operator_FiltersByRedFlag_SearchesByCodeAndIdNumber_Exports_AndCancelsInBulk()
    {
        var engine = runner.Services.GetRequiredService<CaseEngine>();
        // Both cases stay open: a department refuses their medical insurance, so the step waits for a person. Their
        // applicants are used by no other test of the shared runner, so a search by the mother's ID finds one case only.
        var form = SampleApplications.For("newborn", 161, engine.Today);
        form["child"]!["name"] = UiRunnerFixture.InsuranceRefusedChild;
        var otherForm = SampleApplications.For("newborn", 162, engine.Today);
        otherForm["child"]!["name"] = UiRunnerFixture.InsuranceRefusedChild;
        var red = await runner.SubmitAsync("newborn", form);
        var other = await runner.SubmitAsync("newborn", otherForm);
        var motherId = form["mother"]!["idNumber"]!.GetValue<string>();
        var queries = runner.Services.GetRequiredService<CaseQueries>();
        foreach (var code in new[] { red, other })
        {
            for (var i = 0; i < 300 && (await queries.GetAsync(code))!.Status != CaseStatus.WaitingForPerson; i++)
            {
                await Task.Delay(100);
            }
        }

        await using (var db = await runner.Services.GetRequiredService<IDbContextFactory<EngineDbContext>>().CreateDbContextAsync())
        {
            // Overdue by the engine's own rule, so its deadline supervision keeps the flag red.
            var step = await db.Steps.Where(s => s.Case!.Code == red && s.Status == StepStatus.WaitingForPerson).FirstAsync();
            step.Flag = DeadlineFlag.Red;
            step.DeadlineAt = DateTimeOffset.UtcNow.AddDays(-3);
            (await db.Cases.FirstAsync(c => c.Code == red)).Flag = DeadlineFlag.Red;
            await db.SaveChangesAsync();
        }

        var page = await runner.NewPageAsync();
        await page.SignInAsync(Roles.Operator, "/console");
        await page.WaitForInteractiveAsync();
        await page.Locator("[data-testid=red-link]").ClickAsync();
        await page.WaitForURLAsync("**/console/cases?flag=red");
        await page.WaitForInteractiveAsync();
        var list = page.Locator("[data-testid=case-list]");
        await Assertions.Expect(list.Locator($"[data-case={red}]")).ToBeVisibleAsync();
        await Assertions.Expect(list.Locator($"[data-case={other}]")).ToHaveCountAsync(0);
        await Assertions.Expect(list).ToContainTextAsync("红牌");
        await page.DocumentAsync("console-case-list-red");

        var search = page.Locator("input[data-testid=case-search], [data-testid=case-search] input").First;
        await page.OpenAsync("/console/cases");
        await search.FillAsync("  " + red[..^1].ToLowerInvariant());
        await search.PressAsync("Enter");
        await Assertions.Expect(list.Locator($"[data-case={red}]")).ToBeVisibleAsync();
        await Assertions.Expect(list.Locator("tbody td[data-case]")).ToHaveCountAsync(1);
        await page.DocumentAsync("console-case-list");

        await search.FillAsync(motherId.ToLowerInvariant());
        await search.PressAsync("Enter");
        await Assertions.Expect(list.Locator($"[data-case={red}]")).ToBeVisibleAsync();
        await Assertions.Expect(list.Locator("tbody td[data-case]")).ToHaveCountAsync(1);
        Assert.DoesNotContain(motherId, page.Url, StringComparison.OrdinalIgnoreCase);

        // The download keeps to the filters of the address: here the cases of the newborn bundle, both of ours among them.
        await page.OpenAsync("/console/cases?bundle=newborn&pageSize=200");
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("[data-testid=export-csv]").ClickAsync());
        var csv = await File.ReadAllTextAsync((await download.PathAsync())!, Encoding.UTF8);
        Assert.StartsWith("办件编码,一件事,状态", csv.TrimStart('\uFEFF'));
        Assert.Contains(red, csv);
        Assert.DoesNotContain(motherId, csv);

        foreach (var code in new[] { red, other })
        {
            await list.Locator($"tr:has([data-case={code}]) input[type=checkbox]").CheckAsync();
        }

        await page.Locator("[data-testid=bulk-cancel]").ClickAsync();
        var dialog = page.Locator("[data-testid=reason-dialog]");
        await Assertions.Expect(dialog.Locator("[data-testid=explanation]")).ToContainTextAsync("共 2 件");
        await Assertions.Expect(dialog.Locator("[data-testid=explanation]")).ToContainTextAsync(other);
        await dialog.Locator("[data-testid=reason] textarea").First.FillAsync("申请人撤回申请");
        await page.DocumentAsync("console-case-bulk-cancel");
        await page.Locator("[data-testid=confirm-action]").ClickAsync();
        var results = page.Locator("[data-testid=bulk-results]");
        await Assertions.Expect(results.Locator($"[data-case={red}][data-done=true]")).ToBeVisibleAsync();
        await Assertions.Expect(results.Locator($"[data-case={other}][data-done=true]")).ToBeVisibleAsync();
        await page.DocumentAsync("console-case-bulk-result");

        foreach (var code in new[] { red, other })
        {
            var view = (await queries.GetAsync(code))!;
            Assert.Equal(CaseStatus.Cancelled, view.Status);
            Assert.Equal("申请人撤回申请", view.CancelReason);
            Assert.Equal("operator1", view.CancelledBy);
        }
    }
}
