using Microsoft.Extensions.Configuration;
using RpaRunner.Runner.Audit;
using RpaRunner.Runner.Security;
using RpaRunner.Workflows.Audit;

namespace RpaRunner.Runner.Tests.Security;

/// <summary>Where the audit key comes from: like the data key, never from the database.</summary>
public sealed class AuditKeysTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("rpa-audit-keys-").FullName;
    private static readonly AuditEventRecord Row = new() { Id = 1, Seq = 1, Kind = AuditKinds.CaseSubmitted, Actor = "clerk1", PreviousHash = AuditChain.GenesisHash };

    [Fact]
    public void OnOneMachine_AKeyFileIsCreatedReadableByItsOwnerOnly_AndKeptAcrossStarts()
    {
        var first = AuditKeys.Load(Configuration(), _folder, create: true);
        var file = Path.Combine(_folder, AuditKeys.DefaultFile);
        Assert.True(File.Exists(file));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }

        Assert.Equal(first.RowMac(Row), AuditKeys.Load(Configuration(), _folder, create: false).RowMac(Row));
    }

    [Fact]
    public void AConfiguredKey_IsUsed_AndNoFileIsCreated()
    {
        var text = DataKeys.NewKeyText();
        var configured = AuditKeys.Load(Configuration(("Audit:Key", text)), _folder, create: true);
        Assert.Equal(new AuditKey(Convert.FromBase64String(text)).RowMac(Row), configured.RowMac(Row));
        Assert.False(File.Exists(Path.Combine(_folder, AuditKeys.DefaultFile)));
        Assert.True(AuditKeys.IsConfigured(Configuration(("Audit:KeyFile", "k"))));
    }

    [Fact]
    public void WithoutAKeyAndWithoutLeaveToCreateOne_LoadingFails()
    {
        var error = Assert.Throws<InvalidOperationException>(() => AuditKeys.Load(Configuration(), _folder, create: false));
        Assert.Contains("No audit key", error.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => AuditKeys.Load(Configuration(("Audit:Key", "c2hvcnQ=")), _folder, create: true));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();
}
