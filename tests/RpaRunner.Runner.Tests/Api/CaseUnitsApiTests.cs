using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using RpaRunner.Bots.Evidence;
using RpaRunner.Bots.Simulated;
using RpaRunner.Runner.Demo;
using RpaRunner.Runner.Security;
using RpaRunner.Runner.Tests.TestSupport;

namespace RpaRunner.Runner.Tests.Api;

/// <summary>
/// Cases belong to organisation units: two halls of one district (furong/hall-1, furong/hall-2). Each role is tried
/// across both: a clerk or operator sees their unit's cases only and a case of another unit is 404; an operator of
/// the district sees both halls; an admin sees every unit.
/// </summary>
public sealed class CaseUnitsApiTests : IAsyncLifetime
{
    private const string Hall1 = "furong/hall-1";
    private const string Hall2 = "furong/hall-2";
    private const string District = "furong";

    /// <summary>The people of the two halls and the district, after the fixture's one user per role (unit "default").</summary>
    private static readonly (string Name, string Role, string Unit)[] People =
    [
        ("clerk-hall1", Roles.Clerk, Hall1),
        ("clerk-hall2", Roles.Clerk, Hall2),
        ("operator-hall2", Roles.Operator, Hall2),
        ("operator-furong", Roles.Operator, District),
    ];

    private readonly ScriptedSimulation _script = new();
    private RunnerFixture _runner = null!;
    private string _hall1Case = null!;
    private string _hall2Case = null!;

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));

    public async Task InitializeAsync()
    {
        var args = new List<string>();
        var first = Roles.All.Length;
        for (var i = 0; i < People.Length; i++)
        {
            var (name, role, unit) = People[i];
            args.Add($"--Security:Users:{first + i}:Name={name}");
            args.Add($"--Security:Users:{first + i}:Role={role}");
            args.Add($"--Security:Users:{first + i}:Unit={unit}");
            args.Add($"--Security:Users:{first + i}:ApiKeySha256={ApiKeyAuthenticationHandler.HashKey(KeyOf(name))}");
        }

        // The first step is refused, so every case waits for a person and shows in the operators' task list.
        _script.Always("registration", SimulatedOutcome.FailForBusinessReason, "注册资本须不少于三百万元");
        _runner = await RunnerFixture.StartAsync(_script, [.. args]);
        using var clerk1 = As("clerk-hall1");
        using var clerk2 = As("clerk-hall2");
        _hall1Case = await RunnerFixture.SubmitAsync(clerk1, "company-setup", SampleApplications.CompanySetup(1, Today));
        _hall2Case = await RunnerFixture.SubmitAsync(clerk2, "company-setup", SampleApplications.CompanySetup(2, Today));
        using var admin = _runner.Client(Roles.Admin);
        await RunnerFixture.WaitForCaseAsync(admin, _hall1Case, TimeSpan.FromSeconds(30));
        await RunnerFixture.WaitForCaseAsync(admin, _hall2Case, TimeSpan.FromSeconds(30));
    }

    public async Task DisposeAsync() => await _runner.DisposeAsync();

    [Fact]
    public async Task ACase_BelongsToTheUnitOfTheClerkWhoSubmittedIt()
    {
        using var admin = _runner.Client(Roles.Admin);
        Assert.Equal(Hall1, (await admin.GetFromJsonAsync<JsonNode>($"/api/cases/{_hall1Case}"))!["unit"]!.GetValue<string>());
        Assert.Equal(Hall2, (await admin.GetFromJsonAsync<JsonNode>($"/api/cases/{_hall2Case}"))!["unit"]!.GetValue<string>());
    }

    [Fact]
    public async Task ClerkOfHall1_ReadsItsOwnCase_ButAHall2CaseIs404_AndCannotBeAmended()
    {
        using var clerk = As("clerk-hall1");
        Assert.Equal(HttpStatusCode.OK, (await clerk.GetAsync($"/api/cases/{_hall1Case}")).StatusCode);

        var read = await clerk.GetAsync($"/api/cases/{_hall2Case}");
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        Assert.Equal("application/problem+json", read.Content.Headers.ContentType?.MediaType);
        var amend = await clerk.PostAsJsonAsync($"/api/cases/{_hall2Case}/amend", new { reason = "更正", form = new { company = new { registeredCapital = 300 } } });
        Assert.Equal(HttpStatusCode.NotFound, amend.StatusCode);

        // The answer is the same as for a case that does not exist: nobody learns a case of another hall exists.
        var unknown = await clerk.GetAsync("/api/cases/NB20260101ZZZZZZ");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using var admin = _runner.Client(Roles.Admin);
        var untouched = await admin.GetFromJsonAsync<JsonArray>($"/api/cases/{_hall2Case}/audit");
        Assert.DoesNotContain(untouched!, a => a!["kind"]!.GetValue<string>() == "case.amended");
    }

    [Fact]
    public async Task ListsOfAHallsClerk_HoldOnlyItsCases()
    {
        using var clerk = As("clerk-hall1");
        var codes = await CodesAsync(clerk, "/api/cases?pageSize=200");
        Assert.Contains(_hall1Case, codes);
        Assert.DoesNotContain(_hall2Case, codes);
    }

    [Fact]
    public async Task OperatorOfHall2_ActsOnItsCases_ButAHall1CaseIs404_ForEveryAction()
    {
        using var op = As("operator-hall2");
        var tasks = await CodesAsync(op, "/api/tasks", "caseCode");
        Assert.Contains(_hall2Case, tasks);
        Assert.DoesNotContain(_hall1Case, tasks);

        Assert.Equal(HttpStatusCode.NotFound, (await op.GetAsync($"/api/cases/{_hall1Case}/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await op.PostAsJsonAsync($"/api/cases/{_hall1Case}/steps/registration/retry", new { reason = "重试" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await op.PostAsJsonAsync($"/api/cases/{_hall1Case}/steps/registration/skip", new { reason = "跳过", cascade = true })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await op.PostAsJsonAsync($"/api/cases/{_hall1Case}/cancel", new { reason = "撤件" })).StatusCode);
        using var admin = _runner.Client(Roles.Admin);
        Assert.Equal("waitingForPerson", (await admin.GetFromJsonAsync<JsonNode>($"/api/cases/{_hall1Case}"))!["status"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.OK, (await op.GetAsync($"/api/cases/{_hall2Case}/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await op.PostAsJsonAsync($"/api/cases/{_hall2Case}/cancel", new { reason = "申请人撤回" })).StatusCode);
    }

    [Fact]
    public async Task OperatorOfTheDistrict_SeesAndActsOnBothHalls()
    {
        using var op = As("operator-furong");
        var codes = await CodesAsync(op, "/api/cases?pageSize=200");
        Assert.Contains(_hall1Case, codes);
        Assert.Contains(_hall2Case, codes);
        var tasks = await CodesAsync(op, "/api/tasks", "caseCode");
        Assert.Contains(_hall1Case, tasks);
        Assert.Contains(_hall2Case, tasks);
        Assert.Equal(HttpStatusCode.OK, (await op.GetAsync($"/api/cases/{_hall1Case}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await op.PostAsJsonAsync($"/api/cases/{_hall1Case}/cancel", new { reason = "申请人撤回" })).StatusCode);
    }

    [Fact]
    public async Task TheFixturesUsersWithoutAUnit_AreInTheDefaultUnit_AndOnlyTheAdminSeesEveryUnit()
    {
        using var admin = _runner.Client(Roles.Admin);
        var all = await CodesAsync(admin, "/api/cases?pageSize=200");
        Assert.Contains(_hall1Case, all);
        Assert.Contains(_hall2Case, all);

        using var defaultOperator = _runner.Client(Roles.Operator);
        Assert.Equal(HttpStatusCode.NotFound, (await defaultOperator.GetAsync($"/api/cases/{_hall1Case}")).StatusCode);
        Assert.DoesNotContain(_hall2Case, await CodesAsync(defaultOperator, "/api/tasks", "caseCode"));
        using var defaultClerk = _runner.Client(Roles.Clerk);
        var own = await RunnerFixture.SubmitAsync(defaultClerk, "company-setup", SampleApplications.CompanySetup(3, Today));
        Assert.Equal("default", (await defaultOperator.GetFromJsonAsync<JsonNode>($"/api/cases/{own}"))!["unit"]!.GetValue<string>());
    }

    [Fact]
    public async Task EvidenceOfAnotherUnitsCase_Is404()
    {
        var store = _runner.Services.GetRequiredService<EvidenceStore>();
        var (folder, relative) = store.FolderFor(_hall1Case, "registration", 1);
        await File.WriteAllTextAsync(Path.Combine(folder, "log.json"), "{}");
        store.Seal(folder);

        using var district = As("operator-furong");
        Assert.Equal(HttpStatusCode.OK, (await district.GetAsync($"/evidence/{relative}/log.json")).StatusCode);
        using var hall2 = As("operator-hall2");
        Assert.Equal(HttpStatusCode.NotFound, (await hall2.GetAsync($"/evidence/{relative}/log.json")).StatusCode);
    }

    private HttpClient As(string name)
    {
        var client = new HttpClient { BaseAddress = _runner.Address, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, KeyOf(name));
        return client;
    }

    private static string KeyOf(string name) => $"unit-test-key-{name}-0123456789";

    private static async Task<List<string>> CodesAsync(HttpClient client, string url, string field = "code")
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<JsonNode>())!;
        return [.. (body as JsonArray ?? body["items"]!.AsArray()).Select(c => c![field]!.GetValue<string>())];
    }
}
