using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using RpaRunner.Designer.Access;

namespace RpaRunner.Runner.Security;

/// <summary>
/// Signing in to the web UI with a name and password, kept in a cookie beside the API-key scheme. A
/// request that carries an API key, or goes to the API, is authenticated by key only: the API never
/// redirects to a sign-in page, it answers 401/403 as before.
/// </summary>
public static class UiSignIn
{
    /// <summary>The default scheme: picks the API key or the cookie per request.</summary>
    public const string SelectorScheme = "RpaRunner";
    public const string CookieScheme = "RpaRunner.Ui";
    public const string SignInPath = "/account/signin";
    private const string PasswordStampClaim = "rpa:pwd";

    internal static AuthenticationBuilder AddUiCookie(this AuthenticationBuilder builder) => builder
        .AddPolicyScheme(SelectorScheme, "API key or UI cookie", o => o.ForwardDefaultSelector = SelectScheme)
        .AddCookie(CookieScheme, o =>
        {
            o.Cookie.Name = "rpa.ui";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.LoginPath = SignInPath;
            o.AccessDeniedPath = "/account/denied";
            o.ReturnUrlParameter = "returnUrl";
            o.ExpireTimeSpan = UiSessions.IdleTimeout;
            o.SlidingExpiration = true;
            o.Events.OnValidatePrincipal = ValidateAsync;
        });

    /// <summary>
    /// API-key requests and the API's paths go to the key scheme, so a caller without a valid key gets 401 problem
    /// details, not a sign-in page. Evidence is both: the console's images load it with the UI cookie and a browser
    /// opening a link is sent to sign in, but any other caller is an API client. Everything else (pages, the Blazor
    /// hub) goes to the cookie.
    /// </summary>
    internal static string SelectScheme(HttpContext context)
    {
        var request = context.Request;
        if (request.Headers.ContainsKey(ApiKeyAuthenticationHandler.HeaderName)
            || request.Headers.Authorization.ToString().StartsWith(ApiKeyAuthenticationHandler.SchemeName + " ", StringComparison.OrdinalIgnoreCase)
            || request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/openapi") || request.Path.StartsWithSegments("/health")
            || (request.Path.StartsWithSegments("/evidence") && !IsBrowser(context)))
        {
            return ApiKeyAuthenticationHandler.SchemeName;
        }

        return CookieScheme;
    }

    /// <summary>A browser: it holds the UI cookie, or it navigates to a page (asks for HTML).</summary>
    private static bool IsBrowser(HttpContext context)
    {
        var cookie = context.RequestServices.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(CookieScheme).Cookie.Name;
        return (cookie is not null && context.Request.Cookies.ContainsKey(cookie))
            || context.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// A session ends when it was signed out (or expired) in the session store, and when its user is removed,
    /// changes role, or gets a new password.
    /// </summary>
    private static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var security = services.GetRequiredService<IOptionsMonitor<SecurityOptions>>().CurrentValue;
        var sessions = services.GetRequiredService<UiSessions>();
        var name = context.Principal?.Identity?.Name;
        var sessionId = context.Principal?.FindFirst(UiSessions.IdClaim)?.Value;
        var user = security.Users.FirstOrDefault(u => u.Name == name);
        var userUnchanged = user is not null && context.Principal!.IsInRole(user.Role) && context.Principal.FindFirst(PasswordStampClaim)?.Value == Stamp(user.PasswordHash);
        if (!userUnchanged || !await sessions.IsAliveAsync(sessionId, context.HttpContext.RequestAborted))
        {
            await sessions.EndAsync(sessionId, CancellationToken.None);
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieScheme);
        }
    }

    public static IEndpointRouteBuilder MapUiAccount(this IEndpointRouteBuilder app)
    {
        var account = app.MapGroup("/account").AllowAnonymous().ExcludeFromDescription();
        account.MapPost("/signin", SignInAsync);
        account.MapPost("/signout", SignOutAsync);
        account.MapGet("/language", (HttpContext context, string? code, string? returnUrl) =>
        {
            context.Response.Cookies.Append(UiText.CookieName, UiText.For(code).Code, new CookieOptions
            {
                Expires = DateTimeOffset.UnixEpoch.AddYears(100),
                HttpOnly = true,
                SameSite = SameSiteMode.Lax,
                Secure = context.Request.IsHttps,
                IsEssential = true,
            });
            return Results.LocalRedirect(LocalOrHome(returnUrl));
        });
        return app;
    }

    private static async Task<IResult> SignInAsync(
        HttpContext context, [FromForm] string? name, [FromForm] string? password, [FromForm] string? returnUrl,
        IOptionsMonitor<SecurityOptions> security, SignInThrottle throttle, UiSessions sessions, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(UiSignIn).FullName!);
        var typed = name?.Trim() ?? string.Empty;
        var again = $"returnUrl={Uri.EscapeDataString(LocalOrHome(returnUrl))}";
        using var attempt = throttle.Begin(typed);
        if (attempt is null)
        {
            // Locked out: the password is not even checked (it takes as long as a check), so guessing gains nothing.
            PasswordHashing.SpendVerificationTime(password);
            logger.LogWarning("UI sign-in refused for {UserName}: locked out after {Failures} wrong passwords", typed, SignInThrottle.MaxFailures);
            return Results.LocalRedirect($"{SignInPath}?error=locked&{again}");
        }

        var user = security.CurrentValue.Users.FirstOrDefault(u => string.Equals(u.Name, typed, StringComparison.Ordinal));
        if (user?.PasswordHash is null)
        {
            PasswordHashing.SpendVerificationTime(password);
        }

        if (user?.PasswordHash is null || !PasswordHashing.Verify(password, user.PasswordHash))
        {
            var locked = attempt.Failed();
            logger.LogWarning("UI sign-in refused for {UserName}{Lockout}", typed, locked ? $"; locked out for {SignInThrottle.LockoutDuration.TotalMinutes:0} minutes" : string.Empty);
            return Results.LocalRedirect($"{SignInPath}?error={(locked ? "locked" : "1")}&{again}");
        }

        attempt.Succeeded();

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, user.Name), new Claim(ClaimTypes.Role, user.Role), new Claim(PasswordStampClaim, Stamp(user.PasswordHash)), UnitClaims.For(user.Unit)],
            CookieScheme);
        identity.AddClaim(new Claim(UiSessions.IdClaim, await sessions.StartAsync(context.RequestAborted)));
        await context.SignInAsync(CookieScheme, new ClaimsPrincipal(identity));
        logger.LogInformation("UI sign-in of {UserName} ({Role})", user.Name, user.Role);
        return Results.LocalRedirect(LocalOrHome(returnUrl));
    }

    /// <summary>
    /// Ends the session in the store, so the cookie is worthless even where a copy of it was kept, then drops it.
    /// A form post like any other: without the antiforgery token it is refused (400) and the session stays.
    /// </summary>
    private static async Task<IResult> SignOutAsync(HttpContext context, IAntiforgery antiforgery, UiSessions sessions)
    {
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The sign-out form's antiforgery token is missing or wrong.");
        }

        await sessions.EndAsync(context.User.FindFirst(UiSessions.IdClaim)?.Value, context.RequestAborted);
        await context.SignOutAsync(CookieScheme);
        return Results.LocalRedirect(SignInPath);
    }

    /// <summary>
    /// Only a local path may follow sign-in, so a link cannot send a user elsewhere. A path with a control character
    /// (a tab, a line break) is not one: browsers drop them, so "/\t/evil.example" would lead off the site, and the
    /// redirect refuses it; home is where such a link leads instead.
    /// </summary>
    /// The path goes into the Location header, which takes ASCII only: anything else in it (Chinese, spaces, quotes) is
    /// percent-encoded as a browser would send it, and the encoded path must again be local.
    internal static string LocalOrHome(string? url)
    {
        if (!IsLocal(url) || !Uri.TryCreate(s_site, url, out var absolute) || absolute.Host != s_site.Host)
        {
            return "/";
        }

        var encoded = absolute.PathAndQuery + absolute.Fragment;
        return IsLocal(encoded) ? encoded : "/";
    }

    private static readonly Uri s_site = new("http://rpa.local/");

    private static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal)
        && !url.Any(char.IsControl)
        && !url.StartsWith(SignInPath, StringComparison.OrdinalIgnoreCase);

    private static string Stamp(string? passwordHash) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(passwordHash ?? string.Empty)))[..16];
}
