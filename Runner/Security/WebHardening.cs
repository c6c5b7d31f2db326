using Microsoft.Extensions.Options;

namespace RpaRunner.Runner.Security;

/// <summary>
/// What every response of the runner carries for the browser's protection: a content security policy that lets
/// the UI load only its own files and talk only to its own origin, no MIME sniffing, no referrer to other sites,
/// and — over HTTPS, also HTTPS ended by a trusted reverse proxy (<see cref="ReverseProxyOptions"/>) — HSTS.
/// </summary>
public static class WebHardening
{
    /// <summary>How long a browser keeps to HTTPS after it saw the runner over HTTPS once.</summary>
    public static readonly TimeSpan StrictTransportSecurityMaxAge = TimeSpan.FromDays(365);

    /// <summary>Hosts that never get HSTS: a browser would then refuse plain HTTP to every other program on the machine.</summary>
    private static readonly string[] LoopbackHosts = ["localhost", "127.0.0.1", "[::1]"];

    public static IServiceCollection AddWebHardening(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ReverseProxyOptions>(configuration.GetSection("ReverseProxy"));
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ReverseProxyOptions>>((forwarded, proxy) => proxy.Value.Apply(forwarded));

        // The antiforgery cookie, like the sign-in cookie, is Secure whenever the request came over HTTPS.
        services.AddAntiforgery(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        return services;
    }

    /// <summary>First in the pipeline: forwarded headers (when a proxy is configured) before anything reads the scheme, then the headers.</summary>
    public static IApplicationBuilder UseWebHardening(this IApplicationBuilder app)
    {
        if (app.ApplicationServices.GetRequiredService<IOptions<ReverseProxyOptions>>().Value.Enabled)
        {
            app.UseForwardedHeaders();
        }

        return app.UseSecurityHeaders(Headers());
    }

    internal static HeaderPolicyCollection Headers() => new HeaderPolicyCollection()
        .AddContentTypeOptionsNoSniff()
        .AddReferrerPolicyStrictOriginWhenCrossOrigin()
        .AddFrameOptionsDeny()
        .AddStrictTransportSecurity((int)StrictTransportSecurityMaxAge.TotalSeconds, includeSubdomains: false, preload: false, excludedHosts: LoopbackHosts)
        .AddContentSecurityPolicy(csp =>
        {
            csp.AddDefaultSrc().Self();
            csp.AddScriptSrc().Self();

            // MudBlazor writes style attributes and a <style> element with its theme, Blazor sets style attributes
            // as it renders, and the flowchart library (@antv/x6) injects its stylesheet: inline styles are allowed,
            // for styles only. A style cannot run code; scripts stay limited to the runner's own files.
            csp.AddStyleSrc().Self().UnsafeInline();

            // data: for a rehearsal's screenshot (shown inline) and the small SVG images in MudBlazor's stylesheet.
            csp.AddImgSrc().Self().Data().Blob();
            csp.AddFontSrc().Self().Data();

            // The Blazor hub is a WebSocket to the runner itself: 'self' covers ws:/wss: of the same host.
            csp.AddConnectSrc().Self();
            csp.AddObjectSrc().None();
            csp.AddBaseUri().Self();
            csp.AddFormAction().Self();
            csp.AddFrameAncestors().None();
        });
}
