using System.Net.Http.Json;
using System.Text.Json.Nodes;
using RpaRunner.Runner.Security;
using RpaRunner.Runner.Tests.TestSupport;

namespace RpaRunner.Runner.Tests.EndToEnd;

/// <summary>
/// 电子证照 in newborn v3, through the runner, the bots and the sandbox: a certificate the hospital issued is fetched from
/// the 电子证照库, kept as the case's material and uploaded to 公安 with the library's SHA-256, and 卫健 issues nothing
/// again; a certificate not issued yet makes 卫健 issue it from the window's data, and the case completes the v2 way.
/// </summary>
public sealed class LicenceFetchEndToEndTests : IAsyncLifetime
{
    private readonly SandboxRunnerFixture _f = new();

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));

    public Task InitializeAsync() => _f.InitializeAsync();

    public Task DisposeAsync() => _f.DisposeAsync();

    [Fact]
    public async Task Newborn_IssuedCertificateIsFetchedAndReachesGongan_NotIssuedFallsBackToWeijian_BothComplete()
    {
        var issuedForm = _f.Applications.For("newborn", 3, Today);
        var (licence, error) = await _f.Sandbox.Sandbox.HospitalIssuesBirthCertificateAsync(CertificateFields(issuedForm));
        Assert.True(licence is not null, error);
        var notIssuedForm = _f.Applications.For("newborn", 4, Today);
        using var clerk = _f.Runner.Client(Roles.Clerk);

        var fetchedCode = await RunnerFixture.SubmitAsync(clerk, "newborn", issuedForm);
        var fallbackCode = await RunnerFixture.SubmitAsync(clerk, "newborn", notIssuedForm);
        var fetched = await RunnerFixture.WaitForCaseAsync(clerk, fetchedCode, TimeSpan.FromMinutes(4));
        var fallback = await RunnerFixture.WaitForCaseAsync(clerk, fallbackCode, TimeSpan.FromMinutes(4));

        // Issued: fetched from the library, 卫健's step skipped, the number and the document flow on.
        Assert.Equal(3, fetched["bundleVersion"]!.GetValue<int>());
        Assert.Equal("completed", fetched["status"]!.GetValue<string>());
        Assert.Equal("true", Step(fetched, "fetchBirthCertificate")["outputs"]!["found"]!.GetValue<string>());
        Assert.Equal(licence!.LicenceNo, Step(fetched, "fetchBirthCertificate")["outputs"]!["licenceNo"]!.GetValue<string>());
        Assert.Equal("skipped", Step(fetched, "birthCertificate")["status"]!.GetValue<string>());
        Assert.Equal(licence.LicenceNo, Step(fetched, "household")["inputs"]!["birthCertificateNo"]!.GetValue<string>());
        Assert.Equal(licence.LicenceNo, Step(fetched, "vaccination")["inputs"]!["birthCertificateNo"]!.GetValue<string>());
        var material = fetched["materials"]!.AsArray().Single(m => m!["id"]!.GetValue<string>() == "birthCertificateScan")!;
        Assert.Equal("supplied", material["state"]!.GetValue<string>());
        Assert.Equal(licence.Sha256, material["sha256"]!.GetValue<string>());
        Assert.Equal("电子证照库", material["uploadedBy"]!.GetValue<string>());

        var household = Assert.Single(await _f.RecordsAsync("gongan", Step(fetched, "household")["idempotencyKey"]!.GetValue<string>()))!;
        var attachment = Assert.Single(household["attachments"]!.AsArray())!;
        Assert.Equal(licence.Sha256, attachment["sha256"]!.GetValue<string>());
        Assert.Single(await _f.RecordsAsync("weijian", Step(fetched, "vaccination")["idempotencyKey"]!.GetValue<string>()));
        Assert.Empty(await _f.RecordsAsync("weijian", Step(fetched, "birthCertificate")["idempotencyKey"]!.GetValue<string>()));
        Assert.Equal(1, await CountAsync("weijian", "weijian.issueBirthCertificate", issuedForm["mother"]!["idNumber"]!.GetValue<string>()));

        using var operatorClient = _f.Runner.Client(Roles.Operator);
        var audit = await operatorClient.GetFromJsonAsync<JsonArray>($"/api/cases/{fetchedCode}/audit");
        Assert.Single(audit!, a => a!["kind"]!.GetValue<string>() == "material.added" && a["actor"]!.GetValue<string>() == "电子证照库");

        // Not issued: the fallback is 卫健 issuing it from the window's data; nothing was fetched, nothing uploaded.
        Assert.Equal("completed", fallback["status"]!.GetValue<string>());
        Assert.Equal("false", Step(fallback, "fetchBirthCertificate")["outputs"]!["found"]!.GetValue<string>());
        Assert.Equal("succeeded", Step(fallback, "birthCertificate")["status"]!.GetValue<string>());
        var issuedByWeijian = Step(fallback, "birthCertificate")["outputs"]!["birthCertificateNo"]!.GetValue<string>();
        Assert.Equal(issuedByWeijian, Step(fallback, "household")["inputs"]!["birthCertificateNo"]!.GetValue<string>());
        Assert.Single(await _f.RecordsAsync("weijian", Step(fallback, "birthCertificate")["idempotencyKey"]!.GetValue<string>()));
        var fallbackHousehold = Assert.Single(await _f.RecordsAsync("gongan", Step(fallback, "household")["idempotencyKey"]!.GetValue<string>()))!;
        Assert.Empty(fallbackHousehold["attachments"]!.AsArray());
        Assert.Equal("missing", fallback["materials"]!.AsArray().Single(m => m!["id"]!.GetValue<string>() == "birthCertificateScan")!["state"]!.GetValue<string>());
    }

    private static Dictionary<string, string> CertificateFields(JsonObject form) => new()
    {
        ["childName"] = form["child"]!["name"]!.GetValue<string>(),
        ["childSex"] = form["child"]!["sex"]!.GetValue<string>(),
        ["birthDate"] = form["child"]!["birthDate"]!.GetValue<string>(),
        ["birthPlace"] = form["child"]!["birthPlace"]!.GetValue<string>(),
        ["motherName"] = form["mother"]!["name"]!.GetValue<string>(),
        ["motherIdNumber"] = form["mother"]!["idNumber"]!.GetValue<string>(),
        ["fatherName"] = form["father"]!["name"]!.GetValue<string>(),
        ["fatherIdNumber"] = form["father"]!["idNumber"]!.GetValue<string>(),
    };

    private static JsonNode Step(JsonNode view, string stepId) => view["steps"]!.AsArray().Single(s => s!["stepId"]!.GetValue<string>() == stepId)!;

    private async Task<int> CountAsync(string system, string actionId, string subjectId)
    {
        using var http = new HttpClient { BaseAddress = _f.Sandbox.Sandbox.InspectionUrl };
        http.DefaultRequestHeaders.Add("X-Inspection-Key", _f.Sandbox.Sandbox.InspectionKey);
        var answer = await http.GetFromJsonAsync<JsonObject>($"systems/{system}/records/count?actionId={actionId}&subjectId={subjectId}");
        return answer!["count"]!.GetValue<int>();
    }
}
