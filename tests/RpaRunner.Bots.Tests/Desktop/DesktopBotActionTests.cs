using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RpaRunner.Bots.Desktop;
using RpaRunner.Bots.Runtime;
using RpaRunner.Bots.Scripts;

namespace RpaRunner.Bots.Tests.Desktop;

/// <summary>The provident-fund counter client (GTK, sandbox) entered by DesktopBotAction through AT-SPI, counted through the inspection API.</summary>
[Collection(DesktopCollection.Name)]
public sealed class DesktopBotActionTests(DesktopFixture fixture)
{
    [Fact]
    public async Task Withdrawal_CompletesEndToEnd_OnceOnly_AndARerunFindsIt()
    {
        fixture.SkipWithoutDesktop();
        var key = DesktopFixture.NewKey();
        var inputs = await fixture.ApprovedRetireeAsync();
        var leaseChecks = 0;

        var first = await fixture.Bot.RunAsync(DesktopFixture.Context(key, inputs, lease: _ => { leaseChecks++; return Task.CompletedTask; }), CancellationToken.None);
        Assert.False(first.FoundExisting);
        Assert.StartsWith("TQ", first.Outputs["withdrawalNo"], StringComparison.Ordinal);
        Assert.True(decimal.Parse(first.Outputs["amount"]!, CultureInfo.InvariantCulture) > 0, first.Outputs["amount"]);
        Assert.Equal(1, leaseChecks);
        Assert.Equal(1, await fixture.CountAsync(key));

        var again = await fixture.Bot.RunAsync(DesktopFixture.Context(key, inputs, attempt: 2, lease: _ => { leaseChecks++; return Task.CompletedTask; }), CancellationToken.None);
        Assert.True(again.FoundExisting);
        Assert.Equal(first.Outputs, again.Outputs);
        Assert.Equal(1, leaseChecks);
        Assert.Equal(1, await fixture.CountAsync(key));
    }

    [Fact]
    public async Task CrashAfterSubmit_BeforeTheResultIsRead_TheNextAttemptFindsTheRecord()
    {
        fixture.SkipWithoutDesktop();
        var key = DesktopFixture.NewKey();
        var inputs = await fixture.ApprovedRetireeAsync();

        // Attempt 1 gets as far as pressing 提交, then the worker and the client die before anyone reads the result.
        var scripts = fixture.Services.GetRequiredService<ScriptLibrary>();
        var script = scripts.FindAction("gongjijin-counter.withdrawOnRetirement")!;
        var submit = script.Steps.FindIndex(s => s.Click?.Any(t => t.Name == "提交") == true);
        var upToSubmit = new BotScript { Action = script.Action, SearchBeforeCreate = script.SearchBeforeCreate, Steps = script.Steps[..(submit + 1)], Outputs = [] };
        var options = fixture.Services.GetRequiredService<IOptions<DesktopBotOptions>>().Value;
        var log = new DesktopDriverLog(TimeProvider.System);
        await fixture.Applications.EnsureWindowAsync("gongjijin-counter", DesktopFixture.CounterWindow, log, CancellationToken.None);
        var driver = new DesktopScriptDriver(fixture.Automation, DesktopFixture.CounterWindow, scripts.FindSystem("gongjijin-counter")!, log, options.SettleAfterAction);
        var values = new ScriptValues(inputs, new Dictionary<string, string?> { ["key"] = key });
        var partial = await new ScriptRunner(driver, TimeSpan.FromSeconds(10)).RunAsync(upToSubmit, values, _ => Task.CompletedTask, CancellationToken.None);
        Assert.False(partial.FoundExisting);
        await WaitForCountAsync(key, 1);
        var pid = fixture.Applications.StartedProcessId("gongjijin-counter");
        Assert.NotNull(pid);
        fixture.Applications.Stop("gongjijin-counter");

        // Attempt 2 starts the client again, searches by 综窗受理编号, and reads what attempt 1 entered.
        var leaseChecks = 0;
        var second = await fixture.Bot.RunAsync(DesktopFixture.Context(key, inputs, attempt: 2, lease: _ => { leaseChecks++; return Task.CompletedTask; }), CancellationToken.None);
        Assert.True(second.FoundExisting);
        Assert.StartsWith("TQ", second.Outputs["withdrawalNo"], StringComparison.Ordinal);
        Assert.Equal(0, leaseChecks);
        Assert.NotEqual(pid, fixture.Applications.StartedProcessId("gongjijin-counter"));
        Assert.Equal(1, await fixture.CountAsync(key));
    }

    [Fact]
    public async Task LostReply_AfterTheCentreStoredIt_IsAnUnknownOutcome_AndTheVerificationFindsIt()
    {
        fixture.SkipWithoutDesktop();
        var key = DesktopFixture.NewKey();
        var inputs = await fixture.ApprovedRetireeAsync();
        var commits = 0;
        fixture.Sandbox.SetQuirks("gongjijin-counter", q => q.ErrorAfterCommitRate = 1);
        try
        {
            // The error after 提交 may hide a stored record: no quick retry enters it again.
            var ex = await Assert.ThrowsAsync<OutcomeUnknownException>(() => fixture.Bot.RunAsync(
                DesktopFixture.Context(key, inputs, lease: _ => { commits++; return Task.CompletedTask; }), CancellationToken.None));
            Assert.Contains("服务器内部错误", ex.Message, StringComparison.Ordinal);
            Assert.Equal(1, commits);
            Assert.Equal(1, await fixture.CountAsync(key));
        }
        finally
        {
            fixture.Sandbox.SetQuirks("gongjijin-counter", q => q.ErrorAfterCommitRate = 0);
        }

        // The engine then sends a verification: it searches by 综窗受理编号 and reads what the lost reply stored.
        var verified = await fixture.Bot.RunAsync(
            DesktopFixture.Context(key, inputs, attempt: 2, lease: _ => { commits++; return Task.CompletedTask; }, verify: true), CancellationToken.None);
        Assert.True(verified.FoundExisting);
        Assert.StartsWith("TQ", verified.Outputs["withdrawalNo"], StringComparison.Ordinal);
        Assert.Equal(1, commits);
        Assert.Equal(1, await fixture.CountAsync(key));
    }

    [Fact]
    public async Task Refusal_IsABusinessFailure_WithTheClientsMessage_AndScreenshotTreeAndLogEvidence()
    {
        fixture.SkipWithoutDesktop();
        var key = DesktopFixture.NewKey();
        var inputs = await fixture.ApprovedRetireeAsync();
        inputs["bankCardNo"] = "6222021234567890123";
        var context = DesktopFixture.Context(key, inputs);
        var ex = await Assert.ThrowsAsync<BusinessRuleException>(() => fixture.Bot.RunAsync(context, CancellationToken.None));
        Assert.StartsWith("提示：", ex.Message, StringComparison.Ordinal);
        Assert.Contains("银行卡号", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, await fixture.CountAsync(key));

        var png = fixture.Evidence.Read(context.Evidence["screenshot"])!;
        Assert.True(png.Length > 1000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G');
        var tree = Encoding.UTF8.GetString(fixture.Evidence.Read(context.Evidence["a11y"])!);
        Assert.Contains("label \"错误提示\" = \"提示：", tree, StringComparison.Ordinal);
        Assert.Contains("push button \"提交\"", tree, StringComparison.Ordinal);
        Assert.Contains("[enabled,", tree, StringComparison.Ordinal);
        var log = Encoding.UTF8.GetString(fixture.Evidence.Read(context.Evidence["log"])!);
        Assert.Contains("BusinessRuleException", log, StringComparison.Ordinal);
        Assert.Contains("click 住房公积金柜面业务客户端/", log, StringComparison.Ordinal);
        Assert.DoesNotContain(inputs["idNumber"]!, log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ANameThatDoesNotMatchTheId_WaitsForTheApplicant()
    {
        fixture.SkipWithoutDesktop();
        var key = DesktopFixture.NewKey();
        var inputs = await fixture.ApprovedRetireeAsync();
        inputs["name"] += "某";
        var ex = await Assert.ThrowsAsync<ApplicantRefusalException>(() => fixture.Bot.RunAsync(DesktopFixture.Context(key, inputs), CancellationToken.None));
        Assert.Equal(RpaRunner.Workflows.Engine.FailureClass.NeedsApplicant, ex.Class);
        Assert.Contains("姓名与公民身份号码不一致", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, await fixture.CountAsync(key));
    }

    [Fact]
    public async Task Maintenance_IsTransient_AndSaysWhy()
    {
        fixture.SkipWithoutDesktop();
        fixture.Sandbox.SetQuirks("gongjijin-counter", q => q.Maintenance = true);
        try
        {
            var context = DesktopFixture.Context(DesktopFixture.NewKey(), await fixture.ApprovedRetireeAsync());
            var ex = await Assert.ThrowsAsync<TransientBotException>(() => fixture.Bot.RunAsync(context, CancellationToken.None));
            Assert.Contains("维护", ex.Message, StringComparison.Ordinal);
            Assert.True(context.Evidence.ContainsKey("screenshot"));
        }
        finally
        {
            fixture.Sandbox.SetQuirks("gongjijin-counter", q => q.Maintenance = false);
        }
    }

    private async Task WaitForCountAsync(string key, int count)
    {
        var clock = Stopwatch.StartNew();
        while (await fixture.CountAsync(key) != count)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"the store never held {count} record(s) for {key}");
            await Task.Delay(100);
        }
    }
}
