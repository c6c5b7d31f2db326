using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RpaRunner.Runner.Demo;
using RpaRunner.Runner.Security;
using RpaRunner.Runner.Tests.TestSupport;
using RpaRunner.Sandbox.Hosting;
using RpaRunner.Workflows.Engine.Storage;
using RpaRunner.Workflows.Notifications;

namespace RpaRunner.Runner.Tests.Platform;

/// <summary>
/// 结果回传 end to end: the platform stand-in is down while cases run; once it is back it receives every event of every
/// case, in the order the transitions made them, each signed validly, none twice.
/// </summary>
public sealed class WebhookDeliveryEndToEndTests : IAsyncLifetime
{
    private SandboxHost _sandbox = null!;
    private RunnerFixture _runner = null!;

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));

    public async Task InitializeAsync()
    {
        _sandbox = await SandboxHost.StartAsync(new SandboxOptions());
        _runner = await RunnerFixture.StartAsync(null,
            "--Notifications:Webhooks:0:Name=platform",
            $"--Notifications:Webhooks:0:Url={_sandbox.PlatformUrl}platform/notify",
            $"--Notifications:Webhooks:0:Secret={_sandbox.Platform.WebhookSecret}",
            "--Notifications:InitialDelay=00:00:00.200",
            "--Notifications:MaxDelay=00:00:00.800",
            "--Notifications:PollInterval=00:00:00.100",
            "--Notifications:Timeout=00:00:02",
            "--Notifications:MaxAttempts=100");
    }

    public async Task DisposeAsync()
    {
        await _runner.DisposeAsync();
        await _sandbox.DisposeAsync();
    }

    [Fact]
    public async Task WhileTheReceiverIsDown_NothingIsLost_AndOnceBack_EveryEventArrivesOnceInOrder()
    {
        _sandbox.Platform.GoDown(TimeSpan.FromMinutes(5));
        using var clerk = _runner.Client(Roles.Clerk);
        var codes = new List<string>
        {
            await RunnerFixture.SubmitAsync(clerk, "newborn", SampleApplications.For("newborn", 0, Today)),
            await RunnerFixture.SubmitAsync(clerk, "company-setup", SampleApplications.For("company-setup", 0, Today)),
        };
        foreach (var code in codes)
        {
            Assert.Equal("completed", (await RunnerFixture.WaitForCaseAsync(clerk, code, TimeSpan.FromSeconds(60)))["status"]!.GetValue<string>());
        }

        var factory = _runner.Services.GetRequiredService<IDbContextFactory<EngineDbContext>>();
        await WaitAsync(async () =>
        {
            await using var read = await factory.CreateDbContextAsync();
            return await read.Outbox.CountAsync(m => codes.Contains(m.CaseCode) && m.LastError != null) >= codes.Count;
        });
        Assert.All(codes, c => Assert.Empty(_sandbox.Platform.Received(c)));

        _sandbox.Platform.GoDown(TimeSpan.Zero);
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (codes.Any(c => !_sandbox.Platform.Received(c).Any(r => r.EventType == NotificationEvents.CaseCompleted)) && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        await using var db = await factory.CreateDbContextAsync();
        foreach (var code in codes)
        {
            var written = await db.Outbox.AsNoTracking().Where(m => m.CaseCode == code).OrderBy(m => m.Id).ToListAsync();
            var received = _sandbox.Platform.Received(code);
            Assert.Equal(written.Select(m => m.EventId.ToString()), received.Select(r => r.EventId));
            Assert.Equal(NotificationEvents.CaseAccepted, received[0].EventType);
            Assert.Equal(NotificationEvents.CaseCompleted, received[^1].EventType);
            Assert.All(received, r => Assert.True(r.SignatureValid));
            Assert.All(received, r => Assert.False(r.Repeat));
            Assert.All(written, m => Assert.Equal(OutboxState.Delivered, m.State));

            // The receiver was down while the case ran: its first event needed more than one try.
            Assert.True(written[0].Attempts > 1, $"the first event of {code} was delivered at the first try");
        }
    }

    private static async Task WaitAsync(Func<Task<bool>> done)
    {
        for (var i = 0; i < 200 && !await done(); i++)
        {
            await Task.Delay(100);
        }
    }
}
