using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using RpaRunner.Runner.Demo;
using RpaRunner.Runner.Security;
using RpaRunner.Runner.Tests.TestSupport;
using RpaRunner.Tests.Shared;

namespace RpaRunner.Runner.Tests.EndToEnd;

/// <summary>
/// A retirement case whose bundle (a test bundle: version 1's steps with the 身份证扫描件 declared for the 公积金 withdrawal)
/// takes the scan through the materials API; the desktop bot fetches it from the runner with its dispatch token and uploads
/// it through the counter client's file dialog, and the centre's record holds it with the SHA-256 the hall stored.
/// </summary>
public sealed class DesktopUploadEndToEndTests : IAsyncLifetime
{
    private const int Version = TestBundles.ShippedRetirementVersion + 1;
    private static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% 身份证扫描件\ntrailer << /Root 1 0 R >>\n%%EOF\n"u8.ToArray();
    private readonly string _bundles = Directory.CreateTempSubdirectory("rpa-bundles-").FullName;
    private PrivateClamd _clamd = null!;
    private SandboxBeside _sandbox = null!;
    private RunnerFixture _runner = null!;

    public async Task InitializeAsync()
    {
        await File.WriteAllTextAsync(Path.Combine(_bundles, "retirement-idcard.json"), TestBundles.RetirementWithIdCardScan(Version));
        _clamd = await PrivateClamd.StartAsync();
        _sandbox = await SandboxBeside.StartAsync(Path.Combine(Path.GetTempPath(), "rpa-sandbox-" + Guid.NewGuid().ToString("N")), CancellationToken.None);
        var url = $"http://127.0.0.1:{FreePort()}";
        _runner = await RunnerFixture.StartAsync(null,
        [
            .. _sandbox.RunnerArgs(), "--Bots:ConcurrencyPerPool=4", "--Engine:LeaseDuration=00:01:00", "--WebBots:StepTimeout=00:00:15",
            $"--Materials:ClamAv={_clamd.Address}", "--urls", url, $"--Bots:RunnerUrl={url}", $"--Runner:BundlesFolder={_bundles}",
        ]);
    }

    public async Task DisposeAsync()
    {
        await _runner.DisposeAsync();
        var folder = _sandbox.Sandbox.DataDirectory;
        await _sandbox.DisposeAsync();
        await _clamd.DisposeAsync();
        foreach (var leftover in new[] { folder, _bundles })
        {
            try
            {
                Directory.Delete(leftover, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless.
            }
        }
    }

    [Fact]
    public async Task IdCardScan_ReachesTheCounterClientsRecord_WithTheSha256TheHallStored()
    {
        Assert.Null(_sandbox.DesktopUnavailable);
        using var clerk = _runner.Client(Roles.Clerk);
        var code = await RunnerFixture.SubmitVersionAsync(clerk, "retirement", Version, _sandbox.Applications.RetirementVersion1(0));
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Pdf);
        file.Headers.ContentType = MediaTypeHeaderValue.Parse("application/pdf");
        form.Add(file, "file", "身份证.pdf");
        var added = await clerk.PostAsync($"/api/cases/{code}/materials/idCardScan", form);
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        var hallSha256 = (await added.Content.ReadFromJsonAsync<JsonNode>())!["sha256"]!.GetValue<string>();

        var done = await RunnerFixture.WaitForCaseAsync(clerk, code, TimeSpan.FromMinutes(4));
        Assert.Equal("completed", done["status"]!.GetValue<string>());
        var housingFund = done["steps"]!.AsArray().Single(s => s!["stepId"]!.GetValue<string>() == "housingFund")!;
        Assert.Equal("desktop-linux", housingFund["pool"]!.GetValue<string>());
        var record = Assert.Single(await RecordsAsync("gongjijin-counter", housingFund["idempotencyKey"]!.GetValue<string>()))!;
        var stored = Assert.Single(record["attachments"]!.AsArray())!;
        Assert.Equal("idCardScan", stored["name"]!.GetValue<string>());
        Assert.Equal(hallSha256, stored["sha256"]!.GetValue<string>());

        using var operatorClient = _runner.Client(Roles.Operator);
        var audit = await operatorClient.GetFromJsonAsync<JsonArray>($"/api/cases/{code}/audit");
        Assert.Equal("housingFund", Assert.Single(audit!, a => a!["kind"]!.GetValue<string>() == "material.read")!["stepId"]!.GetValue<string>());
    }

    private async Task<JsonArray> RecordsAsync(string system, string key)
    {
        using var http = new HttpClient { BaseAddress = _sandbox.Sandbox.InspectionUrl };
        http.DefaultRequestHeaders.Add("X-Inspection-Key", _sandbox.Sandbox.InspectionKey);
        return (await http.GetFromJsonAsync<JsonArray>($"systems/{system}/records?externalNo={Uri.EscapeDataString(key)}"))!;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
