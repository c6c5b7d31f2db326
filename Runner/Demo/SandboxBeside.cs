using RpaRunner.Sandbox.Hosting;

namespace RpaRunner.Runner.Demo;

/// <summary>Starts the sandbox department systems beside an embedded runner and points the runner's bots at them.</summary>
public sealed class SandboxBeside : IAsyncDisposable
{
    private SandboxBeside(SandboxHost sandbox) => Sandbox = sandbox;

    public SandboxHost Sandbox { get; }

    public SandboxApplications Applications => new(Sandbox.Population);

    public static async Task<SandboxBeside> StartAsync(string dataDirectory, CancellationToken cancellationToken)
    {
        var sandbox = await SandboxHost.StartAsync(new SandboxOptions { DataDirectory = dataDirectory, ResetOnStart = true }, cancellationToken);
        return new SandboxBeside(sandbox);
    }

    /// <summary>Runner settings that send every step to the sandbox systems with their robot accounts.</summary>
    public IEnumerable<string> RunnerArgs()
    {
        yield return "--Simulation:Enabled=false";
        foreach (var system in Sandbox.Systems)
        {
            yield return $"--DepartmentSystems:{system.Id}:BaseUrl={system.BaseUrl}";
            yield return $"--DepartmentSystems:{system.Id}:Username={system.RobotUsername}";
            yield return $"--DepartmentSystems:{system.Id}:Password={system.RobotPassword}";
        }
    }

    public ValueTask DisposeAsync() => Sandbox.DisposeAsync();
}
