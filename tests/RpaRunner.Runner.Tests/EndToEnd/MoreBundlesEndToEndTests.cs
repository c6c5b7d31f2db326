using System.Text.Json.Nodes;
using RpaRunner.Runner.Security;
using RpaRunner.Runner.Tests.TestSupport;

namespace RpaRunner.Runner.Tests.EndToEnd;

/// <summary>
/// The bundles added as data (员工录用, 企业注销, “身后”, 社会保险), one sandbox and runner for all of them: cases submitted together,
/// entered by web bots in real Chromium, every matter found exactly once through the inspection API.
/// </summary>
public sealed class MoreBundlesEndToEndTests : IAsyncLifetime
{
    /// <summary>
    /// Each new bundle once, a condition seen both ways across them: 员工录用 #1 keeps its personnel file (档案 skipped),
    /// “身后” #0 held a licence (驾驶证注销 entered), 社会保险 #0 is a flexible worker moving in (both transfers entered,
    /// 城乡居民医保 skipped). The conditions themselves are unit-tested both ways.
    /// </summary>
    private static readonly (string Bundle, int Index)[] s_cases = [("hiring", 1), ("deregistration", 0), ("after-death", 0), ("social-insurance", 0)];

    private readonly SandboxRunnerFixture _f = new();

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));

    public Task InitializeAsync() => _f.InitializeAsync();

    public Task DisposeAsync() => _f.DisposeAsync();

    [Fact]
    public async Task NewBundles_EveryMatterEnteredOnce_SkippedOnesNowhere_AndOutputsFlowForward()
    {
        using var clerk = _f.Runner.Client(Roles.Clerk);
        var submitted = new List<(string Bundle, int Index, string Code)>();
        foreach (var (bundle, index) in s_cases)
        {
            submitted.Add((bundle, index, await RunnerFixture.SubmitAsync(clerk, bundle, _f.Applications.For(bundle, index, Today))));
        }

        foreach (var (bundle, index, code) in submitted)
        {
            var done = await RunnerFixture.WaitForCaseAsync(clerk, code, TimeSpan.FromMinutes(8));
            Assert.True(done["status"]!.GetValue<string>() == "completed", $"{bundle} #{index}: {done.ToJsonString()}");
            foreach (var step in done["steps"]!.AsArray())
            {
                var records = await _f.RecordsAsync(step!["system"]!.GetValue<string>(), step["idempotencyKey"]!.GetValue<string>());
                Assert.Equal(step["status"]!.GetValue<string>() == "skipped" ? 0 : 1, records.Count);
            }

            switch (bundle)
            {
                case "hiring":
                    AssertHiring(done, transfers: index % 2 == 0);
                    break;
                case "deregistration":
                    // The tax clearance 税务 issued is what 市场监管 was shown.
                    Assert.Equal(
                        Step(done, "taxDeregistration")["outputs"]!["taxClearanceNo"]!.GetValue<string>(),
                        Step(done, "registration")["inputs"]!["taxClearanceNo"]!.GetValue<string>());
                    break;
                case "after-death":
                    // 驾驶证注销 only for a licence holder; every benefit office was shown 公安's 户口注销编号.
                    Assert.Equal(index % 2 == 0 ? "succeeded" : "skipped", Step(done, "drivingLicence")["status"]!.GetValue<string>());
                    var cancellationNo = Step(done, "householdCancellation")["outputs"]!["householdCancellationNo"]!.GetValue<string>();
                    foreach (var later in new[] { "medicalAccount", "pensionAccount", "survivorBenefit", "housingFund" })
                    {
                        Assert.Equal(cancellationNo, Step(done, later)["inputs"]!["householdCancellationNo"]!.GetValue<string>());
                    }

                    break;
                case "social-insurance":
                    // A flexible worker moving in: 人社's number reaches the card and the transfer; the resident scheme is skipped.
                    var personalNo = Step(done, "registration")["outputs"]!["personalSocialInsuranceNo"]!.GetValue<string>();
                    Assert.Equal(personalNo, Step(done, "socialSecurityCard")["inputs"]!["personalSocialInsuranceNo"]!.GetValue<string>());
                    Assert.Equal(personalNo, Step(done, "pensionTransfer")["inputs"]!["personalSocialInsuranceNo"]!.GetValue<string>());
                    Assert.Equal("succeeded", Step(done, "medicalTransfer")["status"]!.GetValue<string>());
                    Assert.Equal("skipped", Step(done, "residentMedical")["status"]!.GetValue<string>());
                    break;
            }
        }
    }

    private static void AssertHiring(JsonNode done, bool transfers)
    {
        var employmentNo = Step(done, "employmentRegistration")["outputs"]!["employmentRegistrationNo"]!.GetValue<string>();
        Assert.Equal(employmentNo, Step(done, "socialInsurance")["inputs"]!["employmentRegistrationNo"]!.GetValue<string>());
        Assert.Equal(
            Step(done, "socialInsurance")["outputs"]!["personalSocialInsuranceNo"]!.GetValue<string>(),
            Step(done, "socialSecurityCard")["inputs"]!["personalSocialInsuranceNo"]!.GetValue<string>());
        Assert.Equal(transfers ? "succeeded" : "skipped", Step(done, "archive")["status"]!.GetValue<string>());
    }

    private static JsonNode Step(JsonNode @case, string id) => @case["steps"]!.AsArray().First(s => s!["stepId"]!.GetValue<string>() == id)!;
}
