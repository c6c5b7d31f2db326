using System.Diagnostics;
using System.Text.Json.Nodes;

namespace RpaRunner.Runner.Tests.Cli;

/// <summary>The command line as a person runs it: a separate process, its exit code and what it prints.</summary>
public sealed class RunnerCliTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("rpa-cli-").FullName;

    [Fact]
    public async Task BundlesValidate_ShippedBundles_ExitZero()
    {
        var bundles = Path.Combine(RepoRoot(), "Workflows", "Bundles");
        var (exit, output) = await RunAsync("bundles", "validate", Path.Combine(bundles, "newborn.json"), Path.Combine(bundles, "retirement.json"), Path.Combine(bundles, "company-setup.json"));
        Assert.Equal(0, exit);
        Assert.Contains("newborn v1", output);
        Assert.Contains("company-setup v1", output);
    }

    [Fact]
    public async Task BundlesValidate_BrokenCopy_ExitsOne_AndNamesEachProblemByPath()
    {
        var bundle = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(RepoRoot(), "Workflows", "Bundles", "newborn.json")))!;
        bundle["steps"]![0]!["dependsOn"] = new JsonArray("socialSecurityCard");
        bundle["steps"]![3]!["inputs"]!["phone"] = "form.mother.fax";
        var file = Path.Combine(_folder, "newborn-broken.json");
        await File.WriteAllTextAsync(file, bundle.ToJsonString());

        var (exit, output) = await RunAsync("bundles", "validate", file);
        Assert.Equal(1, exit);
        Assert.Contains("dependency cycle", output);
        Assert.Contains("$.steps[3].inputs.phone", output);
        Assert.Contains("form has no field 'mother.fax'", output);
    }

    [Fact]
    public async Task AuditVerify_OnAFreshDatabase_IsIntact()
    {
        var (exit, output) = await RunAsync("audit", "verify", $"--Database:ConnectionString=Data Source={Path.Combine(_folder, "audit.db")}");
        Assert.Equal(0, exit);
        Assert.Contains("intact", output);
    }

    private async Task<(int Exit, string Output)> RunAsync(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _folder };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "RpaRunner.Runner.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["COLUMNS"] = "200";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "RpaRunner.sln")))
        {
            dir = dir.Parent;
        }

        return dir!.FullName;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
