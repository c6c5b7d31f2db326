using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using RpaRunner.Bots.Simulated;
using RpaRunner.Runner.Demo;
using RpaRunner.Runner.Security;
using RpaRunner.Runner.Tests.TestSupport;

namespace RpaRunner.Runner.Tests.Api;

/// <summary>The cases API over real HTTP: validation, roles, person actions, OpenAPI.</summary>
public sealed class CasesApiTests : IAsyncLifetime
{
    private readonly ScriptedSimulation _script = new();
    private RunnerFixture _runner = null!;

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));

    public async Task InitializeAsync() => _runner = await RunnerFixture.StartAsync(_script);

    public async Task DisposeAsync() => await _runner.DisposeAsync();

    [Fact]
    public async Task Submit_ValidForm_Returns201WithTheCaseCode_AndTheCaseCompletes()
    {
        using var clerk = _runner.Client(Roles.Clerk);
        var response = await clerk.PostAsJsonAsync("/api/cases", new { bundleId = "company-setup", form = SampleApplications.CompanySetup(1, Today) });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var code = (await response.Content.ReadFromJsonAsync<JsonNode>())!["caseCode"]!.GetValue<string>();
        Assert.Equal($"/api/cases/{code}", response.Headers.Location!.OriginalString);

        var done = await RunnerFixture.WaitForCaseAsync(clerk, code, TimeSpan.FromSeconds(30));
        Assert.Equal("completed", done["status"]!.GetValue<string>());
        var credit = done["steps"]!.AsArray().Single(s => s!["stepId"]!.GetValue<string>() == "registration")!["outputs"]!["creditCode"]!.GetValue<string>();
        Assert.All(done["steps"]!.AsArray().Where(s => s!["stepId"]!.GetValue<string>() != "registration"),
            s => Assert.Equal(credit, s!["inputs"]!["creditCode"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Submit_WrongIdCheckCharacter_Is400WithTheFieldPath_AndNothingIsStored()
    {
        var form = SampleApplications.Newborn(2, Today);
        var id = form["mother"]!["idNumber"]!.GetValue<string>();
        form["mother"]!["idNumber"] = id[..17] + (id[17] == '1' ? '2' : '1');
        var problem = await SubmitExpecting400Async(form);
        Assert.Contains("校验位", problem["errors"]!["form.mother.idNumber"]![0]!.GetValue<string>());
        Assert.Contains(problem["fieldErrors"]!.AsArray(), e => e!["code"]!.GetValue<string>() == "id.checksum");
        await AssertNoCasesAsync();
    }

    [Fact]
    public async Task Submit_ARetirementDateOutsideTheFlexibleWindow_Is400NamingTheWindow_AndNothingIsStored()
    {
        var form = SampleApplications.Retirement(3, Today);
        Assert.Equal("3", form["retirement"]!["kind"]!.GetValue<string>());
        var deferred = DateOnly.ParseExact(form["retirement"]!["date"]!.GetValue<string>(), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        form["retirement"]!["date"] = deferred.AddYears(3).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var problem = await SubmitExpecting400Async(form, "retirement");
        Assert.Contains("不在弹性退休范围内", problem["errors"]!["form.retirement.date"]![0]!.GetValue<string>());
        Assert.Contains(problem["fieldErrors"]!.AsArray(), e => e!["code"]!.GetValue<string>() == "rule.flexibleRetirement");

        // Version 2 takes no typed contribution years: a form that still has them is told so, not silently accepted.
        var typed = SampleApplications.Retirement(1, Today);
        typed["applicant"]!["contributionYears"] = 30;
        Assert.NotNull((await SubmitExpecting400Async(typed, "retirement"))["errors"]!["form.applicant.contributionYears"]);
        await AssertNoCasesAsync();
    }

    [Fact]
    public async Task Submit_ImpossibleAndFutureDates_Are400WithEachPath()
    {
        var form = SampleApplications.Newborn(3, Today);
        form["child"]!["birthDate"] = "2025-02-29";
        var problem = await SubmitExpecting400Async(form);
        Assert.NotNull(problem["errors"]!["form.child.birthDate"]);

        form["child"]!["birthDate"] = Today.AddDays(3).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        problem = await SubmitExpecting400Async(form);
        Assert.NotNull(problem["errors"]!["form.child.birthDate"]);
        await AssertNoCasesAsync();
    }

    [Fact]
    public async Task Submit_MissingRequiredFields_ListsEveryOne()
    {
        var form = SampleApplications.CompanySetup(0, Today);
        form["company"]!.AsObject().Remove("name");
        form["legalRep"]!.AsObject().Remove("idNumber");
        form.Remove("contact");
        var problem = await SubmitExpecting400Async(form, bundle: "company-setup");
        var errors = problem["errors"]!.AsObject();
        Assert.Contains("form.company.name", errors.Select(e => e.Key));
        Assert.Contains("form.legalRep.idNumber", errors.Select(e => e.Key));
        Assert.Contains("form.contact.name", errors.Select(e => e.Key));
        Assert.Contains("form.contact.phone", errors.Select(e => e.Key));
    }

    [Fact]
    public async Task Submit_OversizedAndScriptLadenText_Are400()
    {
        var form = SampleApplications.Newborn(4, Today);
        form["child"]!["birthPlace"] = "<script>alert('x')</script>";
        form["household"]!["address"] = "湖南省长沙市" + new string('路', 400);
        var problem = await SubmitExpecting400Async(form);
        Assert.Contains(problem["fieldErrors"]!.AsArray(), e => e!["path"]!.GetValue<string>() == "form.child.birthPlace" && e["code"]!.GetValue<string>() == "text.unsafe");
        Assert.Contains(problem["fieldErrors"]!.AsArray(), e => e!["path"]!.GetValue<string>() == "form.household.address" && e["code"]!.GetValue<string>() == "text.tooLong");
    }

    [Fact]
    public async Task Submit_EnglishAcceptLanguage_GetsEnglishMessages()
    {
        var form = SampleApplications.Newborn(5, Today);
        form["mother"]!.AsObject().Remove("name");
        using var clerk = _runner.Client(Roles.Clerk);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/cases") { Content = JsonContent.Create(new { bundleId = "newborn", form }) };
        request.Headers.AcceptLanguage.ParseAdd("en-GB");
        var problem = await (await clerk.SendAsync(request)).Content.ReadFromJsonAsync<JsonNode>();
        Assert.Matches("[A-Za-z]", problem!["errors"]!["form.mother.name"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task Submit_MalformedJsonOrUnknownBundle_AreClearErrors()
    {
        using var clerk = _runner.Client(Roles.Clerk);
        var malformed = await clerk.PostAsync("/api/cases", new StringContent("{ \"bundleId\": ", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal("application/problem+json", malformed.Content.Headers.ContentType!.MediaType);
        var unknown = await clerk.PostAsJsonAsync("/api/cases", new { bundleId = "moon-landing", form = new { } });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Submit_WithTheSameIdempotencyKey_MakesOneCase()
    {
        using var clerk = _runner.Client(Roles.Clerk);
        clerk.DefaultRequestHeaders.Add("Idempotency-Key", "window-3-ticket-118");
        var form = SampleApplications.Newborn(6, Today);
        var first = await clerk.PostAsJsonAsync("/api/cases", new { bundleId = "newborn", form });
        var second = await clerk.PostAsJsonAsync("/api/cases", new { bundleId = "newborn", form });
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal((await first.Content.ReadFromJsonAsync<JsonNode>())!["caseCode"]!.GetValue<string>(), (await second.Content.ReadFromJsonAsync<JsonNode>())!["caseCode"]!.GetValue<string>());
    }

    [Fact]
    public async Task Roles_AreChecked_OnEveryEndpoint()
    {
        using var anonymous = _runner.Client(null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/cases")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/cases", new { bundleId = "newborn" })).StatusCode);

        using var wrongKey = _runner.Client(null);
        wrongKey.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, "not-a-key");
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrongKey.GetAsync("/api/cases")).StatusCode);

        using var clerk = _runner.Client(Roles.Clerk);
        Assert.Equal(HttpStatusCode.Forbidden, (await clerk.GetAsync("/api/tasks")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await clerk.PostAsJsonAsync("/api/cases/X/cancel", new { reason = "r" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await clerk.PostAsJsonAsync("/api/cases/X/amend", new { reason = "r", form = new { mother = new { name = "苏丽" } } })).StatusCode);

        using var operatorClient = _runner.Client(Roles.Operator);
        Assert.Equal(HttpStatusCode.Forbidden, (await operatorClient.PostAsJsonAsync("/api/cases", new { bundleId = "newborn", form = new { } })).StatusCode);

        using var designer = _runner.Client(Roles.Designer);
        Assert.Equal(HttpStatusCode.OK, (await designer.GetAsync("/api/bundles")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await designer.GetAsync("/api/cases")).StatusCode);
    }

    [Fact]
    public async Task AValueOfTheForm_IsCorrectedByAmendingTheCase_NotOneStep_AndTheCaseCompletesWithIt()
    {
        _script.Always("registration", SimulatedOutcome.FailForBusinessReason, "注册资本须不少于三百万元");
        using var clerk = _runner.Client(Roles.Clerk);
        var code = await RunnerFixture.SubmitAsync(clerk, "company-setup", SampleApplications.CompanySetup(7, Today));
        using var operatorClient = _runner.Client(Roles.Operator);
        var waiting = await RunnerFixture.WaitForCaseAsync(operatorClient, code, TimeSpan.FromSeconds(30));
        Assert.Equal("waitingForPerson", waiting["status"]!.GetValue<string>());
        var tasks = await operatorClient.GetFromJsonAsync<JsonArray>("/api/tasks");
        Assert.Contains(tasks!, t => t!["caseCode"]!.GetValue<string>() == code && t["error"]!.GetValue<string>() == "注册资本须不少于三百万元");

        var correct = await operatorClient.PostAsJsonAsync($"/api/cases/{code}/steps/registration/correct",
            new { reason = "按申请人补正材料更正注册资本", values = new Dictionary<string, string> { ["registeredCapital"] = "300" } });
        Assert.Equal(HttpStatusCode.BadRequest, correct.StatusCode);
        var refused = (await correct.Content.ReadFromJsonAsync<JsonNode>())!;
        Assert.Contains(refused["fieldErrors"]!.AsArray(), e => e!["path"]!.GetValue<string>() == "values.inputs.registeredCapital" && e["code"]!.GetValue<string>() == "input.fromForm");

        // The shareholders' subscriptions must still add up to the capital: changing it alone is refused.
        var alone = await clerk.PostAsJsonAsync($"/api/cases/{code}/amend", new { reason = "更正", form = new { company = new { registeredCapital = 300 } } });
        Assert.Equal(HttpStatusCode.BadRequest, alone.StatusCode);

        var badAmend = await clerk.PostAsJsonAsync($"/api/cases/{code}/amend", new { reason = "更正", form = new { company = new { registeredCapital = "三百" } } });
        Assert.Equal(HttpStatusCode.BadRequest, badAmend.StatusCode);
        Assert.NotNull((await badAmend.Content.ReadFromJsonAsync<JsonNode>())!["errors"]!["form.company.registeredCapital"]);

        _script.Clear("registration");
        var amend = await clerk.PostAsJsonAsync($"/api/cases/{code}/amend", new { reason = "按申请人补正材料更正注册资本", form = new { company = new { registeredCapital = 300 }, shareholder1 = new { subscribedCapital = 300 } } });
        Assert.Equal(HttpStatusCode.OK, amend.StatusCode);
        Assert.Contains("form.company.registeredCapital", (await amend.Content.ReadFromJsonAsync<JsonNode>())!["changedFields"]!.AsArray().Select(f => f!.GetValue<string>()));
        var done = await RunnerFixture.WaitForCaseAsync(operatorClient, code, TimeSpan.FromSeconds(30));
        Assert.Equal("completed", done["status"]!.GetValue<string>());
        var registration = done["steps"]!.AsArray().Single(s => s!["stepId"]!.GetValue<string>() == "registration")!;
        Assert.Equal("300", registration["inputs"]!["registeredCapital"]!.GetValue<string>());

        var audit = await operatorClient.GetFromJsonAsync<JsonArray>($"/api/cases/{code}/audit");
        Assert.Contains(audit!, a => a!["kind"]!.GetValue<string>() == "case.amended" && a["actor"]!.GetValue<string>() == "clerk1");
    }

    [Fact]
    public async Task Skip_OfAStepLaterStepsNeed_Is409ListingThem_AndWithCascadeSkipsThemToo()
    {
        _script.Always("registration", SimulatedOutcome.FailForBusinessReason, "名称不予登记");
        using var clerk = _runner.Client(Roles.Clerk);
        var code = await RunnerFixture.SubmitAsync(clerk, "company-setup", SampleApplications.CompanySetup(10, Today));
        using var operatorClient = _runner.Client(Roles.Operator);
        await RunnerFixture.WaitForCaseAsync(operatorClient, code, TimeSpan.FromSeconds(30));

        var skip = await operatorClient.PostAsJsonAsync($"/api/cases/{code}/steps/registration/skip", new { reason = "申请人放弃" });
        Assert.Equal(HttpStatusCode.Conflict, skip.StatusCode);
        var problem = (await skip.Content.ReadFromJsonAsync<JsonNode>())!;
        Assert.Equal(["housingFund", "seal", "socialInsurance", "tax"], problem["affected"]!.AsArray().Select(a => a!.GetValue<string>()).Order());

        var cascade = await operatorClient.PostAsJsonAsync($"/api/cases/{code}/steps/registration/skip", new { reason = "申请人放弃", cascade = true });
        Assert.Equal(HttpStatusCode.NoContent, cascade.StatusCode);
        var done = await operatorClient.GetFromJsonAsync<JsonNode>($"/api/cases/{code}");
        Assert.All(done!["steps"]!.AsArray(), s => Assert.Equal("skipped", s!["status"]!.GetValue<string>()));
    }

    [Fact]
    public async Task CompleteByHand_WithAnInvalidId_Is400WithTheOutputPath()
    {
        _script.Always("household", SimulatedOutcome.FailForBusinessReason, "户籍系统维护");
        using var clerk = _runner.Client(Roles.Clerk);
        var code = await RunnerFixture.SubmitAsync(clerk, "newborn", SampleApplications.Newborn(11, Today));
        using var operatorClient = _runner.Client(Roles.Operator);
        await RunnerFixture.WaitForCaseAsync(operatorClient, code, TimeSpan.FromSeconds(30));

        var complete = await operatorClient.PostAsJsonAsync($"/api/cases/{code}/steps/household/complete",
            new { reason = "窗口手工办结", values = new Dictionary<string, string> { ["childIdNumber"] = "not-an-id" } });
        Assert.Equal(HttpStatusCode.BadRequest, complete.StatusCode);
        Assert.NotNull((await complete.Content.ReadFromJsonAsync<JsonNode>())!["errors"]!["values.outputs.childIdNumber"]);
        var view = await operatorClient.GetFromJsonAsync<JsonNode>($"/api/cases/{code}");
        Assert.Equal("waitingForPerson", view!["steps"]!.AsArray().Single(s => s!["stepId"]!.GetValue<string>() == "household")!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task PersonAction_OnAStepInTheWrongState_Is409_AndWithoutReason_Is400()
    {
        using var clerk = _runner.Client(Roles.Clerk);
        var code = await RunnerFixture.SubmitAsync(clerk, "company-setup", SampleApplications.CompanySetup(8, Today));
        await RunnerFixture.WaitForCaseAsync(clerk, code, TimeSpan.FromSeconds(30));
        using var operatorClient = _runner.Client(Roles.Operator);
        Assert.Equal(HttpStatusCode.Conflict, (await operatorClient.PostAsJsonAsync($"/api/cases/{code}/steps/tax/retry", new { reason = "again" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await operatorClient.PostAsJsonAsync("/api/cases/NB20260101XXXXXX/cancel", new { reason = "x" })).StatusCode);
        var code2 = await RunnerFixture.SubmitAsync(clerk, "newborn", SampleApplications.Newborn(9, Today));
        Assert.Equal(HttpStatusCode.BadRequest, (await operatorClient.PostAsJsonAsync($"/api/cases/{code2}/cancel", new { reason = "" })).StatusCode);
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheCaseEndpoints()
    {
        using var designer = _runner.Client(Roles.Designer);
        var document = await designer.GetFromJsonAsync<JsonNode>("/openapi/v1.json");
        var paths = document!["paths"]!.AsObject().Select(p => p.Key).ToList();
        Assert.Contains("/api/cases", paths);
        Assert.Contains("/api/cases/{code}/steps/{stepId}/complete", paths);
        Assert.Contains("/api/bundles/{id}", paths);
    }

    [Fact]
    public async Task Bundles_AreListedWithTheirVersions_AndTheSchemaIsPublished()
    {
        using var designer = _runner.Client(Roles.Designer);
        var bundles = await designer.GetFromJsonAsync<JsonArray>("/api/bundles");
        Assert.Equal(["after-death", "company-setup", "deregistration", "hiring", "newborn", "retirement", "social-insurance"], bundles!.Select(b => b!["id"]!.GetValue<string>()));
        var newborn = await designer.GetFromJsonAsync<JsonNode>("/api/bundles/newborn");
        // The latest newborn version (3): the certificate library's fetch, then the six matters of version 2.
        Assert.Equal(7, newborn!["steps"]!.AsArray().Count);
        Assert.Equal(3, newborn["version"]!.GetValue<int>());
        var schema = await _runner.Client(null).GetFromJsonAsync<JsonNode>("/schema/bundle.schema.json");
        Assert.Equal("RpaRunner bundle (一件事) definition", schema!["title"]!.GetValue<string>());
    }

    private async Task<JsonNode> SubmitExpecting400Async(JsonObject form, string bundle = "newborn")
    {
        using var clerk = _runner.Client(Roles.Clerk);
        var response = await clerk.PostAsJsonAsync("/api/cases", new { bundleId = bundle, form });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, body);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        return JsonNode.Parse(body)!;
    }

    private async Task AssertNoCasesAsync()
    {
        using var operatorClient = _runner.Client(Roles.Operator);
        Assert.Equal(0, (await operatorClient.GetFromJsonAsync<JsonObject>("/api/cases"))!["total"]!.GetValue<int>());
    }
}
