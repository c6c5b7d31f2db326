using System.Security.Claims;
using Microsoft.Extensions.Options;
using RpaRunner.Designer.Access;
using RpaRunner.Runner.Security;

namespace RpaRunner.Runner.Tests.Security;

/// <summary>A session's unit claim follows the configuration, so a user moved to another hall sees that hall's cases at once.</summary>
public sealed class UnitClaimsTransformationTests
{
    [Fact]
    public async Task ASessionSignedInBeforeTheUserMovedHall_ReadsTheNewHall()
    {
        var transformation = new UnitClaimsTransformation(Monitor(new ApiUser { Name = "clerk-a", Role = Roles.Clerk, Unit = "furong/hall-2", ApiKeySha256 = new string('0', 64) }));
        var signedIn = Principal("clerk-a", "furong/hall-1");

        var current = await transformation.TransformAsync(signedIn);

        Assert.Equal("furong/hall-2", current.Unit());
        Assert.Single(current.FindAll(UnitClaims.ClaimType));
        Assert.Equal("furong/hall-1", signedIn.Unit()); // the given principal is left as it was
    }

    [Fact]
    public async Task ASessionWithoutAUnitClaim_GetsTheConfiguredUnit_AndOneUpToDateIsKept()
    {
        var transformation = new UnitClaimsTransformation(Monitor(new ApiUser { Name = "operator-a", Role = Roles.Operator, Unit = "furong", ApiKeySha256 = new string('0', 64) }));
        var old = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "operator-a"), new Claim(ClaimTypes.Role, Roles.Operator)], "test"));
        Assert.Equal("furong", (await transformation.TransformAsync(old)).Unit());

        var upToDate = Principal("operator-a", "furong");
        Assert.Same(upToDate, await transformation.TransformAsync(upToDate));
    }

    private static ClaimsPrincipal Principal(string name, string unit) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, Roles.Clerk), UnitClaims.For(unit)], "test"));

    private static FixedMonitor Monitor(params ApiUser[] users) => new FixedMonitor(new SecurityOptions { Users = [.. users] });

    private sealed class FixedMonitor(SecurityOptions value) : IOptionsMonitor<SecurityOptions>
    {
        public SecurityOptions CurrentValue => value;

        public SecurityOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<SecurityOptions, string?> listener) => null;
    }
}
