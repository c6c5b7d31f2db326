using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using RpaRunner.Designer.Access;

namespace RpaRunner.Runner.Security;

/// <summary>
/// Keeps the unit claim current: a UI session lasts hours (its cookie slides), and a user moved to another hall must
/// not keep seeing the old hall's cases until it ends. On every request the claim is set from the user's configured
/// unit; a principal whose user is no longer configured is left to the sign-in checks, which end its session.
/// </summary>
public sealed class UnitClaimsTransformation(IOptionsMonitor<SecurityOptions> security) : IClaimsTransformation
{
    public Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
    {
        var name = principal.Identity?.Name;
        var user = name is null ? null : security.CurrentValue.Users.FirstOrDefault(u => string.Equals(u.Name, name, StringComparison.Ordinal));
        if (user is null || principal.Identity is not ClaimsIdentity identity)
        {
            return Task.FromResult(principal);
        }

        var current = UnitClaims.For(user.Unit);
        var claims = identity.FindAll(UnitClaims.ClaimType).ToList();
        if (claims.Count == 1 && claims[0].Value == current.Value)
        {
            return Task.FromResult(principal);
        }

        // A transformation must not change the principal it was given (it may run more than once per request).
        var updatedIdentity = identity.Clone();
        foreach (var stale in updatedIdentity.FindAll(UnitClaims.ClaimType).ToList())
        {
            updatedIdentity.RemoveClaim(stale);
        }

        updatedIdentity.AddClaim(current);
        return Task.FromResult(new ClaimsPrincipal(principal.Identities.Select(i => ReferenceEquals(i, identity) ? updatedIdentity : i)));
    }
}
