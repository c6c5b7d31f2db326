using RpaRunner.Runner.Demo;

namespace RpaRunner.Designer.Tests.TestSupport;

/// <summary>
/// The UI runner of <see cref="UiRunnerFixture"/> (same users, passwords and Chromium) with the sandbox department
/// systems beside it instead of the simulation: its web bots drive the sandbox web apps in their own Chromium, and
/// designers may rehearse steps against them.
/// </summary>
public sealed class SandboxUiRunnerFixture : UiRunnerFixture
{
    private int _company;

    public SandboxBeside Sandbox { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        Sandbox = await SandboxBeside.StartAsync(Path.Combine(Path.GetTempPath(), "rpa-ui-sandbox-" + Guid.NewGuid().ToString("N")), CancellationToken.None);
        await StartAsync(
        [
            .. ArgsFor(Folder),
            .. Sandbox.RunnerArgs(),
            "--WebBots:StepTimeout=00:00:30",
            "--Bots:AttemptTimeout=00:02:00",
            "--Engine:LeaseDuration=00:01:00",
        ]);
    }

    /// <summary>
    /// Inputs of 市场监管's enterprise registration that the sandbox accepts: a name nobody holds yet (each call
    /// gives another), a limited company, and a seeded adult as legal representative.
    /// </summary>
    public Dictionary<string, string> Enterprise()
    {
        var legalRep = Sandbox.Sandbox.Population.WithRole("legalRep").First();
        var n = Interlocked.Increment(ref _company);
        var number = RpaRunner.Runner.Demo.SampleApplications.ChineseNumber(n);
        var form = new Dictionary<string, string>()
        {
            ["companyName"] = $"长沙岳麓{number}号设计验证信息技术有限公司",
            ["companyType"] = "1130",
            ["registeredCapital"] = "100",
            ["businessScope"] = "1040101,1040102",
            ["address"] = "湖南省长沙市岳麓区麓谷大道627号",
            ["legalRepName"] = legalRep.Name,
            ["legalRepIdNumber"] = legalRep.IdNumber,
            ["legalRepPhone"] = legalRep.Phone,
        };
        foreach (var (key, value) in Sandbox.Sandbox.Population.CompanyPeople(legalRep, "100", DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8))))
        {
            form[key] = value;
        }

        return form;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (Sandbox is null)
        {
            return;
        }

        var folder = Sandbox.Sandbox.DataDirectory;
        await Sandbox.DisposeAsync();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}

/// <summary>
/// Its own collection, run alone: the sandbox systems and the bots' Chromium beside the UI's Chromium are more
/// than this machine should share with the other UI runner.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SandboxUiCollection : ICollectionFixture<SandboxUiRunnerFixture>
{
    public const string Name = "UI end to end, sandbox";
}
