using System.Net.Http.Json;
using System.Text.Json.Nodes;
using RpaRunner.Runner.Security;
using RpaRunner.Runner.Tests.TestSupport;
using Xunit.Abstractions;

namespace RpaRunner.Runner.Tests.EndToEnd;

/// <summary>Cases through the runner into the sandbox department systems by web bots in real Chromium, proven through the inspection API.</summary>
public sealed class WebBotsEndToEndTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly string[] s_webSystems = ["weijian", "gongan", "yibao", "shuiwu", "renshe", "gongjijin", "shichang"];
    private readonly SandboxRunnerFixture _f = new();

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));

    public Task InitializeAsync() => _f.InitializeAsync();

    public Task DisposeAsync() => _f.DisposeAsync();

    [Fact]
    public async Task NewbornAndCompanySetup_EveryMatterEnteredOnce_AndOutputsFlowForward()
    {
        using var clerk = _f.Runner.Client(Roles.Clerk);
        var newborn = await RunnerFixture.SubmitAsync(clerk, "newborn", _f.Applications.For("newborn", 0, Today));
        var company = await RunnerFixture.SubmitAsync(clerk, "company-setup", _f.Applications.For("company-setup", 0, Today));

        var baby = await RunnerFixture.WaitForCaseAsync(clerk, newborn, TimeSpan.FromMinutes(4));
        var firm = await RunnerFixture.WaitForCaseAsync(clerk, company, TimeSpan.FromMinutes(4));
        Assert.Equal("completed", baby["status"]!.GetValue<string>());
        Assert.Equal("completed", firm["status"]!.GetValue<string>());

        // The child's ID number issued by 公安 reaches 医保, the premium and the social security card.
        var childId = Step(baby, "household")["outputs"]!["childIdNumber"]!.GetValue<string>();
        Assert.True(Workflows.Forms.CitizenIdNumber.TryParse(childId, out var parsed, out _));
        Assert.Equal(DateOnly.Parse(Step(baby, "household")["inputs"]!["birthDate"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture), parsed.BirthDate);
        foreach (var later in new[] { "medicalInsurance", "premium", "socialSecurityCard" })
        {
            Assert.Equal(childId, Step(baby, later)["inputs"]!["idNumber"]!.GetValue<string>());
        }

        var enrolment = Assert.Single(await _f.RecordsAsync("yibao", Step(baby, "medicalInsurance")["idempotencyKey"]!.GetValue<string>()));
        Assert.Equal(childId, enrolment!["subjectId"]!.GetValue<string>());

        // The credit code issued by 市场监管 reaches seal filing, tax, social insurance and the provident fund.
        var creditCode = Step(firm, "registration")["outputs"]!["creditCode"]!.GetValue<string>();
        foreach (var later in new[] { "seal", "tax", "socialInsurance", "housingFund" })
        {
            Assert.Equal(creditCode, Step(firm, later)["inputs"]!["creditCode"]!.GetValue<string>());
        }

        foreach (var step in baby["steps"]!.AsArray().Concat(firm["steps"]!.AsArray()).Where(EntersARecord))
        {
            Assert.Single(await _f.RecordsAsync(step!["system"]!.GetValue<string>(), step["idempotencyKey"]!.GetValue<string>()));
        }
    }

    [Fact]
    public async Task Retirement_PinnedToVersionOne_TheDesktopMatterIsEnteredInTheCounterClient_OnceAlongsideTheWebMatters()
    {
        Assert.Null(_f.Sandbox.DesktopUnavailable);
        using var clerk = _f.Runner.Client(Roles.Clerk);
        var code = await RunnerFixture.SubmitVersionAsync(clerk, "retirement", 1, _f.Applications.RetirementVersion1(0));
        var done = await RunnerFixture.WaitForCaseAsync(clerk, code, TimeSpan.FromMinutes(4));
        Assert.Equal("completed", done["status"]!.GetValue<string>());
        var housingFund = Step(done, "housingFund");
        Assert.Equal("desktop-linux", housingFund["pool"]!.GetValue<string>());
        Assert.Equal(Step(done, "retirementApproval")["outputs"]!["retirementApprovalNo"]!.GetValue<string>(), housingFund["inputs"]!["retirementApprovalNo"]!.GetValue<string>());
        Assert.Single(await _f.RecordsAsync("gongjijin-counter", housingFund["idempotencyKey"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Retirement_ContributionYearsFrom人社_ThenTheApproval_TheFundFrozenThenWithdrawn_OneRecordEach()
    {
        using var clerk = _f.Runner.Client(Roles.Clerk);
        var form = _f.Applications.For("retirement", 1, Today);
        var code = await RunnerFixture.SubmitAsync(clerk, "retirement", form);
        var done = await RunnerFixture.WaitForCaseAsync(clerk, code, TimeSpan.FromMinutes(4));
        Assert.Equal("completed", done["status"]!.GetValue<string>());

        var certified = Step(done, "contributionRecord")["outputs"]!["contributionMonths"]!.GetValue<string>();
        var seeded = _f.Sandbox.Sandbox.Population.People.Single(p => p.IdNumber == form["applicant"]!["idNumber"]!.GetValue<string>()).Retirement!.ContributionYears * 12;
        Assert.Equal(seeded.ToString(System.Globalization.CultureInfo.InvariantCulture), certified);
        Assert.Equal(certified, Step(done, "retirementApproval")["inputs"]!["contributionMonths"]!.GetValue<string>());
        Assert.Equal("skipped", Step(done, "earlyRetirement")["status"]!.GetValue<string>());
        Assert.Equal(Step(done, "housingFundFreeze")["outputs"]!["freezeNo"]!.GetValue<string>(), Step(done, "housingFund")["inputs"]!["freezeNo"]!.GetValue<string>());
        foreach (var (system, stepId) in new[] { ("renshe", "contributionRecord"), ("renshe", "retirementApproval"), ("gongjijin", "housingFundFreeze"), ("gongjijin", "housingFund"), ("yibao", "medicalInsurance") })
        {
            Assert.Single(await _f.RecordsAsync(system, $"{code}:{stepId}"));
        }
    }

    [Fact]
    public async Task V2Layout_ScriptsCompleteThroughTheirFallbacks_AndTheDriftIsReported()
    {
        foreach (var system in s_webSystems)
        {
            _f.Sandbox.Sandbox.SetQuirks(system, q => q.LayoutVersion = 2);
        }

        using var clerk = _f.Runner.Client(Roles.Clerk);
        var code = await RunnerFixture.SubmitAsync(clerk, "company-setup", _f.Applications.For("company-setup", 1, Today));
        var done = await RunnerFixture.WaitForCaseAsync(clerk, code, TimeSpan.FromMinutes(4));
        Assert.Equal("completed", done["status"]!.GetValue<string>());

        using var operatorClient = _f.Runner.Client(Roles.Operator);
        var audit = await operatorClient.GetFromJsonAsync<JsonArray>($"/api/cases/{code}/audit");
        var drift = audit!.Where(a => a!["kind"]!.GetValue<string>() == "step.succeeded")
            .SelectMany(a => a!["detail"]!["notes"]!.AsArray().Select(n => n!.GetValue<string>()))
            .ToList();
        Assert.Contains(drift, n => n.StartsWith("selector drift: shichang.registerEnterprise", StringComparison.Ordinal));
        Assert.Equal(5, audit!.Count(a => a!["kind"]!.GetValue<string>() == "step.succeeded"));
    }

    [Fact]
    public async Task FaultyDepartmentSystems_ABatch_EndsCompletedOrWithAPersonAndAScreenshot_WithoutDuplicates()
    {
        // Four cases in the default suite (about half of this project's time went to eight); RPA_FAULT_BATCH=8 or more
        // runs the longer batch.
        var cases = int.TryParse(Environment.GetEnvironmentVariable("RPA_FAULT_BATCH"), out var n) && n > 0 ? n : 4;
        foreach (var system in s_webSystems)
        {
            _f.Sandbox.Sandbox.SetQuirks(system, q =>
            {
                q.ErrorRate = 0.10;
                q.LatencyMedianMs = 80;
                q.LatencyP95Ms = 400;
                q.SessionTimeoutSeconds = 25;
                q.AnnouncementRate = 0.10;
                q.ErrorAfterCommitRate = 0.05;
            });
        }

        using var clerk = _f.Runner.Client(Roles.Clerk);
        var codes = new List<string>();
        for (var i = 0; i < cases; i++)
        {
            var bundle = i % 2 == 0 ? "company-setup" : "newborn";
            codes.Add(await RunnerFixture.SubmitAsync(clerk, bundle, _f.Applications.For(bundle, 10 + i, Today)));
        }

        var settled = new List<JsonNode>();
        foreach (var code in codes)
        {
            settled.Add(await RunnerFixture.WaitForCaseAsync(clerk, code, TimeSpan.FromMinutes(12), c =>
                c["status"]!.GetValue<string>() == "completed"
                || (c["status"]!.GetValue<string>() == "waitingForPerson" && c["steps"]!.AsArray().All(s => s!["status"]!.GetValue<string>() is not ("ready" or "running" or "failedWillRetry")))));
        }

        using var operatorClient = _f.Runner.Client(Roles.Operator);
        foreach (var step in settled.SelectMany(c => c["steps"]!.AsArray()).Where(s => s!["status"]!.GetValue<string>() == "waitingForPerson"))
        {
            // Every hand-over carries the screenshot of the page the bot stopped at.
            var screenshot = step!["attempts"]!.AsArray().Last()!["evidence"]?["screenshot"]?.GetValue<string>();
            Assert.False(screenshot is null, $"{step["idempotencyKey"]} waits for a person without a screenshot: {step["error"]}");
            var response = await operatorClient.GetAsync($"/evidence/{screenshot}");
            Assert.Equal("image/png", response.Content.Headers.ContentType!.MediaType);
        }

        foreach (var system in s_webSystems)
        {
            var counts = await _f.InspectAsync($"systems/{system}/counts?by=externalNo");
            Assert.All(counts, c => Assert.True(c.Value!.GetValue<int>() == 1, $"{c.Key} has {c.Value} records in {system}"));
        }

        foreach (var step in settled.SelectMany(c => c["steps"]!.AsArray()).Where(s => s!["status"]!.GetValue<string>() == "succeeded" && EntersARecord(s)))
        {
            Assert.Single(await _f.RecordsAsync(step!["system"]!.GetValue<string>(), step["idempotencyKey"]!.GetValue<string>()));
        }

        var completed = settled.Count(c => c["status"]!.GetValue<string>() == "completed");
        var attempts = settled.SelectMany(c => c["steps"]!.AsArray()).Sum(s => s!["attempts"]!.AsArray().Count);
        var handedOver = settled.SelectMany(c => c["steps"]!.AsArray()).Count(s => s!["status"]!.GetValue<string>() == "waitingForPerson");
        // Where the time went: each attempt's start, length and outcome, so a slow batch can be read from the test's output.
        foreach (var step in settled.SelectMany(c => c["steps"]!.AsArray()))
        {
            foreach (var attempt in step!["attempts"]!.AsArray())
            {
                var started = attempt!["dispatchedAt"]!.GetValue<DateTimeOffset>();
                var finished = attempt["finishedAt"]?.GetValue<DateTimeOffset>();
                output.WriteLine($"{step["idempotencyKey"]} #{attempt["attempt"]} {started:HH:mm:ss} {(finished - started)?.TotalSeconds:0.0}s {attempt["outcome"]} {attempt["error"]}");
            }
        }

        output.WriteLine($"{cases} cases: {completed} completed, {cases - completed} waiting for a person ({handedOver} steps, each with a screenshot); {attempts} attempts in all; no duplicate record");
        Assert.True(completed >= cases / 2, $"only {completed} of {cases} cases completed");
    }

    private static JsonNode Step(JsonNode view, string stepId) =>
        view["steps"]!.AsArray().Single(s => s!["stepId"]!.GetValue<string>() == stepId)!;

    /// <summary>Every step enters one record in its department system, except the certificate library's fetch, which only reads.</summary>
    private static bool EntersARecord(JsonNode? step) => step!["system"]!.GetValue<string>() != "dzzz";
}
