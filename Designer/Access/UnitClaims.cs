using System.Security.Claims;
using RpaRunner.Workflows.Engine;

namespace RpaRunner.Designer.Access;

/// <summary>
/// The organisation unit of the signed-in user (or API account), carried as a claim that both ways of signing in
/// set, and the <see cref="CaseScope"/> it gives: the API and the pages ask the principal, never the configuration.
/// </summary>
public static class UnitClaims
{
    public const string ClaimType = "rpa:unit";

    /// <summary>The claim of a user's configured unit (none: <see cref="CaseScope.DefaultUnit"/>).</summary>
    public static Claim For(string? unit) => new(ClaimType, CaseScope.UnitOrDefault(unit));

    /// <summary>The user's unit: the one new cases of theirs belong to.</summary>
    public static string Unit(this ClaimsPrincipal user) => CaseScope.UnitOrDefault(user.FindFirst(ClaimType)?.Value);

    /// <summary>Whose cases the user sees and acts on: an admin every case, anyone else their unit's and those beneath it.</summary>
    public static CaseScope Scope(this ClaimsPrincipal user) =>
        user.IsInRole(UiPolicies.AdminRole) ? CaseScope.All : CaseScope.Of(user.Unit());
}
