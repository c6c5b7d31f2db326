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

/// <summary>Units are shown by the names people know them by (Security:Units), never by a path when a name is configured.</summary>
public sealed class UnitNameTests
{
    [Fact]
    public void AConfiguredUnit_IsShownByItsName_InEitherLanguage_AndTheDefaultUnitByAWord_NotItsKey()
    {
        var directory = Directory(new()
        {
            ["Security:Units:0:Path"] = "furong/hall-1",
            ["Security:Units:0:Name"] = "芙蓉区政务服务中心一厅",
            ["Security:Units:0:EnglishName"] = "Furong service centre, hall 1",
            ["Security:Units:1:Path"] = "furong",
            ["Security:Units:1:Name"] = "芙蓉区",
        });

        Assert.Equal(new("芙蓉区政务服务中心一厅", "Furong service centre, hall 1"), directory.UnitNameOf("furong/hall-1"));
        Assert.Equal(new("芙蓉区", "芙蓉区"), directory.UnitNameOf("furong"));
        Assert.Null(directory.UnitNameOf("tianxin/hall-2"));
        Assert.Equal("本单位", directory.UnitNameOf(null)!.Zh);
        Assert.Equal("本单位", directory.UnitNameOf("default")!.Zh);
    }

    [Theory]
    [InlineData("Furong/Hall 1", "一厅", "Security:Units:0:Path")]
    [InlineData("furong/hall-1", " ", "Security:Units:0:Name")]
    public void AUnitNameIsCheckedAtStart(string path, string name, string key)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Security:Units:0:Path"] = path,
            ["Security:Units:0:Name"] = name,
        }).Build();
        using var services = new ServiceCollection().Configure<SecurityOptions>(configuration.GetSection("Security")).AddOptionsRules().BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<SecurityOptions>>().Value);
        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    private static ConfiguredStaffDirectory Directory(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().Configure<SecurityOptions>(configuration.GetSection("Security")).BuildServiceProvider();
        return new ConfiguredStaffDirectory(services.GetRequiredService<IOptionsMonitor<SecurityOptions>>());
    }
}
