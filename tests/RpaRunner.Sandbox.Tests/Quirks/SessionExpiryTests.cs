using Microsoft.Extensions.Time.Testing;
using RpaRunner.Sandbox.Hosting;
using RpaRunner.Sandbox.Quirks;
using RpaRunner.Sandbox.Tests.Infrastructure;

namespace RpaRunner.Sandbox.Tests.Quirks;

/// <summary>Session expiry and service hours against a fake clock: no sleeping.</summary>
public class SessionExpiryTests
{
    [Fact]
    public async Task Session_ExpiresAfterTheIdleTimeout_AndTheNextPageIsTheLogin()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 2, 0, 0, TimeSpan.Zero));
        await using var host = await SandboxHost.StartAsync(new SandboxOptions { TimeProvider = clock });
        host.SetQuirks("renshe", q => q.SessionTimeoutSeconds = 600);
        using var client = new SystemClient(host["renshe"]);
        await client.LoginAsync();

        clock.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal("/home", (await client.GetAsync("home")).Url!.AbsolutePath);
        clock.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal("/home", (await client.GetAsync("home")).Url!.AbsolutePath);

        clock.Advance(TimeSpan.FromMinutes(11));
        var expired = await client.GetAsync("biz/approveRetirement");
        Assert.Equal("/login", expired.Url!.AbsolutePath);
        Assert.Contains("登录超时", expired.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServiceHours_EtaxClosesAtSixInTheEvening()
    {
        // 09:30 UTC is 17:30 in China.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 9, 30, 0, TimeSpan.Zero));
        var options = new SandboxOptions { TimeProvider = clock };
        options.Quirks["shuiwu"] = new SystemQuirks { ServiceHours = "08:00-18:00" };
        await using var host = await SandboxHost.StartAsync(options);
        using var client = new SystemClient(host["shuiwu"]);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("login")).Status);
        clock.Advance(TimeSpan.FromMinutes(31));
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, (await client.GetAsync("login")).Status);
        clock.Advance(TimeSpan.FromHours(14));
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("login")).Status);
    }

    [Theory]
    [InlineData("08:00-18:00", 7, 59, true)]
    [InlineData("08:00-18:00", 8, 0, false)]
    [InlineData("08:00-18:00", 18, 0, true)]
    [InlineData("22:00-06:00", 23, 0, false)]
    [InlineData("22:00-06:00", 12, 0, true)]
    [InlineData("", 3, 0, false)]
    public void IsOutsideServiceHours_HandlesWindowsAcrossMidnight(string hours, int hour, int minute, bool outside) =>
        Assert.Equal(outside, new SystemQuirks { ServiceHours = hours }.IsOutsideServiceHours(new DateTimeOffset(2026, 1, 5, hour, minute, 0, TimeSpan.FromHours(8))));
}
