using System.Net.Http.Json;
using RpaRunner.Bots.Simulated;
using RpaRunner.Runner.Demo;
using RpaRunner.Runner.Security;
using RpaRunner.Runner.Tests.TestSupport;

namespace RpaRunner.Runner.Tests.EndToEnd;

/// <summary>Cases through the whole embedded path: API → engine → MassTransit → bot pool → simulated systems → engine.</summary>
public sealed class EmbeddedRunnerTests : IAsyncLifetime
{
    private readonly ScriptedSimulation _script = new();
    private RunnerFixture _runner = null!;

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));

    public async Task InitializeAsync() => _runner = await RunnerFixture.StartAsync(_script);

    public async Task DisposeAsync() => await _runner.DisposeAsync();

    [Fact]
    public async Task ThreeBundles_Complete_WithExactlyOneRecordPerMatter()
    {
        using var clerk = _runner.Client(Roles.Clerk);
        var codes = new List<string>();
        foreach (var bundle in new[] { "newborn", "retirement", "company-setup" })
        {
            for (var i = 0; i < 2; i++)
            {
                codes.Add(await RunnerFixture.SubmitAsync(clerk, bundle, SampleApplications.For(bundle, i, Today)));
            }
        }

        var expectedKeys = new List<string>();
        foreach (var code in codes)
        {
            var done = await RunnerFixture.WaitForCaseAsync(clerk, code, TimeSpan.FromSeconds(60));
            Assert.Equal("completed", done["status"]!.GetValue<string>());
            expectedKeys.AddRange(done["steps"]!.AsArray()
                .Where(s => s!["status"]!.GetValue<string>() == "succeeded")
                .Select(s => s!["idempotencyKey"]!.GetValue<string>()));
        }

        var counts = _runner.Records.CountByKey();
        Assert.Equal(expectedKeys.Order(), counts.Keys.Order());
        Assert.All(counts, c => Assert.Equal(1, c.Value));
        Assert.Equal(0, _runner.Records.CreatesWithoutLookup());
    }

    [Fact]
    public async Task CompanySetup_TheFourStepsAfterRegistration_RunAtTheSameTime()
    {
        using var clerk = _runner.Client(Roles.Clerk);
        var code = await RunnerFixture.SubmitAsync(clerk, "company-setup", SampleApplications.CompanySetup(3, Today));
        var done = await RunnerFixture.WaitForCaseAsync(clerk, code, TimeSpan.FromSeconds(30));
        var parallel = done["steps"]!.AsArray().Where(s => s!["stepId"]!.GetValue<string>() != "registration")
            .Select(s => (Start: s!["attempts"]![0]!["dispatchedAt"]!.GetValue<DateTimeOffset>(), End: s["attempts"]![0]!["finishedAt"]!.GetValue<DateTimeOffset>()))
            .ToList();
        Assert.Equal(4, parallel.Count);

        // All four were in flight together: the latest start came before the earliest end.
        Assert.True(parallel.Max(p => p.Start) < parallel.Min(p => p.End), string.Join(", ", parallel));
        var registrationEnd = done["steps"]!.AsArray().Single(s => s!["stepId"]!.GetValue<string>() == "registration")!["finishedAt"]!.GetValue<DateTimeOffset>();
        Assert.All(parallel, p => Assert.True(p.Start >= registrationEnd));
    }

    [Fact]
    public async Task RecordCreated_ButResultLost_NextAttemptFindsIt_InsteadOfCreatingASecond()
    {
        _script.On("registration", 1, SimulatedOutcome.CreateThenFailTransiently);
        using var clerk = _runner.Client(Roles.Clerk);
        var code = await RunnerFixture.SubmitAsync(clerk, "company-setup", SampleApplications.CompanySetup(4, Today));
        var done = await RunnerFixture.WaitForCaseAsync(clerk, code, TimeSpan.FromSeconds(45));
        Assert.Equal("completed", done["status"]!.GetValue<string>());
        var attempts = done["steps"]!.AsArray().Single(s => s!["stepId"]!.GetValue<string>() == "registration")!["attempts"]!.AsArray();
        Assert.Equal(2, attempts.Count);
        Assert.False(attempts[0]!["foundExisting"]!.GetValue<bool>());
        Assert.True(attempts[1]!["foundExisting"]!.GetValue<bool>());

        // The first attempt passed its submit and then failed: its outcome was unknown, and the second only looked the record up.
        Assert.Equal("unknown", attempts[0]!["outcome"]!.GetValue<string>());
        Assert.True(attempts[0]!["committedAt"]!.GetValue<DateTimeOffset>() >= attempts[0]!["dispatchedAt"]!.GetValue<DateTimeOffset>());
        Assert.False(attempts[0]!["verification"]!.GetValue<bool>());
        Assert.Equal("found", attempts[1]!["outcome"]!.GetValue<string>());
        Assert.True(attempts[1]!["verification"]!.GetValue<bool>());
        Assert.Equal(1, _runner.Records.CountByKey()[$"{code}:registration"]);
        Assert.Equal(2, _runner.Records.LookupsOf($"{code}:registration"));
    }

    [Fact]
    public async Task TransientFailures_AreRetried_UntilTheCaseCompletes()
    {
        _script.On("birthCertificate", 1, SimulatedOutcome.FailTransiently, "HTTP 503 Service Unavailable")
               .On("household", 1, SimulatedOutcome.FailTransiently, "页面加载超时");
        using var clerk = _runner.Client(Roles.Clerk);
        var code = await RunnerFixture.SubmitAsync(clerk, "newborn", SampleApplications.Newborn(5, Today));
        var done = await RunnerFixture.WaitForCaseAsync(clerk, code, TimeSpan.FromSeconds(60));
        Assert.Equal("completed", done["status"]!.GetValue<string>());
        var household = done["steps"]!.AsArray().Single(s => s!["stepId"]!.GetValue<string>() == "household")!;
        Assert.Equal(2, household["attempt"]!.GetValue<int>());
        Assert.Equal("页面加载超时", household["attempts"]![0]!["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task BusinessFailure_WaitsForAPerson_WhoCompletesItByHand_AndTheCaseFinishes()
    {
        _script.Always("retirementApproval", SimulatedOutcome.FailForBusinessReason, "缴费年限不足十五年");
        using var clerk = _runner.Client(Roles.Clerk);
        var code = await RunnerFixture.SubmitAsync(clerk, "retirement", SampleApplications.Retirement(1, Today));
        using var operatorClient = _runner.Client(Roles.Operator);
        var waiting = await RunnerFixture.WaitForCaseAsync(operatorClient, code, TimeSpan.FromSeconds(30));
        Assert.Equal("waitingForPerson", waiting["status"]!.GetValue<string>());

        var complete = await operatorClient.PostAsJsonAsync($"/api/cases/{code}/steps/retirementApproval/complete", new
        {
            reason = "经复核缴费年限满足条件，窗口人工审批",
            values = new Dictionary<string, string> { ["retirementApprovalNo"] = "RS-HAND-0001", ["pensionStartMonth"] = "2026-12" },
        });
        Assert.Equal(System.Net.HttpStatusCode.NoContent, complete.StatusCode);
        var done = await RunnerFixture.WaitForCaseAsync(operatorClient, code, TimeSpan.FromSeconds(30));
        Assert.Equal("completed", done["status"]!.GetValue<string>());
        var housingFund = done["steps"]!.AsArray().Single(s => s!["stepId"]!.GetValue<string>() == "housingFund")!;
        Assert.Equal("RS-HAND-0001", housingFund["inputs"]!["retirementApprovalNo"]!.GetValue<string>());
        Assert.Equal(0, _runner.Records.CountByKey().GetValueOrDefault($"{code}:retirementApproval"));
    }
}
