using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;

namespace RpaRunner.Runner.Security;

/// <summary>
/// Keeps an open page honest: a Blazor circuit was authenticated once, when its WebSocket connected, so a page
/// left open after its session was signed out elsewhere (another tab, another orchestrator) would go on working.
/// Every <see cref="RevalidationInterval"/> the circuit asks the session store; an ended session drops the
/// circuit's user, and the page shows the sign-in instead.
/// </summary>
public sealed class UiSessionRevalidation(ILoggerFactory loggers, UiSessions sessions) : RevalidatingServerAuthenticationStateProvider(loggers)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromSeconds(30);

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(authenticationState);
        var user = authenticationState.User;
        return user.Identity?.IsAuthenticated != true || user.Identity.AuthenticationType != UiSignIn.CookieScheme
            ? Task.FromResult(true)
            : sessions.IsAliveAsync(user.FindFirst(UiSessions.IdClaim)?.Value, cancellationToken);
    }
}
