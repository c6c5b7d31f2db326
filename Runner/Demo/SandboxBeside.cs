using RpaRunner.Bots.Desktop;
using RpaRunner.Sandbox.Hosting;

namespace RpaRunner.Runner.Demo;

/// <summary>
/// Starts the sandbox department systems beside an embedded runner and points the runner's bots at them:
/// web systems by URL and robot account, and the desktop counter client on a private headless desktop
/// (Xvfb and an accessibility bus) when this machine has them. The runner's webhooks go to the platform stand-in.
/// </summary>
public sealed class SandboxBeside : IAsyncDisposable
{
    private readonly DesktopSession? _desktop;

    private SandboxBeside(SandboxHost sandbox, DesktopSession? desktop)
    {
        Sandbox = sandbox;
        _desktop = desktop;
    }

    public SandboxHost Sandbox { get; }

    public SandboxApplications Applications => new(Sandbox.Population);

    /// <summary>Why desktop matters cannot run here (a missing package), or null when they can.</summary>
    public string? DesktopUnavailable { get; private init; }

    /// <summary>
    /// How long after 医保 declares a newborn's premium the sandbox's stand-in guardian has paid it: long enough for the
    /// premium step to be seen waiting (待缴费), short enough for a demo (<see cref="AwaitingRecheck"/> looks again).
    /// </summary>
    public static readonly TimeSpan GuardianPaysAfter = TimeSpan.FromSeconds(8);

    /// <summary>How often the runner looks again at a step that waits for the applicant, beside the sandbox.</summary>
    public static readonly TimeSpan AwaitingRecheck = TimeSpan.FromSeconds(5);

    public static async Task<SandboxBeside> StartAsync(string dataDirectory, CancellationToken cancellationToken)
    {
        var sandbox = await SandboxHost.StartAsync(new SandboxOptions { DataDirectory = dataDirectory, ResetOnStart = true, GuardianPaysAfter = GuardianPaysAfter }, cancellationToken);
        var missing = DesktopSession.MissingPrerequisite();
        var desktop = missing is null ? await DesktopSession.StartAsync(cancellationToken: cancellationToken) : null;
        return new SandboxBeside(sandbox, desktop) { DesktopUnavailable = missing };
    }

    /// <summary>
    /// Runner settings that send every step to the sandbox systems with their robot accounts; since those are the
    /// sandbox, designers may rehearse steps against them too.
    /// </summary>
    public IEnumerable<string> RunnerArgs()
    {
        yield return "--Simulation:Enabled=false";
        yield return "--Rehearsal:Enabled=true";
        yield return $"--Engine:AwaitingRecheckInterval={AwaitingRecheck:c}";
        foreach (var system in Sandbox.Systems)
        {
            yield return $"--DepartmentSystems:{system.Id}:BaseUrl={system.BaseUrl}";
            yield return $"--DepartmentSystems:{system.Id}:Username={system.RobotUsername}";
            yield return $"--DepartmentSystems:{system.Id}:Password={system.RobotPassword}";
        }

        // 电子证照库: the library's API and the app key and secret the bots sign their calls with (ADR 0027).
        yield return $"--DepartmentSystems:dzzz:BaseUrl={Sandbox.LicenceLibraryUrl}";
        yield return $"--DepartmentSystems:dzzz:Username={Sandbox.Licences.AppKey}";
        yield return $"--DepartmentSystems:dzzz:Password={Sandbox.Licences.AppSecret}";

        // 结果回传 to the platform stand-in, and its pushes accepted (ADR 0016).
        yield return "--Notifications:Webhooks:0:Name=platform";
        yield return $"--Notifications:Webhooks:0:Url={Sandbox.PlatformUrl}platform/notify";
        yield return $"--Notifications:Webhooks:0:Secret={Sandbox.Platform.WebhookSecret}";
        yield return $"--Platform:Inbound:Secret={Sandbox.Platform.PushSecret}";

        if (_desktop is not null)
        {
            foreach (var (key, value) in DesktopBotOptions.ConfigurationFor(_desktop, "gongjijin-counter", Sandbox.CreateCounterClientStartInfo()))
            {
                yield return $"--{key}={value}";
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Sandbox.DisposeAsync();
        if (_desktop is not null)
        {
            await _desktop.DisposeAsync();
        }
    }
}
