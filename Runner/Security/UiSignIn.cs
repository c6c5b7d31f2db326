using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
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
            o.ExpireTimeSpan = TimeSpan.FromHours(10);
            o.SlidingExpiration = true;
            o.Events.OnValidatePrincipal = ValidateAsync;
        });

    /// <summary>API-key requests and the API's paths go to the key scheme; everything else (pages, evidence, the Blazor hub) to the cookie.</summary>
    internal static string SelectScheme(HttpContext context)
    {
        var request = context.Request;
        if (request.Headers.ContainsKey(ApiKeyAuthenticationHandler.HeaderName)
            || request.Headers.Authorization.ToString().StartsWith(ApiKeyAuthenticationHandler.SchemeName + " ", StringComparison.OrdinalIgnoreCase)
            || request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/openapi") || request.Path.StartsWithSegments("/health"))
        {
            return ApiKeyAuthenticationHandler.SchemeName;
        }

        return CookieScheme;
    }

    /// <summary>A session ends when its user is removed, changes role, or gets a new password.</summary>
    private static Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var security = context.HttpContext.RequestServices.GetRequiredService<IOptionsMonitor<SecurityOptions>>().CurrentValue;
        var name = context.Principal?.Identity?.Name;
        var user = security.Users.FirstOrDefault(u => u.Name == name);
        if (user is null || !context.Principal!.IsInRole(user.Role) || context.Principal.FindFirst(PasswordStampClaim)?.Value != Stamp(user.PasswordHash))
        {
            context.RejectPrincipal();
            return context.HttpContext.SignOutAsync(CookieScheme);
        }

        return Task.CompletedTask;
    }

    public static IEndpointRouteBuilder MapUiAccount(this IEndpointRouteBuilder app)
    {
        var account = app.MapGroup("/account").AllowAnonymous().ExcludeFromDescription();
        account.MapPost("/signin", SignInAsync);
        account.MapPost("/signout", async (HttpContext context) =>
        {
            await context.SignOutAsync(CookieScheme);
            return Results.LocalRedirect(SignInPath);
        });
        account.MapGet("/language", (HttpContext context, string? code, string? returnUrl) =>
        {
            context.Response.Cookies.Append(UiText.CookieName, UiText.For(code).Code, new CookieOptions
            {
                Expires = DateTimeOffset.UnixEpoch.AddYears(100),
                HttpOnly = true,
                SameSite = SameSiteMode.Lax,
                IsEssential = true,
            });
            return Results.LocalRedirect(LocalOrHome(returnUrl));
        });
        return app;
    }

    private static async Task<IResult> SignInAsync(
        HttpContext context, [FromForm] string? name, [FromForm] string? password, [FromForm] string? returnUrl,
        IOptionsMonitor<SecurityOptions> security, SignInThrottle throttle, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(UiSignIn).FullName!);
        var typed = name?.Trim() ?? string.Empty;
        var again = $"returnUrl={Uri.EscapeDataString(LocalOrHome(returnUrl))}";
        if (throttle.LockedUntil(typed) is not null)
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
            var locked = throttle.Failed(typed);
            logger.LogWarning("UI sign-in refused for {UserName}{Lockout}", typed, locked ? $"; locked out for {SignInThrottle.LockoutDuration.TotalMinutes:0} minutes" : string.Empty);
            return Results.LocalRedirect($"{SignInPath}?error={(locked ? "locked" : "1")}&{again}");
        }

        throttle.Succeeded(typed);

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, user.Name), new Claim(ClaimTypes.Role, user.Role), new Claim(PasswordStampClaim, Stamp(user.PasswordHash)), UnitClaims.For(user.Unit)],
            CookieScheme);
        await context.SignInAsync(CookieScheme, new ClaimsPrincipal(identity));
        logger.LogInformation("UI sign-in of {UserName} ({Role})", user.Name, user.Role);
        return Results.LocalRedirect(LocalOrHome(returnUrl));
    }

    /// <summary>Only a local path may follow sign-in, so a link cannot send a user elsewhere.</summary>
    internal static string LocalOrHome(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal)
        && !url.StartsWith(SignInPath, StringComparison.OrdinalIgnoreCase)
            ? url
            : "/";

    private static string Stamp(string? passwordHash) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(passwordHash ?? string.Empty)))[..16];
}
