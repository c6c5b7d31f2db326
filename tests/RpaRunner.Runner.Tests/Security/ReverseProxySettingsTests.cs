using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RpaRunner.Runner.Hosting;
using RpaRunner.Runner.Security;

namespace RpaRunner.Runner.Tests.Security;

public sealed class ReverseProxySettingsTests
{
    [Theory]
    [InlineData("ReverseProxy:KnownProxies:0", "nginx.local", "ReverseProxy:KnownProxies:0")]
    [InlineData("ReverseProxy:KnownNetworks:0", "10.0.0.0/99", "ReverseProxy:KnownNetworks:0")]
    [InlineData("ReverseProxy:ForwardLimit", "0", "ReverseProxy:ForwardLimit")]
    public void ABadProxySetting_StopsTheStart_NamingTheKey(string key, string value, string named)
    {
        using var services = Services((key, value));

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<ReverseProxyOptions>>().Value);
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheConfiguredProxiesAndNetworks_AreTheOnlyOnesTrusted()
    {
        using var services = Services(("ReverseProxy:KnownProxies:0", "10.0.0.5"), ("ReverseProxy:KnownNetworks:0", "192.168.10.0/24"));

        var forwarded = services.GetRequiredService<IOptions<ForwardedHeadersOptions>>().Value;
        Assert.True(services.GetRequiredService<IOptions<ReverseProxyOptions>>().Value.Enabled);
        Assert.Equal("10.0.0.5", Assert.Single(forwarded.KnownProxies).ToString());
        Assert.Equal("192.168.10.0/24", Assert.Single(forwarded.KnownIPNetworks).ToString());
        Assert.Equal(ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto, forwarded.ForwardedHeaders);
    }

    [Fact]
    public void WithoutProxies_ForwardedHeadersAreNotProcessed()
    {
        using var services = Services();

        Assert.False(services.GetRequiredService<IOptions<ReverseProxyOptions>>().Value.Enabled);
    }

    private static ServiceProvider Services(params (string Key, string Value)[] values)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
        return new ServiceCollection().AddWebHardening(configuration).AddOptionsRules().BuildServiceProvider();
    }
}
