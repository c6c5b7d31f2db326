using System.Net.Http.Json;
using System.Text.Json.Nodes;
using RpaRunner.Runner.Demo;
using RpaRunner.Runner.Tests.TestSupport;

namespace RpaRunner.Runner.Tests.EndToEnd;

/// <summary>The sandbox department systems and an embedded runner whose web bots drive them in real Chromium.</summary>
public sealed class SandboxRunnerFixture : IAsyncLifetime
{
    public SandboxBeside Sandbox { get; private set; } = null!;

    public RunnerFixture Runner { get; private set; } = null!;

    public SandboxApplications Applications => Sandbox.Applications;

    public async Task InitializeAsync()
    {
        Sandbox = await SandboxBeside.StartAsync(Path.Combine(Path.GetTempPath(), "rpa-sandbox-" + Guid.NewGuid().ToString("N")), CancellationToken.None);
        Runner = await RunnerFixture.StartAsync(null, [.. Sandbox.RunnerArgs(), "--Bots:ConcurrencyPerPool=4", "--Engine:LeaseDuration=00:01:00", "--WebBots:StepTimeout=00:00:15"]);
    }

    public async Task<JsonObject> InspectAsync(string path)
    {
        using var http = new HttpClient { BaseAddress = Sandbox.Sandbox.InspectionUrl };
        http.DefaultRequestHeaders.Add("X-Inspection-Key", Sandbox.Sandbox.InspectionKey);
        return (await http.GetFromJsonAsync<JsonObject>(path))!;
    }

    public async Task<JsonArray> RecordsAsync(string system, string key)
    {
        using var http = new HttpClient { BaseAddress = Sandbox.Sandbox.InspectionUrl };
        http.DefaultRequestHeaders.Add("X-Inspection-Key", Sandbox.Sandbox.InspectionKey);
        return (await http.GetFromJsonAsync<JsonArray>($"systems/{system}/records?externalNo={Uri.EscapeDataString(key)}"))!;
    }

    public async Task DisposeAsync()
    {
        await Runner.DisposeAsync();
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
