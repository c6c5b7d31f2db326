using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RpaRunner.Bots.Desktop;
using RpaRunner.Bots.Desktop.AtSpi;
using RpaRunner.Bots.Evidence;
using RpaRunner.Bots.Resilience;
using RpaRunner.Bots.Runtime;
using RpaRunner.Bots.Scripts;
using RpaRunner.Bots.Web;
using RpaRunner.Sandbox.Hosting;
using RpaRunner.Sandbox.Register;
using RpaRunner.Workflows.Catalog;
using RpaRunner.Workflows.Engine.Contracts;

namespace RpaRunner.Bots.Tests.Desktop;

/// <summary>
/// One headless desktop (Xvfb + session bus + accessibility bus, started by <see cref="DesktopSession"/>), the sandbox
/// department systems, and a desktop bot wired as a desktop-linux worker has it (configured through "DesktopBots"):
/// it starts the counter client for gongjijin-counter and the client's 联系方式变更登记 dialog for gongjijin-contact.
/// </summary>
public sealed class DesktopFixture : IAsyncLifetime
{
    public const string CounterWindow = "住房公积金柜面业务客户端";
    public const string ContactDialog = "联系方式变更登记";
    public const string TestWindow = "桌面驱动测试窗口";
    private const string Withdrawal = "gongjijin-counter.withdrawOnRetirement";
    private static int s_key;
    private ServiceProvider? _services;
    private int _retiree;
    private int _contact;

    public DesktopSession Session { get; private set; } = null!;

    public SandboxHost Sandbox { get; private set; } = null!;

    public string EvidenceFolder { get; } = Directory.CreateTempSubdirectory("rpa-desktop-evidence-").FullName;

    /// <summary>Why the desktop tests cannot run here, or null.</summary>
    public string? Missing { get; private set; }

    public IServiceProvider Services => _services!;

    public DesktopBotAction Bot => Services.GetRequiredService<DesktopBotAction>();

    public DesktopApplications Applications => Services.GetRequiredService<DesktopApplications>();

    public IDesktopAutomation Automation => Services.GetRequiredService<IDesktopAutomation>();

    public EvidenceStore Evidence => Services.GetRequiredService<EvidenceStore>();

    public static string SelectorWindowScript => Path.Combine(Path.GetDirectoryName(Here())!, "selector_window.py");

    public async Task InitializeAsync()
    {
        Missing = DesktopSession.MissingPrerequisite() ?? (File.Exists("/usr/bin/python3") ? null : "/usr/bin/python3 (Debian python3-gi, gir1.2-gtk-3.0)");
        if (Missing is not null)
        {
            return;
        }

        Session = await DesktopSession.StartAsync();
        Sandbox = await SandboxHost.StartAsync(new SandboxOptions { RandomSeed = 5 });
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(DesktopBotOptions.ConfigurationFor(Session, "gongjijin-counter", Sandbox.CreateCounterClientStartInfo()))
            .AddInMemoryCollection(DesktopBotOptions.ConfigurationFor(Session, "gongjijin-contact", Sandbox.CreateContactDialogStartInfo()))
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["DesktopBots:StepTimeout"] = "00:00:10",
                ["DesktopBots:CallTimeout"] = "00:00:02",
            })
            .Build();
        var services = new ServiceCollection()
            .AddLogging(b => b.SetMinimumLevel(LogLevel.Warning))
            .AddSingleton(TimeProvider.System)
            .AddSingleton(sp => new RpaRunner.Workflows.Calendar.BureauClock(TimeProvider.System, RpaRunner.Workflows.Calendar.BureauClock.DefaultZone))
            .AddSingleton(SystemCatalog.LoadEmbedded())
            .AddSingleton(_ => ScriptLibrary.Load())
            .AddSingleton<SystemResilience>()
            .AddSingleton(new RpaRunner.Workflows.Privacy.PersonalDataCipher([RpaRunner.Workflows.Privacy.PersonalDataCipher.NewKey()]))
            .AddSingleton<EvidenceStore>();
        services.Configure<EvidenceOptions>(o => o.Folder = EvidenceFolder);
        foreach (var system in Sandbox.Systems)
        {
            services.Configure<DepartmentSystemEndpoint>(system.Id, o =>
            {
                o.BaseUrl = system.BaseUrl.ToString();
                o.Username = system.RobotUsername;
                o.Password = system.RobotPassword;
            });
        }

        services.AddDesktopBots(configuration);
        _services = services.BuildServiceProvider();
    }

    public void SkipWithoutDesktop()
    {
        if (Missing is not null)
        {
            throw Xunit.Sdk.SkipException.ForSkip($"Desktop tests need {Missing}; ./rpa test installs ops/install/*-packages.txt.");
        }
    }

    /// <summary>A driver of its own on the shared session, with a short call timeout.</summary>
    public AtSpiAutomation NewAutomation(TimeSpan? callTimeout = null) => new(new AtSpiSessionOptions
    {
        Display = Session.Display,
        SessionBusAddress = Session.SessionBusAddress,
        CallTimeout = callTimeout ?? TimeSpan.FromSeconds(2),
    });

    /// <summary>Starts the selector test window into the session.</summary>
    public Process StartTestWindow()
    {
        var info = new ProcessStartInfo("/usr/bin/python3") { UseShellExecute = false, RedirectStandardError = true };
        info.ArgumentList.Add(SelectorWindowScript);
        foreach (var (key, value) in Session.Environment)
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info)!;
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        return process;
    }

    public static string NewKey(string step = "housingFund") => $"DESK{Interlocked.Increment(ref s_key):000}-{Guid.NewGuid().ToString("N")[..6]}:{step}";

    /// <summary>A retiree of statutory age whose retirement 人社 has approved (over the sandbox's web form), so 公积金 pays out.</summary>
    public async Task<Dictionary<string, string?>> ApprovedRetireeAsync()
    {
        var person = Sandbox.Population.WithRole("retiree")
            .Where(p => p.Retirement!.Group is "male" or "female-cadre" or "female-worker")
            .OrderBy(p => p.IdNumber, StringComparer.Ordinal)
            .ElementAt(Interlocked.Increment(ref _retiree) - 1);
        var approval = await ApproveRetirementAsync(person);
        return new Dictionary<string, string?>
        {
            ["idNumber"] = person.IdNumber,
            ["name"] = person.Name,
            ["retirementApprovalNo"] = approval,
            ["bankCardNo"] = person.Retirement!.BankCardNo,
            ["bankName"] = person.Retirement.BankName,
        };
    }

    /// <summary>A seeded person no other test enters, with the details the 联系方式变更登记 dialog asks for.</summary>
    public Dictionary<string, string?> NextContact()
    {
        var person = Sandbox.Population.WithRole("father")
            .OrderBy(p => p.IdNumber, StringComparer.Ordinal)
            .ElementAt(Interlocked.Increment(ref _contact) - 1);
        return new Dictionary<string, string?> { ["idNumber"] = person.IdNumber, ["name"] = person.Name, ["phone"] = person.Phone };
    }

    public static BotStepContext Context(
        string key,
        Dictionary<string, string?> inputs,
        int attempt = 1,
        Func<CancellationToken, Task>? lease = null,
        string action = Withdrawal,
        bool verify = false,
        Func<CancellationToken, Task>? commit = null,
        List<MaterialReference>? materials = null,
        Func<MaterialReference, CancellationToken, Task<byte[]>>? fetchMaterial = null) =>
        new(new RunStep
        {
            StepRecordId = Guid.NewGuid(),
            DispatchToken = Guid.NewGuid(),
            CaseCode = key.Split(':')[0],
            StepId = key.Split(':')[1],
            BundleId = "retirement",
            System = action[..action.IndexOf('.', StringComparison.Ordinal)],
            Action = action,
            Pool = "desktop-linux",
            Attempt = attempt,
            IdempotencyKey = key,
            Inputs = inputs,
            LeaseExpiresAt = DateTimeOffset.MaxValue,
            Verify = verify,
            Materials = materials ?? [],
        }, "desktop-test-worker", lease ?? (_ => Task.CompletedTask), commit, fetchMaterial: fetchMaterial);

    /// <summary>Records the counter's store holds for an idempotency key (sandbox inspection API).</summary>
    public Task<int> CountAsync(string key) => CountAsync("gongjijin-counter", "externalNo", key);

    /// <summary>Contact details the 联系方式变更登记 dialog stored for an ID number (it keeps no key to count by).</summary>
    public Task<int> CountContactsAsync(string idNumber) => CountAsync("gongjijin-contact", "subjectId", idNumber);

    public async Task DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        if (Missing is null)
        {
            await Sandbox.DisposeAsync();
            await Session.DisposeAsync();
        }

        Directory.Delete(EvidenceFolder, recursive: true);
    }

    private async Task<int> CountAsync(string system, string by, string value)
    {
        using var http = new HttpClient { BaseAddress = Sandbox.InspectionUrl };
        http.DefaultRequestHeaders.Add("X-Inspection-Key", Sandbox.InspectionKey);
        var answer = await http.GetFromJsonAsync<JsonNode>($"systems/{system}/records/count?{by}={Uri.EscapeDataString(value)}");
        return answer!["count"]!.GetValue<int>();
    }

    private async Task<string> ApproveRetirementAsync(SeedPerson person)
    {
        var renshe = Sandbox["renshe"];
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = renshe.BaseUrl };
        using (var login = new FormUrlEncodedContent(new Dictionary<string, string> { ["username"] = renshe.RobotUsername, ["password"] = renshe.RobotPassword, ["captcha"] = "", ["captchaToken"] = "" }))
        {
            (await http.PostAsync("login", login)).EnsureSuccessStatusCode();
        }

        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["idNumber"] = person.IdNumber,
            ["name"] = person.Name,
            ["sex"] = person.Sex,
            ["personType"] = person.Retirement!.PersonType,
            ["contributionYears"] = person.Retirement.ContributionYears.ToString(CultureInfo.InvariantCulture),
            ["externalNo"] = NewKey("pension"),
            ["__layout"] = "1",
            ["__nav"] = "submit",
            ["__page"] = "0",
        });
        var page = await (await http.PostAsync("biz/approveRetirement", form)).Content.ReadAsStringAsync();
        var match = Regex.Match(page, "id=\"out_retirementApprovalNo\">([^<]*)<");
        Assert.True(match.Success, $"人社 did not approve the retirement of {person.IdNumber}: {page[..Math.Min(page.Length, 600)]}");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    private static string Here([CallerFilePath] string path = "") => path;
}

[CollectionDefinition(Name)]
public sealed class DesktopCollection : ICollectionFixture<DesktopFixture>
{
    public const string Name = "desktop session";
}
