using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RpaRunner.Runner.Hosting;
using RpaRunner.Runner.Security;

namespace RpaRunner.Runner.Tests.Security;

/// <summary>A user's organisation unit (Security:Users:i:Unit) is a unit path, checked when the runner starts.</summary>
public sealed class UnitSettingTests
{
    [Theory]
    [InlineData("Furong//Hall 1", false)]
    [InlineData("furong/", false)]
    [InlineData("../furong", false)]
    [InlineData("furong/hall-1", true)]
    public void AUnitIsCheckedAtStart_AMalformedOneStopsTheRunner_NamingTheKey(string unit, bool wellFormed)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Security:Users:0:Name"] = "clerk-hall1",
            ["Security:Users:0:Role"] = Roles.Clerk,
            ["Security:Users:0:Unit"] = unit,
            ["Security:Users:0:ApiKeySha256"] = ApiKeyAuthenticationHandler.HashKey("unit-setting-test-key"),
        }).Build();
        using var services = new ServiceCollection().Configure<SecurityOptions>(configuration.GetSection("Security")).AddOptionsRules().BuildServiceProvider();

        if (wellFormed)
        {
            Assert.Equal(unit, services.GetRequiredService<IOptions<SecurityOptions>>().Value.Users[0].Unit);
            return;
        }

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<SecurityOptions>>().Value);
        Assert.Contains("Security:Users:0:Unit", error.Message, StringComparison.Ordinal);
    }
}
