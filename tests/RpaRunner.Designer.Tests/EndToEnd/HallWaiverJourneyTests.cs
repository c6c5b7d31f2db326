using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RpaRunner.Designer.Tests.TestSupport;
using RpaRunner.Runner.Demo;
using RpaRunner.Runner.Security;
using RpaRunner.Workflows.Engine;
using RpaRunner.Workflows.Materials;

namespace RpaRunner.Designer.Tests.EndToEnd;

/// <summary>容缺受理 and 告知承诺 at the hall window (ADR 0019), on the UI runner with simulated systems and a private clamd.</summary>
public sealed class HallWaiverJourneyTests(MaterialsUiRunnerFixture runner) : IClassFixture<MaterialsUiRunnerFixture>
{
    private static readonly byte[] s_pdf = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"u8.ToArray();

    /// <summary>
    /// The clerk accepts the birth certificate 容缺 on the form; the case runs up to 户口登记, which waits for it (待补材料)
    /// with its due moment, and the receipt says by when it is due. The clerk uploads the scan on the case page: the
    /// household registration goes on and the case completes.
    /// </summary>
    [Fact]
    public async Task Clerk_AcceptsTheBirthCertificateDeferred_TheHouseholdStepWaits_ThenTheScanIsAdded_AndTheCaseCompletes()
    {
        var page = await runner.NewPageAsync();
        await page.SignInAsync(Roles.Clerk, "/hall/newborn");
        var birth = DateOnly.FromDateTime(DateTime.Today).AddDays(-10).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await Fill(page, "child.name", "周小容");
        await page.ChooseAsync("[data-field='child.sex']", "女");
        await Fill(page, "child.birthDate", birth);
        await Fill(page, "child.birthPlace", "湖南省妇幼保健院");
        await Fill(page, "mother.name", "周芳");
        await Fill(page, "mother.idNumber", "430102199003070020");
        await Fill(page, "mother.phone", "13800138000");
        await Fill(page, "household.address", "湖南省长沙市芙蓉区五一大道100号");
        await Fill(page, "household.mailingAddress", "湖南省长沙市芙蓉区五一大道100号");
        await page.ChooseAsync("[data-field='child.ethnicity']", "汉族");
        await page.ChooseAsync("[data-field='household.settleWith']", "随母落户");
        await page.ChooseAsync("[data-field='household.county']", "芙蓉区");
        await Fill(page, "household.headName", "周芳");
        await Fill(page, "household.headIdNumber", "430102199003070020");
        await page.ChooseAsync("[data-field='household.headRelation']", "女");
        await Fill(page, "insurance.year", birth[..4]);

        var told = page.Locator("[data-testid=materials] [data-material=birthCertificateScan]");
        await Assertions.Expect(told.Locator("[data-testid=material-promise]")).ToHaveCountAsync(0); // the bundle allows no promise for it
        await told.Locator("[data-testid=material-defer]").ClickAsync();
        await Assertions.Expect(told.Locator("[data-testid=material-choice]")).ToContainTextAsync("容缺后补：受理后 5 个工作日内补交");
        await page.Locator("[data-testid=materials]").DocumentAsync("hall-form-waiver");
        await page.ClickAsync("[data-testid=submit-case]");
        try
        {
            await page.WaitForURLAsync("**/hall/cases/*", new() { Timeout = 30_000 });
        }
        catch (TimeoutException)
        {
            Assert.Fail("The hall stayed on the form after submit: " + await page.Locator(".page").InnerTextAsync());
        }

        var code = (await page.Locator("[data-testid=case-code]").TextContentAsync())!.Trim();

        await Assertions.Expect(page.Locator("[data-status=AwaitingMaterial]")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("[data-status=AwaitingMaterial]")).ToHaveTextAsync("待补材料");
        var household = page.Locator("[data-step=household]");
        await Assertions.Expect(household.Locator("[data-step-status=AwaitingMaterial]")).ToHaveTextAsync("待补材料");
        await Assertions.Expect(household.Locator("[data-testid=step-awaiting-material]")).ToContainTextAsync("须于");
        // Its clock stands for the material, and says so (not 补正, which is the applicant correcting the form).
        await Assertions.Expect(household.Locator("[data-testid=deadline]")).ToContainTextAsync("已暂停（等待补交材料）");
        var row = page.Locator("[data-testid=materials] [data-material=birthCertificateScan]");
        await Assertions.Expect(row.Locator("[data-testid=material-state]")).ToContainTextAsync("容缺受理，待补交：须于");
        await page.DocumentAsync("hall-case-awaiting-material");

        await page.EmulateMediaAsync(new() { Media = Media.Print });
        await Assertions.Expect(page.Locator("[data-testid=receipt-materials] [data-material=birthCertificateScan] [data-testid=receipt-material-state]"))
            .ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"^容缺受理，须于 \d{4}-\d{2}-\d{2}.* 前补交$"));
        await page.EmulateMediaAsync(new() { Media = Media.Screen });

        await row.Locator("input[type=file]").ChooseFileAsync(new FilePayload { Name = "出生医学证明.pdf", MimeType = "application/pdf", Buffer = s_pdf });
        await Assertions.Expect(row.Locator("[data-testid=material-state]")).ToContainTextAsync("已收取：出生医学证明.pdf");
        await Assertions.Expect(page.Locator("[data-status=Completed]")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(household.Locator("[data-step-status=Succeeded]")).ToBeVisibleAsync();

        var audit = await runner.Services.GetRequiredService<CaseQueries>().AuditOfAsync(code);
        Assert.Contains(audit!, a => a.Kind == "step.material-resumed" && a.StepId == "household");
    }

    /// <summary>
    /// A company case whose premises proof was accepted 容缺 through the API waits at 企业设立登记; on the case page the
    /// clerk shows the applicant the commitment text, the applicant ticks it, and the clerk confirms it: the material
    /// reads 告知承诺代替 with who and when, and the registration goes on.
    /// </summary>
    [Fact]
    public async Task Clerk_RecordsTheApplicantsPromise_OnTheCasePage_AndTheWaitingRegistrationGoesOn()
    {
        var engine = runner.Services.GetRequiredService<CaseEngine>();
        using var clerk = runner.Client(Roles.Clerk);
        var response = await clerk.PostAsJsonAsync("/api/cases", new
        {
            bundleId = "company-setup",
            form = SampleApplications.For("company-setup", 73, engine.Today),
            materials = new JsonObject { ["premisesProof"] = new JsonObject { ["decision"] = "deferred" } },
        });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        var code = JsonNode.Parse(body)!["caseCode"]!.GetValue<string>();

        var page = await runner.NewPageAsync();
        await page.SignInAsync(Roles.Clerk, $"/hall/cases/{code}");
        var registration = page.Locator("[data-step=registration]");
        await Assertions.Expect(registration.Locator("[data-step-status=AwaitingMaterial]")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await page.WaitForInteractiveAsync();

        var row = page.Locator("[data-testid=materials] [data-material=premisesProof]");
        var panel = page.Locator("[data-testid=promise-panel][data-material=premisesProof]");
        await row.Locator("[data-testid=material-promise]").ClickAsync();
        await Assertions.Expect(panel).ToBeVisibleAsync(new() { Timeout = 10_000 });
        await Assertions.Expect(panel.Locator("[data-testid=promise-text]")).ToContainTextAsync("本人承诺：所申报的住所（经营场所）真实、合法");
        await Assertions.Expect(panel.Locator("[data-testid=promise-confirm]")).ToBeDisabledAsync();
        await panel.GetByText("申请人已阅读并勾选确认以上承诺").ClickAsync();
        await Assertions.Expect(panel.Locator("[data-testid=promise-confirm]")).ToBeEnabledAsync();
        await page.DocumentAsync("hall-case-promise");
        await panel.Locator("[data-testid=promise-confirm]").ClickAsync();

        await Assertions.Expect(row.Locator("[data-testid=material-promised]")).ToContainTextAsync("告知承诺代替（申请人勾选确认，");
        await Assertions.Expect(registration.Locator("[data-step-status=AwaitingMaterial]")).ToHaveCountAsync(0, new() { Timeout = 30_000 });
        var promised = (await engine.MaterialsOfAsync(code))!.Single(m => m.Id == "premisesProof");
        Assert.Equal((MaterialState.Promised, true), (promised.State, promised.Decision!.ApplicantTicked));
    }

    private static async Task Fill(IPage page, string field, string value)
    {
        var input = page.Locator($"[data-field='{field}'] input");
        await input.FillAsync(value);
        await input.BlurAsync();
    }
}
