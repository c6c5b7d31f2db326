using RpaRunner.Sandbox.Hosting;

namespace RpaRunner.Sandbox.Tests.Infrastructure;

/// <summary>One running sandbox per test class: classes run in parallel without sharing records.</summary>
public sealed class SandboxFixture : IAsyncLifetime
{
    public SandboxHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await SandboxHost.StartAsync(new SandboxOptions { RandomSeed = 11 });

    public async Task DisposeAsync() => await Host.DisposeAsync();

    public SystemClient Client(string systemId) => new(Host[systemId]);

    public HttpClient Inspection(bool withKey = true)
    {
        var http = new HttpClient { BaseAddress = Host.InspectionUrl };
        if (withKey)
        {
            http.DefaultRequestHeaders.Add("X-Inspection-Key", Host.InspectionKey);
        }

        return http;
    }

    public async Task<SystemClient> LoggedInAsync(string systemId)
    {
        var client = Client(systemId);
        var page = await client.LoginAsync();
        Assert.True(page.Url!.AbsolutePath is "/main" or "/home", page.Error ?? page.Url.ToString());
        return client;
    }
}
