using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RpaRunner.Bots.Runtime;
using RpaRunner.Bots.Simulated;
using RpaRunner.Runner.Hosting;
using RpaRunner.Runner.Security;
using RpaRunner.Workflows.Engine;

namespace RpaRunner.Designer.Tests.TestSupport;

/// <summary>
/// One real embedded runner (Kestrel on a free port, SQLite file, simulated department systems with a
/// script) and one Debian Chromium for every end-to-end UI test. Each role has an API key and a password.
/// The scripted failures: the retirement approval is refused for a business reason until the applicant's
/// name is the one the case is amended to; newborn cases whose child bears one of the marker names below are
/// refused by the medical insurance platform (business), by the household register (only the applicant can fix
/// it, 补正), meet an outage of the e-tax bureau (transient), or lose the social security card's result after its
/// submit (结果不明, checked by a person).
/// </summary>
public class UiRunnerFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";
    public const string FailingStep = "retirementApproval";
    public const string FailingMessage = "人社系统：申请人姓名与身份证登记姓名不一致";
    public const string CorrectName = "张建国";

    /// <summary>A newborn whose medical insurance enrolment is refused: the insured's ID number does not match.</summary>
    public const string InsuranceRefusedChild = "王待修";
    public const string InsuranceRefusal = "医保平台：参保人身份号码与户籍登记信息不符";

    /// <summary>A newborn whose name the household register refuses: the applicant must choose another (补正).</summary>
    public const string RestrictedChildName = "王禁名";
    public const string ApplicantRefusal = "公安户籍系统：新生儿姓名含不宜用字，请申请人更正姓名后重新申报";

    /// <summary>A newborn whose premium meets an outage of the e-tax bureau.</summary>
    public const string OutageChild = "王断网";
    public const string OutageMessage = "电子税务局：HTTP 503 服务暂不可用";

    /// <summary>
    /// A newborn whose social security card application is stored, then the connection drops before the result page
    /// (结果不明); the lookup that follows cannot be made, so a person checks the system.
    /// </summary>
    public const string UnknownOutcomeChild = "王不明";
    public const string LookupFailure = "社保卡系统：查询页面无法识别，请人工核实";

    /// <summary>A newborn whose birth certificate the bot keeps entering until <see cref="ReleaseHeld"/> is called.</summary>
    public const string HeldChild = "王稍等";

    /// <summary>A newborn whose vaccination certificate meets an outage of the health commission's system.</summary>
    public const string VaccinationOutageChild = "王停机";
    public const string VaccinationOutageMessage = "卫健系统：HTTP 502 网关错误";

    private static readonly ManualResetEventSlim Held = new(false);

    /// <summary>Lets the held birth certificate through: the bot finishes it.</summary>
    public static void ReleaseHeld() => Held.Set();

    /// <summary>Holds the bot on <see cref="HeldChild"/>'s birth certificate (at most a minute).</summary>
    internal static void WaitWhileHeld() => Held.Wait(TimeSpan.FromMinutes(1));

    public static readonly IReadOnlyDictionary<string, string> Keys = Roles.All.ToDictionary(r => r, r => $"ui-test-key-{r}-0123456789");
    public static readonly IReadOnlyDictionary<string, string> Passwords = Roles.All.ToDictionary(r => r, r => $"pw-{r}-Ab3!");

    private WebApplication? _app;
    private IPlaywright? _playwright;

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "rpa-ui-" + Guid.NewGuid().ToString("N"));

    public Uri Address { get; private set; } = default!;

    public IServiceProvider Services => _app!.Services;

    public ISimulationScript Script { get; } = new RefuseUntilCorrected();

    public IBrowser? Browser { get; private set; }

    public virtual Task InitializeAsync() => StartAsync(ArgsFor(Folder), services => services.AddSingleton<ISimulationScript>(Script));

    /// <summary>Starts the runner with these arguments (a later value of a setting wins) and Chromium beside it.</summary>
    protected async Task StartAsync(IEnumerable<string> args, Action<IServiceCollection>? services = null)
    {
        Directory.CreateDirectory(Folder);
        var builder = RunnerApp.CreateBuilder([.. args]);
        builder.AddRunner();
        services?.Invoke(builder.Services);
        _app = builder.Build();
        _app.MapRunner();
        await _app.InitializeAsync();
        await _app.StartAsync();
        Address = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

        if (File.Exists(ChromiumPath))
        {
            _playwright = await Playwright.CreateAsync();
            Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ChromiumPath,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-dev-shm-usage"],
            });
        }
    }

    public static List<string> ArgsFor(string folder)
    {
        var args = new List<string>
        {
            "--urls", "http://127.0.0.1:0",
            $"--Runner:DataDirectory={folder}",
            $"--Database:ConnectionString=Data Source={Path.Combine(folder, "rpa.db")}",
            "--Simulation:Enabled=true",
            "--Simulation:MinLatency=00:00:00.150",
            "--Simulation:MaxLatency=00:00:00.300",
            "--Bots:Pools:0=web",
            "--Bots:Pools:1=desktop-linux",
            "--Bots:ConcurrencyPerPool=8",
            "--Engine:LeaseDuration=00:00:04",
            "--Engine:ReconcileInterval=00:00:01",
            "--Serilog:MinimumLevel:Default=Warning",
        };
        var i = 0;
        foreach (var role in Roles.All)
        {
            args.Add($"--Security:Users:{i}:Name={role}1");
            args.Add($"--Security:Users:{i}:Role={role}");
            args.Add($"--Security:Users:{i}:DisplayName={DisplayNames[role]}");
            args.Add($"--Security:Users:{i}:ApiKeySha256={ApiKeyAuthenticationHandler.HashKey(Keys[role])}");
            args.Add($"--Security:Users:{i}:PasswordHash={PasswordHashing.Hash(Passwords[role])}");
            i++;
        }

        return args;
    }

    /// <summary>The name each user is shown by (the clerk's is printed on the receipt).</summary>
    public static readonly IReadOnlyDictionary<string, string> DisplayNames = new Dictionary<string, string>
    {
        [Roles.Clerk] = "王窗口",
        [Roles.Operator] = "李运维",
        [Roles.Designer] = "赵设计",
        [Roles.Admin] = "钱管理",
    };

    public HttpClient Client(string? role)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
        if (role is not null)
        {
            client.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, Keys[role]);
        }

        return client;
    }

    public async Task<string> SubmitAsync(string bundleId, JsonObject form, int? bundleVersion = null)
    {
        using var clerk = Client(Roles.Clerk);
        var response = await clerk.PostAsJsonAsync("/api/cases", new { bundleId, bundleVersion, form });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonNode.Parse(body)!["caseCode"]!.GetValue<string>();
    }

    /// <summary>A fresh browser page (its own cookies), Chinese, desktop size.</summary>
    public async Task<IPage> NewPageAsync()
    {
        if (Browser is null)
        {
            Assert.Fail($"The UI tests need Chromium at {ChromiumPath} (ops/install/sandbox-packages.txt installs it).");
        }

        var context = await Browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Address.ToString(),
            ViewportSize = new ViewportSize { Width = 1440, Height = 900 },
            Locale = "zh-CN",
        });
        context.SetDefaultTimeout(20_000);
        return await context.NewPageAsync();
    }

    public virtual async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}

/// <summary>The department system refuses the retirement approval until the name is right; everything else succeeds.</summary>
internal sealed class RefuseUntilCorrected : ISimulationScript
{
    public SimulatedBehaviour Decide(Workflows.Engine.Contracts.RunStep step)
    {
        if (step.StepId == UiRunnerFixture.FailingStep && step.Inputs.GetValueOrDefault("name") != UiRunnerFixture.CorrectName)
        {
            return new SimulatedBehaviour(SimulatedOutcome.FailForBusinessReason, UiRunnerFixture.FailingMessage);
        }

        if (step.BundleId != "newborn")
        {
            return SimulatedBehaviour.Succeed;
        }

        var child = step.Inputs.GetValueOrDefault("childName") ?? step.Inputs.GetValueOrDefault("name");
        return (step.StepId, child) switch
        {
            ("household", UiRunnerFixture.RestrictedChildName) when step.Action is "gongan.registerNewborn" or "gongan.registerBirth" =>
                throw new BotFailureException(FailureClass.NeedsApplicant, UiRunnerFixture.ApplicantRefusal),
            ("medicalInsurance", UiRunnerFixture.InsuranceRefusedChild) => new SimulatedBehaviour(SimulatedOutcome.FailForBusinessReason, UiRunnerFixture.InsuranceRefusal),
            ("premium", UiRunnerFixture.OutageChild) => new SimulatedBehaviour(SimulatedOutcome.FailTransiently, UiRunnerFixture.OutageMessage),
            ("vaccination", UiRunnerFixture.VaccinationOutageChild) => new SimulatedBehaviour(SimulatedOutcome.FailTransiently, UiRunnerFixture.VaccinationOutageMessage),
            ("birthCertificate", UiRunnerFixture.HeldChild) => Hold(),
            ("socialSecurityCard", UiRunnerFixture.UnknownOutcomeChild) when step.Verify => throw new BotFailureException(FailureClass.NeedsPerson, UiRunnerFixture.LookupFailure),
            ("socialSecurityCard", UiRunnerFixture.UnknownOutcomeChild) => new SimulatedBehaviour(SimulatedOutcome.CreateThenFailTransiently),
            _ => SimulatedBehaviour.Succeed,
        };
    }

    private static SimulatedBehaviour Hold()
    {
        UiRunnerFixture.WaitWhileHeld();
        return SimulatedBehaviour.Succeed;
    }
}

[CollectionDefinition(Name)]
public sealed class UiCollection : ICollectionFixture<UiRunnerFixture>
{
    public const string Name = "UI end to end";
}
