using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using RpaRunner.Runner.Demo;
using RpaRunner.Runner.Security;
using RpaRunner.Runner.Tests.TestSupport;
using RpaRunner.Tests.Shared;

namespace RpaRunner.Runner.Tests.Api;

/// <summary>
/// 容缺受理 and 告知承诺 through the API (ADR 0019) on the runner with simulated systems and a private clamd: the rules
/// of a decision at submission and on the decision endpoint, and a 容缺 case that completes once its material is added.
/// </summary>
public sealed class MaterialDecisionsApiTests : IAsyncLifetime
{
    private static readonly byte[] s_pdf = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"u8.ToArray();
    private PrivateClamd _clamd = null!;
    private RunnerFixture _runner = null!;

    public async Task InitializeAsync()
    {
        _clamd = await PrivateClamd.StartAsync();
        _runner = await RunnerFixture.StartAsync(null, $"--Materials:ClamAv={_clamd.Address}");
    }

    public async Task DisposeAsync()
    {
        await _runner.DisposeAsync();
        await _clamd.DisposeAsync();
    }

    private static Task<HttpResponseMessage> SubmitAsync(HttpClient clerk, string bundleId, int sample, JsonObject materials) =>
        clerk.PostAsJsonAsync("/api/cases", new { bundleId, form = SampleApplications.For(bundleId, sample, ApiRunner.Today), materials });

    private static JsonObject Decision(string materialId, string decision, bool? ticked = null)
    {
        var body = new JsonObject { ["decision"] = decision };
        if (ticked is { } t)
        {
            body["applicantTicked"] = t;
        }

        return new JsonObject { [materialId] = body };
    }

    [Fact]
    public async Task ADeferredCase_CompletesAfterTheMaterialIsAdded()
    {
        using var clerk = _runner.Client(Roles.Clerk);
        var response = await SubmitAsync(clerk, "newborn", 41, Decision("birthCertificateScan", "deferred"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var code = (await response.Content.ReadFromJsonAsync<JsonNode>())!["caseCode"]!.GetValue<string>();

        // The other matters run; 户口登记 waits for the certificate, and so does everything after it.
        var waiting = await RunnerFixture.WaitForCaseAsync(clerk, code, TimeSpan.FromSeconds(60), c => c["status"]!.GetValue<string>() == "awaitingMaterial");
        var steps = waiting["steps"]!.AsArray();
        Assert.Equal("awaitingMaterial", Step(steps, "household")["status"]!.GetValue<string>());
        Assert.NotNull(Step(steps, "household")["dueAt"]);
        Assert.Equal("succeeded", Step(steps, "vaccination")["status"]!.GetValue<string>());
        var material = waiting["materials"]!.AsArray().Single()!;
        Assert.Equal(("deferred", "deferred"), (material["state"]!.GetValue<string>(), material["decision"]!["choice"]!.GetValue<string>()));

        using var file = new MultipartFormDataContent();
        var content = new ByteArrayContent(s_pdf);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        file.Add(content, "file", "birth.pdf");
        Assert.Equal(HttpStatusCode.OK, (await clerk.PostAsync($"/api/cases/{code}/materials/birthCertificateScan", file)).StatusCode);

        var done = await RunnerFixture.WaitForCaseAsync(clerk, code, TimeSpan.FromSeconds(60), c => c["status"]!.GetValue<string>() is "completed" or "waitingForPerson");
        Assert.Equal("completed", done["status"]!.GetValue<string>());
        Assert.Equal("supplied", done["materials"]!.AsArray().Single()!["state"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("company-setup", "articles", "promised", true, "material.no-promise", "“公司章程”不适用告知承诺，请提交材料")]
    [InlineData("company-setup", "premisesProof", "promised", false, "material.promise-unconfirmed", "“住所（经营场所）证明”的告知承诺须由申请人勾选确认或签名")]
    [InlineData("newborn", "birthCertificateScan", "later", null, "material.decision-invalid", "材料的决定须为 容缺后补（deferred）或 告知承诺（promised）")]
    public async Task ASubmissionWithADecisionTheBundleDoesNotAllow_Is400WithTheMaterialsPathAndCode_AndStoresNothing(
        string bundleId, string materialId, string decision, bool? ticked, string errorCode, string message)
    {
        using var clerk = _runner.Client(Roles.Clerk);
        var before = (await clerk.GetFromJsonAsync<JsonNode>("/api/cases"))!["total"]!.GetValue<int>();
        var response = await SubmitAsync(clerk, bundleId, 42, Decision(materialId, decision, ticked));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<JsonNode>())!;
        var error = problem["fieldErrors"]!.AsArray().Single()!;
        Assert.Equal(($"materials.{materialId}", errorCode, message), (error["path"]!.GetValue<string>(), error["code"]!.GetValue<string>(), error["message"]!.GetValue<string>()));
        Assert.Equal(message, problem["errors"]![$"materials.{materialId}"]![0]!.GetValue<string>());
        Assert.Equal(before, (await clerk.GetFromJsonAsync<JsonNode>("/api/cases"))!["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task ThePromiseRecordedLater_ThroughTheDecisionEndpoint_IsCheckedByTheSameRule_AndReleasesTheWaitingStep()
    {
        using var clerk = _runner.Client(Roles.Clerk);
        var submitted = await SubmitAsync(clerk, "company-setup", 43, Decision("premisesProof", "deferred"));
        var code = (await submitted.Content.ReadFromJsonAsync<JsonNode>())!["caseCode"]!.GetValue<string>();
        var waiting = await clerk.GetFromJsonAsync<JsonNode>($"/api/cases/{code}");
        Assert.Equal("awaitingMaterial", Step(waiting!["steps"]!.AsArray(), "registration")["status"]!.GetValue<string>());

        var unticked = await clerk.PostAsJsonAsync($"/api/cases/{code}/materials/premisesProof/decision", new { decision = "promised" });
        Assert.Equal(HttpStatusCode.BadRequest, unticked.StatusCode);
        Assert.Equal("material.promise-unconfirmed", (await unticked.Content.ReadFromJsonAsync<JsonNode>())!["fieldErrors"]![0]!["code"]!.GetValue<string>());

        var promised = await clerk.PostAsJsonAsync($"/api/cases/{code}/materials/premisesProof/decision", new { decision = "promised", applicantTicked = true });
        Assert.Equal(HttpStatusCode.OK, promised.StatusCode);
        var view = (await promised.Content.ReadFromJsonAsync<JsonNode>())!;
        Assert.Equal(("promised", "clerk1"), (view["state"]!.GetValue<string>(), view["decision"]!["decidedBy"]!.GetValue<string>()));

        var moved = await RunnerFixture.WaitForCaseAsync(clerk, code, TimeSpan.FromSeconds(60), c => Step(c["steps"]!.AsArray(), "registration")["status"]!.GetValue<string>() != "awaitingMaterial");
        Assert.NotEqual("awaitingMaterial", moved["status"]!.GetValue<string>());
    }

    private static JsonNode Step(JsonArray steps, string stepId) => steps.Single(s => s!["stepId"]!.GetValue<string>() == stepId)!;
}
