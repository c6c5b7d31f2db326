using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace RpaRunner.Runner.Security;

/// <summary>
/// Settings "ReverseProxy": the proxies (nginx, a load balancer) that terminate HTTPS in front of the runner. Their
/// X-Forwarded-For and X-Forwarded-Proto headers are believed only when the request comes from one of them; then
/// the runner sees the client's address and the HTTPS of the original request, so its cookies are Secure and it
/// sends HSTS. With neither list set the headers are ignored (anyone could send them).
/// </summary>
public sealed class ReverseProxyOptions
{
    /// <summary>Addresses of the proxies, e.g. "10.0.0.5" or "::1".</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks the proxies are in, in CIDR notation, e.g. "10.0.0.0/24".</summary>
    public List<string> KnownNetworks { get; set; } = [];

    /// <summary>How many proxies in a row may have added to X-Forwarded-For (1: a single nginx).</summary>
    public int ForwardLimit { get; set; } = 1;

    public bool Enabled => KnownProxies.Count > 0 || KnownNetworks.Count > 0;

    internal static bool IsAddress(string value) => IPAddress.TryParse(value, out _);

    internal static bool IsNetwork(string value) => System.Net.IPNetwork.TryParse(value, out _);

    /// <summary>The forwarded-headers middleware's settings for these proxies (nothing is trusted by default, not even loopback).</summary>
    internal void Apply(ForwardedHeadersOptions options)
    {
        options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        options.ForwardLimit = ForwardLimit;
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var proxy in KnownProxies)
        {
            options.KnownProxies.Add(IPAddress.Parse(proxy));
        }

        foreach (var network in KnownNetworks)
        {
            options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        }
    }
}
