using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RpaRunner.Designer.Tests.TestSupport;
using RpaRunner.Runner.Demo;
using RpaRunner.Runner.Security;
using RpaRunner.Tests.Shared;
using RpaRunner.Workflows.Engine;

namespace RpaRunner.Designer.Tests.EndToEnd;

/// <summary>The UI runner with a private clamd beside it, so the hall can take materials in.</summary>
public sealed class MaterialsUiRunnerFixture : UiRunnerFixture
{
    private PrivateClamd? _clamd;

    public override async Task InitializeAsync()
    {
        _clamd = await PrivateClamd.StartAsync();
        await StartAsync([.. ArgsFor(Folder), $"--Materials:ClamAv={_clamd.Address}"], services => services.AddSingleton(Script));
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_clamd is not null)
        {
            await _clamd.DisposeAsync();
        }
    }
}

public sealed class HallMaterialsJourneyTests(MaterialsUiRunnerFixture runner) : IClassFixture<MaterialsUiRunnerFixture>
{
    /// <summary>
    /// The form page tells the material list once (which are required, which may follow later); on the case page the
    /// clerk uploads the scan of the birth certificate, sees it received with its size and fingerprint, and the printed
    /// receipt lists it as received. The case waits for the applicant (补正), so it still takes materials.
    /// </summary>
    [Fact]
    public async Task Clerk_SeesTheMaterialList_UploadsAScan_AndTheReceiptListsItAsReceived()
    {
        var engine = runner.Services.GetRequiredService<CaseEngine>();
        var form = SampleApplications.For("newborn", 71, engine.Today);
        form["child"]!["name"] = UiRunnerFixture.RestrictedChildName;
        var code = await runner.SubmitAsync("newborn", form);

        var page = await runner.NewPageAsync();
        await page.SignInAsync(Roles.Clerk, "/hall/newborn");
        var told = page.Locator("[data-testid=materials] [data-material=birthCertificateScan]");
        await Assertions.Expect(told).ToContainTextAsync("出生医学证明");
        await Assertions.Expect(told.Locator("[data-testid=material-requirement]")).ToContainTextAsync("必须提交；可容缺受理，后补");
        await page.Locator("[data-testid=materials]").DocumentAsync("hall-form-materials");

        await page.GotoAsync($"/hall/cases/{code}");
        await page.WaitForInteractiveAsync();
        var row = page.Locator("[data-testid=materials] [data-material=birthCertificateScan]");
        await Assertions.Expect(row.Locator("[data-testid=material-state]")).ToContainTextAsync("未提交");
        await row.Locator("input[type=file]").ChooseFileAsync(new FilePayload
        {
            Name = "出生医学证明.pdf",
            MimeType = "application/pdf",
            Buffer = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"u8.ToArray(),
        });
        await Assertions.Expect(row.Locator("[data-testid=material-state]")).ToContainTextAsync("已收取：出生医学证明.pdf", new() { Timeout = 20_000 }); // read, scanned by clamd, sealed
        await Assertions.Expect(row.Locator("[data-testid=material-state]")).ToContainTextAsync("SHA-256");

        var receipt = page.Locator("[data-testid=receipt-materials] [data-material=birthCertificateScan]");
        await Assertions.Expect(receipt).ToContainTextAsync("已收取");
        await page.DocumentAsync("hall-case-materials");

        var supplied = Assert.Single((await engine.MaterialsOfAsync(code))!);
        Assert.Equal("出生医学证明.pdf", supplied.FileName);
    }
}
