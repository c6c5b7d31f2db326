using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using RpaRunner.Runner.Demo;
using RpaRunner.Runner.Security;
using RpaRunner.Runner.Tests.TestSupport;

namespace RpaRunner.Runner.Tests.Api;

/// <summary>A reason that quotes personal data: masked in the audit API, its original only for the audit's readers, and each reading audited.</summary>
public sealed class AuditOriginalApiTests : IAsyncLifetime
{
    private RunnerFixture _runner = null!;

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));

    public async Task InitializeAsync() => _runner = await RunnerFixture.StartAsync(new ScriptedSimulation());

    public async Task DisposeAsync() => await _runner.DisposeAsync();

    [Fact]
    public async Task AuditShowsTheReasonMasked_TheOriginalOnlyToTheAuditsReaders_AndTheReadingIsAudited()
    {
        const string reason = "申请人来电13843600902，身份证430102196508232319，要求撤件";
        using var clerk = _runner.Client(Roles.Clerk);
        using var operatorClient = _runner.Client(Roles.Operator);
        var code = await RunnerFixture.SubmitAsync(clerk, "newborn", SampleApplications.Newborn(31, Today));
        Assert.Equal(HttpStatusCode.NoContent, (await operatorClient.PostAsJsonAsync($"/api/cases/{code}/cancel", new { reason })).StatusCode);

        var audit = (await operatorClient.GetFromJsonAsync<JsonArray>($"/api/cases/{code}/audit"))!;
        var cancelled = audit.Single(e => e!["kind"]!.GetValue<string>() == "case.cancelled")!;
        Assert.Equal("申请人来电138****0902，身份证430102********2319，要求撤件", cancelled["detail"]!["reason"]!.GetValue<string>());
        Assert.True(cancelled["hasSealedDetail"]!.GetValue<bool>());
        var original = $"/api/cases/{code}/audit/{cancelled["id"]!.GetValue<long>()}/original";

        Assert.Equal(HttpStatusCode.Forbidden, (await clerk.GetAsync(original)).StatusCode);
        var revealed = (await operatorClient.GetFromJsonAsync<JsonNode>(original))!;
        Assert.Equal(reason, revealed["detail"]!["reason"]!.GetValue<string>());

        var after = (await operatorClient.GetFromJsonAsync<JsonArray>($"/api/cases/{code}/audit"))!;
        var trace = after.Single(e => e!["kind"]!.GetValue<string>() == "audit.detail-revealed")!;
        Assert.Equal("operator1", trace["actor"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await operatorClient.GetAsync($"/api/cases/{code}/audit/{trace["id"]!.GetValue<long>()}/original")).StatusCode);
    }
}
