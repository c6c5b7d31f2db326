using Microsoft.Extensions.Configuration;
using RpaRunner.Runner.Farm;
using RpaRunner.Runner.Security;
using RpaRunner.Workflows.Privacy;

namespace RpaRunner.Runner.Tests.Security;

/// <summary>Where data keys come from, and sealed settings.</summary>
public sealed class DataKeysTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("rpa-keys-").FullName;

    [Fact]
    public void OnOneMachine_AKeyFileIsCreatedReadableByItsOwnerOnly_AndKeptAcrossStarts()
    {
        var first = DataKeys.Load(Configuration(), _folder);
        var file = Path.Combine(_folder, DataKeys.DefaultFile);
        Assert.True(File.Exists(file));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }

        var again = DataKeys.Load(Configuration(), _folder);
        Assert.Equal(first.CurrentKeyId, again.CurrentKeyId);
        Assert.Equal("王小明", again.Unprotect(first.Protect("王小明", "p"), "p"));
    }

    [Fact]
    public void AConfiguredKey_SealsNewValues_AndPreviousKeysStillOpenOldOnes()
    {
        var oldKey = DataKeys.NewKeyText();
        var old = DataKeys.Load(Configuration(("Security:DataKey", oldKey)), _folder);
        var sealedBefore = old.Protect("110105202603100015", "p");

        var rotated = DataKeys.Load(Configuration(("Security:DataKey", DataKeys.NewKeyText()), ("Security:PreviousDataKeys", oldKey)), _folder);
        Assert.NotEqual(old.CurrentKeyId, rotated.CurrentKeyId);
        Assert.Equal("110105202603100015", rotated.Unprotect(sealedBefore, "p"));
        Assert.False(File.Exists(Path.Combine(_folder, DataKeys.DefaultFile)));
    }

    [Fact]
    public void ABrokenKey_OrAMissingKeyFile_IsAClearError()
    {
        var broken = Assert.Throws<InvalidOperationException>(() => DataKeys.Load(Configuration(("Security:DataKey", "c2hvcnQ=")), _folder));
        Assert.Contains("32 bytes", broken.Message, StringComparison.Ordinal);
        Assert.Contains("./rpa secrets new-key", broken.Message, StringComparison.Ordinal);

        var missing = Assert.Throws<InvalidOperationException>(() => DataKeys.Load(Configuration(("Security:DataKeyFile", "nowhere/data.key")), _folder));
        Assert.Contains("does not exist", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SealedSettings_AreOpenedInMemory_AndAWrongKeyNamesTheSetting()
    {
        var cipher = DataKeys.Load(Configuration(), _folder);
        var sealedPassword = cipher.Protect("robot-pass-123", ProtectedSettings.Purpose);
        var configuration = new ConfigurationManager();
        configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["DepartmentSystems:gongan:Password"] = sealedPassword,
            ["DepartmentSystems:gongan:Username"] = "robot01",
        });

        Assert.Equal(1, ProtectedSettings.Reveal(configuration, configuration, cipher));
        Assert.Equal("robot-pass-123", configuration["DepartmentSystems:gongan:Password"]);
        Assert.Equal("robot01", configuration["DepartmentSystems:gongan:Username"]);

        var other = new PersonalDataCipher([PersonalDataCipher.NewKey()]);
        var sealedOnly = new ConfigurationManager();
        sealedOnly.AddInMemoryCollection(new Dictionary<string, string?> { ["Transport:Password"] = sealedPassword });
        var error = Assert.Throws<InvalidOperationException>(() => ProtectedSettings.Reveal(sealedOnly, sealedOnly, other));
        Assert.Contains("Transport:Password", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("robot-pass-123", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AFarmNode_WithoutASharedDataKey_IsRefusedBeforeItStarts()
    {
        var farm = Configuration(("Transport:Kind", "rabbitmq"), ("Database:Provider", "postgres"), ("Database:ConnectionString", "Host=db"));
        Assert.Contains("data key", FarmSetup.Check(FarmRole.Orchestrator, farm), StringComparison.Ordinal);
        Assert.Contains("data key", FarmSetup.Check(FarmRole.Worker, farm), StringComparison.Ordinal);

        var withKey = Configuration(("Transport:Kind", "rabbitmq"), ("Database:Provider", "postgres"), ("Database:ConnectionString", "Host=db"), ("Security:DataKey", DataKeys.NewKeyText()));
        // An orchestrator also needs the shared audit key (ADR 0011).
        Assert.Contains("audit key", FarmSetup.Check(FarmRole.Orchestrator, withKey), StringComparison.Ordinal);
        var withBoth = Configuration(("Transport:Kind", "rabbitmq"), ("Database:Provider", "postgres"), ("Database:ConnectionString", "Host=db"), ("Security:DataKey", DataKeys.NewKeyText()), ("Audit:Key", DataKeys.NewKeyText()));
        Assert.Null(FarmSetup.Check(FarmRole.Orchestrator, withBoth));
        Assert.Null(FarmSetup.Check(FarmRole.Embedded, Configuration()));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();
}
