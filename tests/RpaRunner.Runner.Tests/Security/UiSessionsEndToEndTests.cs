using System.Net;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using RpaRunner.Runner.Security;
using RpaRunner.Runner.Tests.TestSupport;

namespace RpaRunner.Runner.Tests.Security;

/// <summary>A runner behind a (pretended) reverse proxy on loopback, whose users also have passwords for the web UI.</summary>
public sealed class UiRunnerBehindProxy : IAsyncLifetime
{
    public const string BurstUser = "burst1";

    public static readonly IReadOnlyDictionary<string, string> Passwords = Roles.All.ToDictionary(r => r, r => $"pw-{r}-Zq7!");

    private RunnerFixture? _runner;

    public Uri Address => _runner!.Address;

    public IServiceProvider Services => _runner!.Services;

    public async Task InitializeAsync()
    {
        var args = new List<string> { "--ReverseProxy:KnownProxies:0=127.0.0.1" };
        var i = 0;
        foreach (var role in RunnerFixture.Keys.Keys)
        {
            args.Add($"--Security:Users:{i++}:PasswordHash={PasswordHashing.Hash(Passwords[role])}");
        }

        // A user of its own for the burst of wrong passwords, so its lockout touches no other test.
        args.Add($"--Security:Users:{i}:Name={BurstUser}");
        args.Add($"--Security:Users:{i}:Role={Roles.Clerk}");
        args.Add($"--Security:Users:{i}:ApiKeySha256={ApiKeyAuthenticationHandler.HashKey("burst-key-0123456789")}");
        args.Add($"--Security:Users:{i}:PasswordHash={PasswordHashing.Hash("the-right-one")}");
        _runner = await RunnerFixture.StartAsync(null, [.. args]);
    }

    public async Task DisposeAsync()
    {
        if (_runner is not null)
        {
            await _runner.DisposeAsync();
        }
    }
}

public sealed class UiSessionsEndToEndTests(UiRunnerBehindProxy runner) : IClassFixture<UiRunnerBehindProxy>
{
    private const string UiCookie = "rpa.ui";

    [Fact]
    public async Task SignOut_EndsTheSession_ACookieCapturedBeforeNoLongerOpensPagesTheHubOrEvidence()
    {
        using var browser = new UiFormClient(runner.Address);
        var signedIn = await browser.SignInAsync("admin1", UiRunnerBehindProxy.Passwords[Roles.Admin]);
        Assert.Equal("/hall", signedIn.Headers.Location?.OriginalString);
        var captured = browser.Cookies[UiCookie];

        using var thief = new UiFormClient(runner.Address);
        thief.Cookies[UiCookie] = captured;
        Assert.Equal(HttpStatusCode.OK, (await thief.GetAsync("/hall")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await thief.GetAsync("/evidence/NB0/none/1/screenshot.png")).StatusCode);
        Assert.DoesNotContain(UiFormClient.SetCookies(await thief.SendAsync(HttpMethod.Post, "/_blazor/negotiate?negotiateVersion=1")), c => c.StartsWith(UiCookie + "=;", StringComparison.Ordinal));

        var token = await browser.TokenAsync("/hall");
        var signedOut = await browser.SendAsync(HttpMethod.Post, "/account/signout", Form(token));
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);

        using var later = new UiFormClient(runner.Address);
        later.Cookies[UiCookie] = captured;
        var page = await later.GetAsync("/hall");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith(UiSignIn.SignInPath, page.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
        // The page's answer dropped the cookie; evidence is asked for with the captured cookie again (without a cookie,
        // a caller that does not ask for HTML is an API client and gets 401).
        later.Cookies[UiCookie] = captured;
        var evidence = await later.GetAsync("/evidence/NB0/none/1/screenshot.png");
        Assert.Equal(HttpStatusCode.Redirect, evidence.StatusCode);

        // The hub's requests are authenticated by the same cookie: the ended session is refused there too (its cookie is dropped).
        later.Cookies[UiCookie] = captured;
        var hub = await later.SendAsync(HttpMethod.Post, "/_blazor/negotiate?negotiateVersion=1");
        Assert.Contains(UiFormClient.SetCookies(hub), c => c.StartsWith(UiCookie + "=;", StringComparison.Ordinal));
    }

    /// <summary>An open page (a Blazor circuit) asks the session store again from time to time, so it too loses an ended session.</summary>
    [Fact]
    public void OpenPages_RevalidateTheirSession()
    {
        using var scope = runner.Services.CreateScope();

        Assert.IsType<UiSessionRevalidation>(scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>());
    }

    [Fact]
    public async Task SignOut_WithoutTheAntiforgeryToken_IsRefusedWith400_AndTheSessionStays()
    {
        using var browser = new UiFormClient(runner.Address);
        await browser.SignInAsync("clerk1", UiRunnerBehindProxy.Passwords[Roles.Clerk]);

        var withoutToken = await browser.SendAsync(HttpMethod.Post, "/account/signout", []);
        var wrongToken = await browser.SendAsync(HttpMethod.Post, "/account/signout", Form("CfDJ8-not-a-token"));

        Assert.Equal(HttpStatusCode.BadRequest, withoutToken.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, wrongToken.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/hall")).StatusCode);
    }

    [Fact]
    public async Task SignIn_WithoutTheAntiforgeryToken_IsRefused_AndSetsNoCookie()
    {
        using var browser = new UiFormClient(runner.Address);
        var response = await browser.SendAsync(HttpMethod.Post, "/account/signin", new Dictionary<string, string>
        {
            ["name"] = "clerk1",
            ["password"] = UiRunnerBehindProxy.Passwords[Roles.Clerk],
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(browser.Cookies.ContainsKey(UiCookie));
    }

    /// <summary>Thirty wrong passwords for one name at once: five are checked (four answer "wrong", the fifth locks), 25 are refused as locked.</summary>
    [Fact]
    public async Task ThirtyWrongPasswordsAtOnce_OverHttp_GetFiveChecks()
    {
        using var browser = new UiFormClient(runner.Address);
        var token = await browser.TokenAsync("/account/signin");

        var answers = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => browser.SignInAsync(UiRunnerBehindProxy.BurstUser, $"guess-{i}", token)));

        var locations = answers.Select(a => a.Headers.Location?.OriginalString ?? $"status {(int)a.StatusCode}").ToList();
        Assert.Equal(SignInThrottle.MaxFailures - 1, locations.Count(l => l.Contains("error=1", StringComparison.Ordinal)));
        Assert.Equal(30 - (SignInThrottle.MaxFailures - 1), locations.Count(l => l.Contains("error=locked", StringComparison.Ordinal)));

        // Locked now: even the right password is not checked.
        var right = await browser.SignInAsync(UiRunnerBehindProxy.BurstUser, "the-right-one", token);
        Assert.Contains("error=locked", right.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BehindAnHttpsProxy_CookiesAreSecure_AndHstsIsSent()
    {
        using var browser = new UiFormClient(runner.Address, ("X-Forwarded-Proto", "https"), ("X-Forwarded-For", "203.0.113.7"), ("Host", "rpa.bureau.example"));
        var page = await browser.GetAsync("/account/signin");
        Assert.StartsWith("max-age=", Assert.Single(page.Headers.GetValues("Strict-Transport-Security")), StringComparison.Ordinal);
        Assert.All(UiFormClient.SetCookies(page), c => Assert.Contains("; secure", c, StringComparison.OrdinalIgnoreCase));

        var signedIn = await browser.SignInAsync("clerk1", UiRunnerBehindProxy.Passwords[Roles.Clerk]);
        var cookie = Assert.Single(UiFormClient.SetCookies(signedIn), c => c.StartsWith(UiCookie + "=", StringComparison.Ordinal));
        Assert.Contains("; secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; httponly", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task OverPlainHttp_NoHsts_AndTheCookieIsNotMarkedSecure()
    {
        using var browser = new UiFormClient(runner.Address, ("Host", "rpa.bureau.example"));
        var page = await browser.GetAsync("/account/signin");
        Assert.False(page.Headers.Contains("Strict-Transport-Security"));

        var signedIn = await browser.SignInAsync("clerk1", UiRunnerBehindProxy.Passwords[Roles.Clerk]);
        var cookie = Assert.Single(UiFormClient.SetCookies(signedIn), c => c.StartsWith(UiCookie + "=", StringComparison.Ordinal));
        Assert.DoesNotContain("; secure", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("/account/signin")]
    [InlineData("/hall")]
    [InlineData("/api/cases")]
    [InlineData("/_content/MudBlazor/MudBlazor.min.css")]
    [InlineData("/no-such-page")]
    public async Task EveryResponse_CarriesTheSecurityHeaders(string path)
    {
        using var browser = new UiFormClient(runner.Address);
        var response = await browser.GetAsync(path);

        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("strict-origin-when-cross-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        foreach (var directive in new[]
        {
            "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data: blob:", "connect-src 'self'",
            "frame-ancestors 'none'", "object-src 'none'", "base-uri 'self'", "form-action 'self'",
        })
        {
            Assert.Contains(directive, csp.Split(';', StringSplitOptions.TrimEntries));
        }

        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Form(string token) => new() { ["__RequestVerificationToken"] = token };
}
