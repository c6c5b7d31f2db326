using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using RpaRunner.Bots.Simulated;
using RpaRunner.Runner.Demo;
using RpaRunner.Runner.Security;
using RpaRunner.Runner.Tests.TestSupport;

namespace RpaRunner.Runner.Tests.Api;

/// <summary>
/// GET /api/cases as a search: a code prefix in lower case, a full ID number through the hash index, filters, the
/// total, 400 naming a bad parameter, the caller's units; and the exports of the list and of a case's audit trail,
/// masked, with Chinese headers, for operators and admins only.
/// </summary>
public sealed class CaseSearchApiTests : IAsyncLifetime
{
    private const string Hall1 = "furong/hall-1";
    private const string Hall2 = "furong/hall-2";

    private static readonly (string Name, string Role, string Unit)[] People =
    [
        ("clerk-hall1", Roles.Clerk, Hall1),
        ("clerk-hall2", Roles.Clerk, Hall2),
        ("operator-hall2", Roles.Operator, Hall2),
        ("operator-furong", Roles.Operator, "furong"),
    ];

    private readonly ScriptedSimulation _script = new();
    private RunnerFixture _runner = null!;
    private string _hall1Case = null!;
    private string _hall2Case = null!;
    private JsonObject _hall1Form = null!;

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));

    private string Hall1Id => _hall1Form["legalRep"]!["idNumber"]!.GetValue<string>();

    private string Hall1Name => _hall1Form["legalRep"]!["name"]!.GetValue<string>();

    public async Task InitializeAsync()
    {
        var args = new List<string>();
        var first = Roles.All.Length;
        for (var i = 0; i < People.Length; i++)
        {
            var (name, role, unit) = People[i];
            args.AddRange([$"--Security:Users:{first + i}:Name={name}", $"--Security:Users:{first + i}:Role={role}", $"--Security:Users:{first + i}:Unit={unit}",
                $"--Security:Users:{first + i}:ApiKeySha256={ApiKeyAuthenticationHandler.HashKey(KeyOf(name))}"]);
        }

        _script.Always("registration", SimulatedOutcome.FailForBusinessReason, "注册资本须不少于三百万元");
        _runner = await RunnerFixture.StartAsync(_script, [.. args]);
        _hall1Form = SampleApplications.CompanySetup(1, Today);
        using var clerk1 = As("clerk-hall1");
        using var clerk2 = As("clerk-hall2");
        _hall1Case = await RunnerFixture.SubmitAsync(clerk1, "company-setup", _hall1Form);
        _hall2Case = await RunnerFixture.SubmitAsync(clerk2, "company-setup", SampleApplications.CompanySetup(2, Today));
        using var admin = _runner.Client(Roles.Admin);
        await RunnerFixture.WaitForCaseAsync(admin, _hall1Case, TimeSpan.FromSeconds(30));
        await RunnerFixture.WaitForCaseAsync(admin, _hall2Case, TimeSpan.FromSeconds(30));
    }

    public async Task DisposeAsync() => await _runner.DisposeAsync();

    [Fact]
    public async Task ALowerCaseCodePrefix_AndAFullIdNumber_FindTheCase_WithTheTotal()
    {
        using var op = As("operator-furong");
        var byCode = await PageAsync(op, $"/api/cases?q=%20{_hall1Case[..12].ToLowerInvariant()}%20");
        Assert.Equal(1, byCode["total"]!.GetValue<int>());
        Assert.Equal(_hall1Case, byCode["items"]![0]!["code"]!.GetValue<string>());

        var byId = await PageAsync(op, $"/api/cases?q={Hall1Id.ToLowerInvariant()}");
        Assert.Equal([_hall1Case], Codes(byId));
    }

    [Fact]
    public async Task FiltersAndPaging_ComeBackWithTheTotalAndThePageAsked()
    {
        using var admin = _runner.Client(Roles.Admin);
        var page = await PageAsync(admin, "/api/cases?bundle=company-setup&stepState=waitingForPerson&system=shichang&pageSize=1&page=2&sort=code");
        Assert.Equal(2, page["total"]!.GetValue<int>());
        Assert.Equal(2, page["page"]!.GetValue<int>());
        Assert.Equal(1, page["pageSize"]!.GetValue<int>());
        Assert.Equal([new[] { _hall1Case, _hall2Case }.Order(StringComparer.Ordinal).Last()], Codes(page));
        Assert.Equal(0, (await PageAsync(admin, "/api/cases?status=completed"))["total"]!.GetValue<int>());
        Assert.Equal(0, (await PageAsync(admin, $"/api/cases?from={Today.AddDays(1):yyyy-MM-dd}"))["total"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("status=sideways", "status")]
    [InlineData("flag=green", "flag")]
    [InlineData("sort=colour", "sort")]
    [InlineData("stepState=asleep", "stepState")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=201", "pageSize")]
    [InlineData("from=yesterday", "from")]
    [InlineData("unit=Furong", "unit")]
    public async Task AValueThatDoesNotParse_Is400_NamingItsParameter(string query, string parameter)
    {
        using var op = As("operator-furong");
        var response = await op.GetAsync("/api/cases?" + query);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull((await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]![parameter]);
    }

    [Fact]
    public async Task TheCallersUnits_AlwaysApply_ToTheSearchAndTheUnitFilter()
    {
        using var hall2 = As("operator-hall2");
        Assert.Empty(Codes(await PageAsync(hall2, $"/api/cases?q={Hall1Id}")));
        Assert.Equal(0, (await PageAsync(hall2, $"/api/cases?unit={Hall1}"))["total"]!.GetValue<int>());
        Assert.Equal([_hall2Case], Codes(await PageAsync(hall2, "/api/cases?unit=furong")));
        using var district = As("operator-furong");
        Assert.Equal([_hall1Case], Codes(await PageAsync(district, $"/api/cases?unit={Hall1}")));
    }

    [Fact]
    public async Task TheListExport_IsCsvWithChineseHeaders_AndNoPersonalData()
    {
        using var op = As("operator-furong");
        var response = await op.GetAsync($"/api/cases/export?format=csv&q={Hall1Id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync());
        Assert.StartsWith("\uFEFF办件编码,一件事,状态", text);
        Assert.Contains(_hall1Case, text);
        Assert.Contains("企业开办", text);
        Assert.DoesNotContain(_hall2Case, text);
        Assert.DoesNotContain(Hall1Id, text);
        Assert.DoesNotContain(Hall1Name, text);

        var xlsx = await op.GetAsync("/api/cases/export?format=xlsx");
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        var sheet = SheetText(await xlsx.Content.ReadAsByteArrayAsync());
        Assert.Contains("办件编码", sheet);
        Assert.Contains(_hall1Case, sheet);
        Assert.DoesNotContain(Hall1Id, sheet);

        Assert.Equal(HttpStatusCode.BadRequest, (await op.GetAsync("/api/cases/export?format=pdf")).StatusCode);
        using var clerk = As("clerk-hall1");
        Assert.Equal(HttpStatusCode.Forbidden, (await clerk.GetAsync("/api/cases/export?format=csv")).StatusCode);
    }

    [Fact]
    public async Task TheAuditExport_IsMasked_KeepsToTheUnit_AndIsItselfAudited()
    {
        using var district = As("operator-furong");
        // An amendment's reason names the applicant and their ID number: the trail holds them masked.
        var amend = await district.PostAsJsonAsync($"/api/cases/{_hall1Case}/amend",
            new { reason = $"{Hall1Name} 身份证 {Hall1Id} 申请提高注册资本", form = new { company = new { registeredCapital = 300 }, shareholder1 = new { subscribedCapital = 300 } } });
        Assert.Equal(HttpStatusCode.OK, amend.StatusCode);

        var response = await district.GetAsync($"/api/cases/{_hall1Case}/audit/export?format=csv");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync());
        Assert.Contains("时间,事件,操作人", text);
        Assert.Contains("受理", text);
        Assert.Contains("更正办件", text);
        Assert.DoesNotContain(Hall1Id, text);
        Assert.DoesNotContain(Hall1Name, text);
        Assert.DoesNotContain("case.submitted", text);

        var xlsx = await district.GetAsync($"/api/cases/{_hall1Case}/audit/export?format=xlsx");
        Assert.DoesNotContain(Hall1Id, SheetText(await xlsx.Content.ReadAsByteArrayAsync()));

        var trail = await district.GetFromJsonAsync<JsonArray>($"/api/cases/{_hall1Case}/audit");
        Assert.Equal(2, trail!.Count(a => a!["kind"]!.GetValue<string>() == "audit.exported" && a["actor"]!.GetValue<string>() == "operator-furong"));

        using var hall2 = As("operator-hall2");
        Assert.Equal(HttpStatusCode.NotFound, (await hall2.GetAsync($"/api/cases/{_hall1Case}/audit/export?format=csv")).StatusCode);
    }

    private static async Task<JsonObject> PageAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private static List<string> Codes(JsonObject page) => [.. page["items"]!.AsArray().Select(c => c!["code"]!.GetValue<string>())];

    /// <summary>Every XML part of the workbook, as text: where the cells' strings are.</summary>
    private static string SheetText(byte[] xlsx)
    {
        using var zip = new ZipArchive(new MemoryStream(xlsx));
        return string.Concat(zip.Entries.Where(e => e.FullName.EndsWith(".xml", StringComparison.Ordinal)).Select(e => new StreamReader(e.Open()).ReadToEnd()));
    }

    private HttpClient As(string name)
    {
        var client = new HttpClient { BaseAddress = _runner.Address, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, KeyOf(name));
        return client;
    }

    private static string KeyOf(string name) => $"unit-test-key-{name}-0123456789";
}
