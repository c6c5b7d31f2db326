using System.Diagnostics;
using System.Text.Json.Nodes;
using RpaRunner.Tests.Shared;

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
    public async Task BundlesValidate_ADateMappedIntoABankCardInput_ExitsOne()
    {
        var bundle = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(RepoRoot(), "Workflows", "Bundles", "retirement.json")))!;
        bundle["form"]!["sections"]![0]!["fields"]!.AsArray().Add(JsonNode.Parse("""{ "id": "retiredOn", "label": { "zh": "退休日期", "en": "Retired on" }, "type": "date" }"""));
        bundle["steps"]![3]!["inputs"]!["bankCardNo"] = "form.applicant.retiredOn";
        var file = Path.Combine(_folder, "retirement-date-into-card.json");
        await File.WriteAllTextAsync(file, bundle.ToJsonString());

        var (exit, output) = await RunAsync("bundles", "validate", file);
        Assert.Equal(1, exit);
        Assert.Contains("$.steps[3].inputs.bankCardNo", output);
        Assert.Contains("does not fit input 'bankCardNo' of type bankCard", output);
    }

    [Fact]
    public async Task BundlesValidate_AStepOnASystemThatCannotBeSearched_WarnsUnderItsFile_AndExitsZero()
    {
        var bundle = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(RepoRoot(), "Workflows", "Bundles", "retirement.json")))!;
        bundle["steps"]!.AsArray().Add(TestBundles.ContactStep(dependsOn: "housingFund"));
        var file = Path.Combine(_folder, "retirement-with-contact.json");
        await File.WriteAllTextAsync(file, bundle.ToJsonString());

        var (exit, output) = await RunAsync("bundles", "validate", file);
        Assert.Equal(0, exit);
        // Under the file's line (the console may wrap long lines).
        var passed = output.IndexOf("✓ retirement-with-contact.json", StringComparison.Ordinal);
        var warned = output.IndexOf("⚠ $.steps[4].action: gongjijin-contact.registerContact", StringComparison.Ordinal);
        Assert.True(passed >= 0 && warned > passed, output);
        Assert.Contains("无法查重", output[warned..], StringComparison.Ordinal);
        Assert.Contains("not searchable:", output[warned..], StringComparison.Ordinal);
        Assert.DoesNotContain("✗", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SystemsValidate_APackageWithoutASearch_ExitsOne_ThenTheFixedOneInACatalogFolder_LetsABundleUseIt()
    {
        var broken = Path.Combine(_folder, "broken.json");
        await File.WriteAllTextAsync(broken, TestSystems.PermitRegisterPackage(new Uri("http://permits.example.gov.cn/"), withSearch: false).ToJsonString());
        var (exit, output) = await RunAsync("systems", "validate", broken);
        Assert.Equal(1, exit);
        Assert.Contains("searchBeforeCreate", output, StringComparison.Ordinal);

        // The catalog folder a bureau keeps under version control: the bundle that uses its system validates against it.
        var catalog = Directory.CreateDirectory(Path.Combine(_folder, "systems")).FullName;
        var package = Path.Combine(catalog, $"{TestSystems.PermitSystem}.json");
        await File.WriteAllTextAsync(package, TestSystems.PermitRegisterPackage(new Uri("http://permits.example.gov.cn/"), withSearch: true).ToJsonString());
        (exit, output) = await RunAsync("systems", "validate", package);
        Assert.True(exit == 0, output);
        var bundle = Path.Combine(_folder, "street-permit.json");
        await File.WriteAllTextAsync(bundle, TestSystems.StreetPermitBundle().ToJsonString());
        (exit, _) = await RunAsync("bundles", "validate", bundle);
        Assert.Equal(1, exit);
        (exit, output) = await RunAsync("bundles", "validate", bundle, "--systems", catalog);
        Assert.True(exit == 0, output);
        (_, output) = await RunAsync("systems", "list", "--systems", catalog);
        Assert.Contains(TestSystems.PermitSystem, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditVerify_OnAFreshDatabase_IsIntact()
    {
        var (exit, output) = await RunAsync("audit", "verify", $"--Database:ConnectionString=Data Source={Path.Combine(_folder, "audit.db")}", $"--Audit:Key={RpaRunner.Runner.Security.DataKeys.NewKeyText()}");
        Assert.Equal(0, exit);
        Assert.Contains("intact", output);
    }

    [Fact]
    public async Task SecretsProtect_SealsTheValueFromStandardInput_WithThisRunnersKey()
    {
        var (exit, output) = await RunWithInputAsync("robot-pass-123\n", "secrets", "protect");
        Assert.Equal(0, exit);
        var sealedValue = output.Split('\n').Single(l => l.StartsWith("rpa1:", StringComparison.Ordinal)).Trim();
        Assert.DoesNotContain("robot-pass-123", output, StringComparison.Ordinal);

        // The runner started in this folder opens it with the key file the command created there.
        var cipher = RpaRunner.Runner.Security.DataKeys.Load(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build(), Path.Combine(_folder, "data"));
        Assert.Equal("robot-pass-123", cipher.Unprotect(sealedValue, RpaRunner.Runner.Security.ProtectedSettings.Purpose));

        var (emptyExit, emptyOutput) = await RunWithInputAsync(string.Empty, "secrets", "protect");
        Assert.Equal(2, emptyExit);
        Assert.Contains("Nothing to seal", emptyOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditVerify_NeedsTheKey_PassesAnUntouchedTrail_AndExitsOneNamingAnEmptiedTrail()
    {
        var database = $"--Database:ConnectionString=Data Source={Path.Combine(_folder, "data", "rpa.db")}";
        var (noKeyExit, noKeyOutput) = await RunAsync("audit", "verify", database);
        Assert.Equal(2, noKeyExit);
        Assert.Contains("No audit key", noKeyOutput, StringComparison.Ordinal);

        var key = $"--Audit:Key={RpaRunner.Runner.Security.DataKeys.NewKeyText()}";
        var (exit, output) = await RunAsync("audit", "verify", database, key);
        Assert.True(exit == 0, output);
        Assert.Contains("audit trail intact", output, StringComparison.Ordinal);

        // A case whose audit rows are all gone.
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_folder, "data", "rpa.db")};Pooling=false"))
        {
            await connection.OpenAsync();
            await using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO cases (Id, Code, BundleId, BundleVersion, Status, FormJson, SubmittedBy, SubmittedAt, UpdatedAt, Revision) "
                + "VALUES ('c1', 'XSE20260310000001', 'newborn', 1, 'Completed', '{}', 'clerk1', 0, 0, 0)";
            await insert.ExecuteNonQueryAsync();
        }

        var (tamperedExit, tamperedOutput) = await RunAsync("audit", "verify", database, key);
        Assert.Equal(1, tamperedExit);
        Assert.Contains("every audit row was deleted, but 1 cases remain", tamperedOutput, StringComparison.Ordinal);

        var (exportExit, exported) = await RunAsync("audit", "export", database);
        Assert.Equal(0, exportExit);
        Assert.Contains("\"type\":\"checkpoint\"", exported, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Record_AnActionTheCatalogDoesNotHave_ExitsTwo_BeforeAnyWindowOpens()
    {
        var (exit, output) = await RunAsync("record", "--system", "renshe", "--action", "noSuchMatter", "--url", "http://127.0.0.1:9/biz/x");
        Assert.Equal(2, exit);
        Assert.Contains("renshe.noSuchMatter", output);
    }

    [Fact]
    public async Task Record_APathWithoutTheSystemsAddress_ExitsTwo_AndSaysWhatToConfigure()
    {
        var (exit, output) = await RunAsync("record", "--system", "renshe", "--action", "certifyContributions", "--url", "/biz/certifyContributions");
        Assert.Equal(2, exit);
        Assert.Contains("DepartmentSystems:renshe:BaseUrl", output);
    }

    [Fact]
    public async Task Record_WithoutADesktop_ExitsTwo_AndSaysTheRecorderNeedsAWindow()
    {
        var (exit, output) = await RunWithEnvironmentAsync(new Dictionary<string, string?> { ["DISPLAY"] = null, ["WAYLAND_DISPLAY"] = null },
            "record", "--system", "renshe", "--action", "certifyContributions", "--url", "http://127.0.0.1:9/biz/certifyContributions");
        Assert.Equal(2, exit);
        Assert.Contains("DISPLAY", output);
    }

    private Task<(int Exit, string Output)> RunAsync(params string[] args) => RunWithInputAsync(null, args);

    private Task<(int Exit, string Output)> RunWithEnvironmentAsync(Dictionary<string, string?> environment, params string[] args) => RunProcessAsync(null, args, environment);

    private Task<(int Exit, string Output)> RunWithInputAsync(string? input, params string[] args) => RunProcessAsync(input, args, null);

    private async Task<(int Exit, string Output)> RunProcessAsync(string? input, string[] args, Dictionary<string, string?>? environment)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = input is not null, WorkingDirectory = _folder };
        foreach (var (name, value) in environment ?? [])
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }

        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "RpaRunner.Runner.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["COLUMNS"] = "200";
        using var process = Process.Start(info)!;
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
            process.StandardInput.Close();
        }

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
