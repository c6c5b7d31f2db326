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
/// A newborn case's 出生医学证明 scan, handed in through the materials API (content check, ClamAV), is uploaded by the web bot
/// into 公安's 户口登记 in real Chromium and lands there with the SHA-256 the hall stored. The bots fetch it as a farm worker
/// does: over HTTP from the runner, with the running attempt's dispatch token.
/// </summary>
public sealed class MaterialUploadEndToEndTests : IAsyncLifetime
{
    private static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% 出生医学证明\ntrailer << /Root 1 0 R >>\n%%EOF\n"u8.ToArray();
    private PrivateClamd _clamd = null!;
    private SandboxBeside _sandbox = null!;
    private RunnerFixture _runner = null!;

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));

    public async Task InitializeAsync()
    {
        _clamd = await PrivateClamd.StartAsync();
        _sandbox = await SandboxBeside.StartAsync(Path.Combine(Path.GetTempPath(), "rpa-sandbox-" + Guid.NewGuid().ToString("N")), CancellationToken.None);
        var url = $"http://127.0.0.1:{FreePort()}";
        _runner = await RunnerFixture.StartAsync(null,
        [
            .. _sandbox.RunnerArgs(), "--Bots:ConcurrencyPerPool=4", "--Engine:LeaseDuration=00:01:00", "--WebBots:StepTimeout=00:00:15",
            $"--Materials:ClamAv={_clamd.Address}", "--urls", url, $"--Bots:RunnerUrl={url}",
        ]);
    }

    public async Task DisposeAsync()
    {
        await _runner.DisposeAsync();
        var folder = _sandbox.Sandbox.DataDirectory;
        await _sandbox.DisposeAsync();
        await _clamd.DisposeAsync();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    [Fact]
    public async Task NewbornScan_ReachesGonganWithTheSha256TheHallStored_FetchedWithTheDispatchToken_AndAudited()
    {
        using var clerk = _runner.Client(Roles.Clerk);
        var code = await RunnerFixture.SubmitAsync(clerk, "newborn", _sandbox.Applications.For("newborn", 0, Today));
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Pdf);
        file.Headers.ContentType = MediaTypeHeaderValue.Parse("application/pdf");
        form.Add(file, "file", "出生医学证明.pdf");
        var added = await clerk.PostAsync($"/api/cases/{code}/materials/birthCertificateScan", form);
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        var hallSha256 = (await added.Content.ReadFromJsonAsync<JsonNode>())!["sha256"]!.GetValue<string>();

        var done = await RunnerFixture.WaitForCaseAsync(clerk, code, TimeSpan.FromMinutes(4));
        Assert.Equal("completed", done["status"]!.GetValue<string>());
        var household = done["steps"]!.AsArray().Single(s => s!["stepId"]!.GetValue<string>() == "household")!;
        var record = Assert.Single(await RecordsAsync("gongan", household["idempotencyKey"]!.GetValue<string>()))!;
        var stored = Assert.Single(record["attachments"]!.AsArray())!;
        Assert.Equal("birthCertificateScan", stored["name"]!.GetValue<string>());
        Assert.Equal("出生医学证明.pdf", stored["fileName"]!.GetValue<string>());
        Assert.Equal(hallSha256, stored["sha256"]!.GetValue<string>());

        using var operatorClient = _runner.Client(Roles.Operator);
        var audit = await operatorClient.GetFromJsonAsync<JsonArray>($"/api/cases/{code}/audit");
        var read = Assert.Single(audit!, a => a!["kind"]!.GetValue<string>() == "material.read")!;
        Assert.Equal("household", read["stepId"]!.GetValue<string>());

        // The worker door opens only to the running attempt's token, and asks for it.
        using var anonymous = RunnerFixture.ClientFor(_runner.Address, role: null);
        var path = $"/api/worker/steps/{Guid.NewGuid()}/materials/birthCertificateScan";
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(path)).StatusCode);
        using var stale = new HttpRequestMessage(HttpMethod.Get, path);
        stale.Headers.Add("X-Dispatch-Token", Guid.NewGuid().ToString());
        stale.Headers.Add("X-Worker", "someone");
        Assert.Equal(HttpStatusCode.Forbidden, (await anonymous.SendAsync(stale)).StatusCode);
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
