using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RpaRunner.Bots.Simulated;
using RpaRunner.Designer.Tests.TestSupport;
using RpaRunner.Runner.Demo;
using RpaRunner.Runner.Security;
using RpaRunner.Workflows.Audit;
using RpaRunner.Workflows.Engine;
using RpaRunner.Workflows.Notifications;

namespace RpaRunner.Designer.Tests.EndToEnd;

/// <summary>The UI runner with a 结果回传 webhook whose receiver never answers: each accepted case leaves a dead letter at its first failed try.</summary>
public sealed class NotificationsUiRunnerFixture : UiRunnerFixture
{
    public override Task InitializeAsync() => StartAsync(
        [
            .. ArgsFor(Folder),
            "--Notifications:Webhooks:0:Name=province",
            "--Notifications:Webhooks:0:Url=http://127.0.0.1:9/notify",
            $"--Notifications:Webhooks:0:Secret={new string('k', 40)}",
            $"--Notifications:Webhooks:0:Events:0={NotificationEvents.CaseAccepted}",
            "--Notifications:MaxAttempts=1",
            "--Notifications:PollInterval=00:00:00.200",
            "--Notifications:Timeout=00:00:01",
        ],
        services => services.AddSingleton<ISimulationScript>(Script));
}

public sealed class NotificationsJourneyTests(NotificationsUiRunnerFixture runner) : IClassFixture<NotificationsUiRunnerFixture>
{
    /// <summary>
    /// The platform did not take a case's notification: an operator finds it among the dead letters of 结果回传, in
    /// Chinese, sends it again, and the case's audit trail names who did.
    /// </summary>
    [Fact]
    public async Task Operator_FindsADeadLetter_AndSendsItAgain_Audited()
    {
        var engine = runner.Services.GetRequiredService<CaseEngine>();
        var code = await runner.SubmitAsync("retirement", SampleApplications.For("retirement", 81, engine.Today));
        var outbox = runner.Services.GetRequiredService<OutboxStore>();
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (!(await outbox.DeadLettersAsync(CaseScope.All)).Any(e => e.CaseCode == code))
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"no dead letter of {code} within 30 s");
            await Task.Delay(200);
        }

        var page = await runner.NewPageAsync();
        await page.SignInAsync(Roles.Operator, "/console/notifications");
        var row = page.Locator("[data-testid=dead-letter]").Filter(new() { HasText = code });
        await Assertions.Expect(row).ToContainTextAsync("已受理");
        await Assertions.Expect(row).ToContainTextAsync("province");
        await Assertions.Expect(row).ToContainTextAsync("无法连接接收方");
        await page.DocumentAsync("console-notifications");

        await page.WaitForInteractiveAsync();
        await row.Locator("[data-testid=resend]").ClickAsync();
        await Assertions.Expect(page.Locator(".mud-snackbar")).ToContainTextAsync($"已重新排队：{code}");
        var resent = (await runner.Services.GetRequiredService<CaseQueries>().AuditOfAsync(code)).Where(e => e.Kind == AuditKinds.NotificationResent).ToList();
        Assert.Equal("operator1", Assert.Single(resent).Actor);
    }
}
