using System.Text.RegularExpressions;
using RpaRunner.Bots.Rehearsal;
using RpaRunner.Bots.Runtime;
using RpaRunner.Workflows.Forms;

namespace RpaRunner.Bots.Tests.Web;

/// <summary>"Test this step": published steps rehearsed with the web bot against the sandbox systems in real Chromium.</summary>
[Collection(SandboxBotCollection.Name)]
public sealed partial class StepRehearsalTests(SandboxBotFixture fixture)
{
    private static int s_company;

    [Fact]
    public async Task RehearsingAWebStep_ReturnsItsOutputs_AndAScreenshotOfTheResultPage()
    {
        var enterprise = Enterprise();
        var registration = await RehearseAsync("company-setup", "registration", enterprise);
        Assert.True(registration.Succeeded, registration.Error);
        Assert.Null(registration.Error);
        Assert.True(CreditCode.TryParse(registration.Outputs["creditCode"], out _, out _), registration.Outputs["creditCode"]);
        Assert.Equal(15, registration.Outputs["registrationNo"]!.Length);
        AssertPng(registration.Screenshot);

        // A later step, with the output of the earlier one typed in as its designer would.
        var housingFund = await RehearseAsync("company-setup", "housingFund", new()
        {
            ["creditCode"] = registration.Outputs["creditCode"],
            ["companyName"] = enterprise["companyName"],
            ["address"] = enterprise["address"],
            ["contactName"] = "王经办",
            ["contactPhone"] = "13900001111",
        });
        Assert.True(housingFund.Succeeded, housingFund.Error);
        Assert.StartsWith("430100", housingFund.Outputs["employerAccountNo"], StringComparison.Ordinal);
        AssertPng(housingFund.Screenshot);
    }

    [Fact]
    public async Task ARefusal_IsNotASuccess_AndCarriesTheSystemsMessage_AndAScreenshot()
    {
        var enterprise = fixture.Sandbox.Population.Enterprises[0];
        var result = await RehearseAsync("company-setup", "housingFund", new()
        {
            ["creditCode"] = enterprise.CreditCode,
            ["companyName"] = enterprise.Name + "分公司",
            ["address"] = enterprise.Address,
            ["contactName"] = "王经办",
            ["contactPhone"] = "13900001111",
        });

        Assert.False(result.Succeeded);
        Assert.Empty(result.Outputs);
        Assert.Contains("单位名称与统一社会信用代码登记信息不一致", result.Error, StringComparison.Ordinal);
        AssertPng(result.Screenshot);
    }

    [Fact]
    public async Task TheRecordIsFiledUnderARehearsalKey_ThatNoCaseCanHave()
    {
        var first = await RehearseAsync("company-setup", "registration", Enterprise());
        var second = await RehearseAsync("company-setup", "registration", Enterprise());
        Assert.True(first.Succeeded && second.Succeeded, first.Error ?? second.Error);

        var key = KeyOf(first);
        Assert.StartsWith(StepRehearsal.KeyPrefix + "-", key, StringComparison.Ordinal);
        Assert.EndsWith(":registration", key, StringComparison.Ordinal);
        Assert.DoesNotMatch(CaseKey(), key);
        Assert.NotEqual(key, KeyOf(second));

        var records = await fixture.RecordsAsync("shichang", key);
        var record = Assert.Single(records);
        Assert.Equal(key, record!["externalNo"]!.GetValue<string>());
        Assert.Equal("shichang.registerEnterprise", record["actionId"]!.GetValue<string>());
    }

    [Fact]
    public async Task AStepTheBundleDoesNotHave_IsReported_WithoutRunningAnything()
    {
        var result = await RehearseAsync("company-setup", "noSuchStep", []);
        Assert.False(result.Succeeded);
        Assert.Contains("noSuchStep", result.Error, StringComparison.Ordinal);
        Assert.Null(result.Screenshot);
    }

    private Task<RehearsalResult> RehearseAsync(string bundleId, string stepId, Dictionary<string, string?> inputs)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        return fixture.Rehearsal.RehearseAsync(bundleId, stepId, inputs, timeout.Token);
    }

    private static string KeyOf(RehearsalResult result)
    {
        var note = Assert.Single(result.Notes, n => n.Contains(StepRehearsal.KeyPrefix, StringComparison.Ordinal));
        return note[note.IndexOf(StepRehearsal.KeyPrefix, StringComparison.Ordinal)..];
    }

    private static void AssertPng(byte[]? png)
    {
        Assert.NotNull(png);
        Assert.True(png.Length > 1000, $"{png.Length} bytes");
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A], png[..8]);
    }

    /// <summary>A case's idempotency key: case code (prefix, date, six characters) and step id.</summary>
    [GeneratedRegex("^[A-Z]{2,3}[0-9]{8}[0-9A-Z]{6}:")]
    private static partial Regex CaseKey();

    private Dictionary<string, string?> Enterprise()
    {
        var legalRep = fixture.Sandbox.Population.WithRole("legalRep").First();
        var n = Interlocked.Increment(ref s_company);
        var number = string.Concat(n.ToString(System.Globalization.CultureInfo.InvariantCulture).Select(d => "零一二三四五六七八九"[d - '0']));
        var form = new Dictionary<string, string?>()
        {
            ["companyName"] = $"长沙湘江{number}号试运行信息技术有限公司",
            ["companyType"] = "1130",
            ["registeredCapital"] = "100",
            ["businessScope"] = "1040101,1040102",
            ["address"] = "湖南省长沙市岳麓区麓谷大道627号",
            ["legalRepName"] = legalRep.Name,
            ["legalRepIdNumber"] = legalRep.IdNumber,
            ["legalRepPhone"] = legalRep.Phone,
        };
        foreach (var (key, value) in fixture.Sandbox.Population.CompanyPeople(legalRep, "100", DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8))))
        {
            form[key] = value;
        }

        return form;
    }
}
