using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RpaRunner.Bots.Simulated;
using RpaRunner.Runner.Demo;
using RpaRunner.Runner.Security;
using RpaRunner.Runner.Tests.TestSupport;
using RpaRunner.Tests.Shared;
using RpaRunner.Workflows.Audit;
using RpaRunner.Workflows.Engine.Storage;

namespace RpaRunner.Runner.Tests.Api;

/// <summary>
/// Materials through the API against a private clamd: a supplied file is stored sealed and listed with its SHA-256, read
/// back as it was; an EICAR file is refused (422, audited); with the scanner stopped an upload is 503 and nothing is stored.
/// The company-setup case waits for a person at its first matter, so it stays open for the uploads.
/// </summary>
public sealed class MaterialsApiTests : IAsyncLifetime
{
    private static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"u8.ToArray();
    private PrivateClamd _clamd = null!;
    private RunnerFixture _runner = null!;
    private string _case = null!;

    public async Task InitializeAsync()
    {
        _clamd = await PrivateClamd.StartAsync();
        _runner = await RunnerFixture.StartAsync(new ScriptedSimulation().Always("registration", SimulatedOutcome.NeedPerson), $"--Materials:ClamAv={_clamd.Address}");
        using var clerk = _runner.Client(Roles.Clerk);
        _case = await RunnerFixture.SubmitAsync(clerk, "company-setup", SampleApplications.CompanySetup(7, ApiRunner.Today));
    }

    public async Task DisposeAsync()
    {
        await _runner.DisposeAsync();
        await _clamd.DisposeAsync();
    }

    [Fact]
    public async Task Upload_CleanPdf_IsStoredSealed_ListedWithItsSha256_AndReadBackAsItWas()
    {
        using var clerk = _runner.Client(Roles.Clerk);
        var response = await UploadAsync(clerk, "articles", Pdf, "章程.pdf", "application/octet-stream");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var view = await clerk.GetFromJsonAsync<JsonNode>($"/api/cases/{_case}");
        var materials = view!["materials"]!.AsArray();
        var articles = materials.Single(m => m!["id"]!.GetValue<string>() == "articles")!;
        Assert.Equal("supplied", articles["state"]!.GetValue<string>());
        Assert.Equal("章程.pdf", articles["fileName"]!.GetValue<string>());
        Assert.Equal(Pdf.Length, articles["size"]!.GetValue<long>());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Pdf)), articles["sha256"]!.GetValue<string>());
        Assert.Equal("missing", materials.Single(m => m!["id"]!.GetValue<string>() == "premisesProof")!["state"]!.GetValue<string>());

        using var operatorClient = _runner.Client(Roles.Operator);
        var file = await operatorClient.GetAsync($"/api/cases/{_case}/materials/articles");
        Assert.Equal("application/pdf", file.Content.Headers.ContentType!.MediaType);
        Assert.Equal(Pdf, await file.Content.ReadAsByteArrayAsync());

        await using var db = await _runner.Services.GetRequiredService<IDbContextFactory<EngineDbContext>>().CreateDbContextAsync();
        var raw = await db.Database.SqlQueryRaw<byte[]>("SELECT \"Content\" AS \"Value\" FROM case_materials").SingleAsync();
        Assert.True(Workflows.Privacy.PersonalDataCipher.IsProtected(raw), "the stored file is sealed");
        Assert.True(await db.AuditEvents.AnyAsync(a => a.CaseCode == _case && a.Kind == AuditKinds.MaterialAdded));
    }

    [Fact]
    public async Task Upload_Eicar_IsRefusedWith422InBothLanguages_AndAudited()
    {
        using var clerk = _runner.Client(Roles.Clerk);
        var eicar = PrivateClamd.Eicar;

        // A PNG's signature first, so the type check passes and the scanner is what refuses it.
        byte[] disguised = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, .. eicar];
        var response = await UploadAsync(clerk, "premisesProof", disguised, "lease.png", "image/png");
        var problem = await response.Content.ReadFromJsonAsync<JsonNode>();
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("material.infected", problem!["code"]!.GetValue<string>());
        Assert.StartsWith("文件含有病毒或恶意代码", problem["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.StartsWith("The file contains a virus", problem["messageEn"]!.GetValue<string>(), StringComparison.Ordinal);

        // The bare test file is not a PDF, JPEG or PNG by its content, whatever its name says.
        var renamed = await UploadAsync(clerk, "premisesProof", eicar, "lease.pdf", "application/pdf");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, renamed.StatusCode);
        Assert.Equal("material.wrong-type", (await renamed.Content.ReadFromJsonAsync<JsonNode>())!["code"]!.GetValue<string>());

        await using var db = await _runner.Services.GetRequiredService<IDbContextFactory<EngineDbContext>>().CreateDbContextAsync();
        Assert.False(await db.CaseMaterials.AnyAsync(m => m.MaterialId == "premisesProof"));
        Assert.Equal(2, await db.AuditEvents.CountAsync(a => a.CaseCode == _case && a.Kind == AuditKinds.MaterialRefused));
    }

    [Fact]
    public async Task Upload_WithTheScannerStopped_Is503_AndNothingIsStored()
    {
        using var clerk = _runner.Client(Roles.Clerk);
        await _clamd.StopAsync();
        try
        {
            var response = await UploadAsync(clerk, "articles", Pdf, "章程.pdf", "application/pdf");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("material.unscanned", (await response.Content.ReadFromJsonAsync<JsonNode>())!["code"]!.GetValue<string>());
            await using var db = await _runner.Services.GetRequiredService<IDbContextFactory<EngineDbContext>>().CreateDbContextAsync();
            Assert.False(await db.CaseMaterials.AnyAsync());
        }
        finally
        {
            await _clamd.StartAgainAsync();
        }
    }

    [Fact]
    public async Task Upload_ByADesigner_IsForbidden_AndAnUndeclaredMaterialIsNotFound()
    {
        using var designer = _runner.Client(Roles.Designer);
        Assert.Equal(HttpStatusCode.Forbidden, (await UploadAsync(designer, "articles", Pdf, "a.pdf", "application/pdf")).StatusCode);
        using var clerk = _runner.Client(Roles.Clerk);
        Assert.Equal(HttpStatusCode.NotFound, (await UploadAsync(clerk, "passport", Pdf, "a.pdf", "application/pdf")).StatusCode);
    }

    private Task<HttpResponseMessage> UploadAsync(HttpClient client, string materialId, byte[] content, string fileName, string contentType)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        form.Add(file, "file", fileName);
        return client.PostAsync($"/api/cases/{_case}/materials/{materialId}", form);
    }
}
