using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using RpaRunner.Runner.Demo;
using RpaRunner.Runner.Platform;
using RpaRunner.Runner.Security;
using RpaRunner.Runner.Tests.TestSupport;
using RpaRunner.Sandbox.Platform;

namespace RpaRunner.Runner.Tests.Platform;

/// <summary>
/// POST /api/platform/cases: a case the provincial platform pushes, signed; refused unsigned, tampered or replayed;
/// idempotent by the platform's case number; a bad form answered with the hall's field errors as problem details.
/// </summary>
public sealed class PlatformIntakeTests : IAsyncLifetime
{
    private const string Secret = "platform-push-secret-0123456789abcdef";
    private readonly FakeClock _clock = new();
    private RunnerFixture _runner = null!;
    private HttpClient _http = null!;
    private ProvincialPlatform _platform = null!;

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));

    public async Task InitializeAsync()
    {
        _runner = await RunnerFixture.StartAsync(null, $"--Platform:Inbound:Secret={Secret}");
        _http = _runner.Client(null);
        _platform = new ProvincialPlatform("unused-webhook-secret-0123456789ab", Secret, _clock);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _runner.DisposeAsync();
    }

    [Fact]
    public async Task APushedCase_IsAccepted_AndARepeat_ReturnsTheSameCase_WhileAnotherBodyIsAConflict()
    {
        var pushed = Case("SX-2026-000001", SampleApplications.Newborn(0, Today));
        var (status, body) = await _platform.PushCaseAsync(_http, _runner.Address, pushed);
        Assert.True(status == 201, body);
        var code = JsonNode.Parse(body)!["caseCode"]!.GetValue<string>();

        var (again, againBody) = await _platform.PushCaseAsync(_http, _runner.Address, Case("SX-2026-000001", SampleApplications.Newborn(0, Today)));
        Assert.Equal(200, again);
        Assert.Equal(code, JsonNode.Parse(againBody)!["caseCode"]!.GetValue<string>());

        var (conflict, conflictBody) = await _platform.PushCaseAsync(_http, _runner.Address, Case("SX-2026-000001", SampleApplications.Newborn(1, Today)));
        Assert.Equal(409, conflict);
        Assert.Equal("platform.case-conflict", JsonNode.Parse(conflictBody)!["code"]!.GetValue<string>());

        using var operatorClient = _runner.Client(Roles.Operator);
        var stored = await operatorClient.GetFromJsonAsync<JsonObject>($"/api/cases/{code}");
        Assert.Equal("SX-2026-000001", stored!["platformCaseNo"]!.GetValue<string>());
        var found = await operatorClient.GetFromJsonAsync<JsonObject>("/api/cases?q=SX-2026-000001");
        Assert.Equal(code, Assert.Single(found!["items"]!.AsArray())!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task AWrongSignature_IsRefused401_AndNothingIsStored()
    {
        var forger = new ProvincialPlatform("unused-webhook-secret-0123456789ab", "not-the-secret-0123456789abcdef0123", _clock);
        var (status, body) = await forger.PushCaseAsync(_http, _runner.Address, Case("SX-2026-000002", SampleApplications.Newborn(2, Today)));
        Assert.Equal(401, status);
        Assert.Equal("platform.signature", JsonNode.Parse(body)!["code"]!.GetValue<string>());

        using var unsigned = new StringContent(Case("SX-2026-000002", SampleApplications.Newborn(2, Today)).ToJsonString(), System.Text.Encoding.UTF8, "application/json");
        Assert.Equal(HttpStatusCode.Unauthorized, (await _http.PostAsync(PlatformApi.Path, unsigned)).StatusCode);

        using var operatorClient = _runner.Client(Roles.Operator);
        var found = await operatorClient.GetFromJsonAsync<JsonObject>("/api/cases?q=SX-2026-000002");
        Assert.Empty(found!["items"]!.AsArray());
    }

    [Fact]
    public async Task ARequestSignedTenMinutesAgo_IsRefusedAsAReplay()
    {
        _clock.Offset = TimeSpan.FromMinutes(-10);
        var (status, body) = await _platform.PushCaseAsync(_http, _runner.Address, Case("SX-2026-000003", SampleApplications.Newborn(3, Today)));
        Assert.Equal(401, status);
        Assert.Equal("platform.stale", JsonNode.Parse(body)!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task ABadForm_IsAProblemWithTheHallsFieldErrors_InChineseAndEnglish()
    {
        var form = SampleApplications.Newborn(4, Today);
        var id = form["mother"]!["idNumber"]!.GetValue<string>();
        form["mother"]!["idNumber"] = id[..17] + (id[17] == '0' ? '1' : '0');
        var (status, body) = await _platform.PushCaseAsync(_http, _runner.Address, Case("SX-2026-000004", form));
        Assert.Equal(400, status);
        var problem = JsonNode.Parse(body)!;
        var error = Assert.Single(problem["fieldErrors"]!.AsArray(), e => e!["path"]!.GetValue<string>() == "form.mother.idNumber")!;
        Assert.False(string.IsNullOrEmpty(error["message"]!.GetValue<string>()));
        Assert.False(string.IsNullOrEmpty(error["messageEn"]!.GetValue<string>()));

        var (missing, missingBody) = await _platform.PushCaseAsync(_http, _runner.Address, new JsonObject { ["bundleId"] = "newborn", ["form"] = SampleApplications.Newborn(4, Today) });
        Assert.Equal(400, missing);
        Assert.NotNull(JsonNode.Parse(missingBody)!["errors"]!["platformCaseNo"]);
    }

    private static JsonObject Case(string platformCaseNo, JsonObject form) => new()
    {
        ["platformCaseNo"] = platformCaseNo,
        ["bundleId"] = "newborn",
        ["matterCodes"] = new JsonArray("11100000MB0000000X430110200100001"),
        ["channel"] = "app",
        ["form"] = form,
    };

    /// <summary>The platform's clock, set off from ours to sign a request in the past.</summary>
    private sealed class FakeClock : TimeProvider
    {
        public TimeSpan Offset { get; set; }

        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;
    }
}
