using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using RpaRunner.Sandbox.Desktop;
using RpaRunner.Sandbox.Inspection;
using RpaRunner.Sandbox.Licences;
using RpaRunner.Sandbox.Platform;
using RpaRunner.Sandbox.Quirks;
using RpaRunner.Sandbox.Register;
using RpaRunner.Sandbox.Systems;
using RpaRunner.Sandbox.Web;

namespace RpaRunner.Sandbox.Hosting;

/// <summary>
/// The running sandbox: every department system on its own loopback port, the counter client's back-end
/// endpoints, the inspection API, and a stand-in of the provincial platform (webhook receiver) on the port after it. <c>await using var sandbox = await SandboxHost.StartAsync(new SandboxOptions());</c>
/// </summary>
public sealed class SandboxHost : IAsyncDisposable
{
    private static readonly System.Text.Json.JsonSerializerOptions WebJson = new(System.Text.Json.JsonSerializerDefaults.Web);
    private readonly List<WebApplication> _apps;
    private readonly SandboxRuntime _runtime;
    private readonly bool _deleteDataDirectory;
    private int _stopped;

    private SandboxHost(SandboxRuntime runtime, List<WebApplication> apps, IReadOnlyList<SandboxSystemEndpoint> systems, Uri inspectionUrl, string key, string dataDirectory, bool deleteDataDirectory)
    {
        _runtime = runtime;
        _apps = apps;
        Systems = systems;
        InspectionUrl = inspectionUrl;
        InspectionKey = key;
        DataDirectory = dataDirectory;
        _deleteDataDirectory = deleteDataDirectory;
    }

    /// <summary>Every department system, in the order of systems.json.</summary>
    public IReadOnlyList<SandboxSystemEndpoint> Systems { get; }

    /// <summary>Base URL of the inspection API; send <see cref="InspectionKey"/> in the X-Inspection-Key header.</summary>
    public Uri InspectionUrl { get; }

    public string InspectionKey { get; }

    public string DataDirectory { get; }

    /// <summary>The seeded people and enterprises (also in ops/sandbox/seed/population.json).</summary>
    public SeedPopulation Population => _runtime.Register.Seed;

    /// <summary>The system with this id (weijian, gongan, yibao, shuiwu, renshe, gongjijin, gongjijin-counter, gongjijin-contact, shichang, rencai, minzheng, jiaojing).</summary>
    public SandboxSystemEndpoint this[string systemId] =>
        Systems.FirstOrDefault(s => s.Id == systemId) ?? throw new KeyNotFoundException($"Unknown system '{systemId}'.");

    internal SandboxRuntime Runtime => _runtime;

    /// <summary>The provincial platform's stand-in: webhooks it received, down for a while, pushing a case in.</summary>
    public required ProvincialPlatform Platform { get; init; }

    /// <summary>Base URL of the platform stand-in; its webhook receiver is <c>platform/notify</c> under it.</summary>
    public required Uri PlatformUrl { get; init; }

    /// <summary>
    /// The 电子证照库 (system <c>dzzz</c>): licences by holder's number and type, each call signed with
    /// <see cref="LicenceLibrary.AppKey"/> and <see cref="LicenceLibrary.AppSecret"/>; on its own port after the platform's.
    /// </summary>
    public LicenceLibrary Licences => _runtime.Licences;

    /// <summary>Base URL of the 电子证照库's API (<c>api/licences</c> under it).</summary>
    public required Uri LicenceLibraryUrl { get; init; }

    /// <summary>
    /// A hospital issues a 出生医学证明 through 卫健's system (fields of weijian.issueBirthCertificate), which deposits it
    /// in the library: what a test does for "the hospital has issued it". Returns the licence, or the system's refusal.
    /// </summary>
    public Task<(Licence? Licence, string? Error)> HospitalIssuesBirthCertificateAsync(IReadOnlyDictionary<string, string> fields, CancellationToken cancellationToken = default) =>
        LicenceLibraryApi.HospitalIssueAsync(_runtime, fields, cancellationToken);

    private static string RandomSecret() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    /// <summary>Path of the counter client script (Python 3 + PyGObject, GTK 3).</summary>
    public static string CounterClientScript => Path.Combine(AppContext.BaseDirectory, "desktop", "counter_client.py");

    public static async Task<SandboxHost> StartAsync(SandboxOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new SandboxOptions();
        var problem = options.Validate();
        if (problem is not null)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        var deleteData = options.DataDirectory is null;
        var dataDirectory = Path.GetFullPath(options.DataDirectory ?? Path.Combine(Path.GetTempPath(), "rpa-sandbox-" + Guid.NewGuid().ToString("N")[..12]));
        var systems = SystemCatalog.All;
        var quirks = systems.ToDictionary(s => s.Id, s => (options.Quirks.TryGetValue(s.Id, out var q) ? q : options.DefaultQuirks).Clone());
        var runtime = new SandboxRuntime(dataDirectory, systems, quirks, options.TimeProvider, options.RandomSeed) { GuardianPaysAfter = options.GuardianPaysAfter };
        var apps = new List<WebApplication>();
        try
        {
            await runtime.InitialiseAsync(options.ResetOnStart);
            var key = options.InspectionKey ?? Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
            var endpoints = new List<SandboxSystemEndpoint>();
            for (var i = 0; i < systems.Count; i++)
            {
                var system = systems[i];
                var app = CreateApp(options, Port(options, i));
                Action<WebApplication, SandboxRuntime, SystemDefinition> map = system switch
                {
                    { Id: "gongjijin-contact" } => ContactStoreApi.Map,
                    { Kind: "desktop" } => CounterStoreApi.Map,
                    _ => SystemWebApp.Map,
                };
                map(app, runtime, system);

                await app.StartAsync(cancellationToken);
                apps.Add(app);
                endpoints.Add(new SandboxSystemEndpoint(system.Id, system.Department, system.Title, system.Kind, BoundUrl(app),
                    system.Robot.Username, system.Robot.Password, system.CookieName, system.Actions.Select(a => a.Id).ToList()));
            }

            var platform = new ProvincialPlatform(options.PlatformWebhookSecret ?? RandomSecret(), options.PlatformPushSecret ?? RandomSecret(), options.TimeProvider);
            var inspection = CreateApp(options, Port(options, systems.Count));
            InspectionApi.Map(inspection, runtime, key, () => endpoints);
            ProvincialPlatform.MapInspection(inspection, platform);
            LicenceLibraryApi.MapInspection(inspection, runtime);
            await inspection.StartAsync(cancellationToken);
            apps.Add(inspection);
            var platformApp = CreateApp(options, Port(options, systems.Count + 1));
            ProvincialPlatform.MapReceiver(platformApp, platform);
            await platformApp.StartAsync(cancellationToken);
            apps.Add(platformApp);
            var libraryApp = CreateApp(options, Port(options, systems.Count + 2));
            LicenceLibraryApi.Map(libraryApp, runtime.Licences);
            await libraryApp.StartAsync(cancellationToken);
            apps.Add(libraryApp);
            return new SandboxHost(runtime, apps, endpoints, BoundUrl(inspection), key, dataDirectory, deleteData)
            {
                Platform = platform, PlatformUrl = BoundUrl(platformApp), LicenceLibraryUrl = BoundUrl(libraryApp),
            };
        }
        catch
        {
            foreach (var app in apps)
            {
                await app.DisposeAsync();
            }

            runtime.Dispose();
            throw;
        }
    }

    /// <summary>How to launch the counter client window against this sandbox (needs an X display, e.g. Xvfb).</summary>
    public ProcessStartInfo CreateCounterClientStartInfo(string? display = null, string? username = null, string? password = null) =>
        ClientStartInfo("gongjijin-counter", dialog: null, display, username, password);

    /// <summary>
    /// How to launch the counter client's 联系方式变更登记 dialog alone (gongjijin-contact, <c>--dialog contact</c>): it
    /// closes, and its program ends, once 确定 has stored the details.
    /// </summary>
    public ProcessStartInfo CreateContactDialogStartInfo(string? display = null, string? username = null, string? password = null) =>
        ClientStartInfo("gongjijin-contact", dialog: "contact", display, username, password);

    /// <summary>Current quirks of a system (a copy).</summary>
    public SystemQuirks GetQuirks(string systemId) => _runtime.Quirks.Get(systemId);

    /// <summary>Changes quirks of a system in-process (the inspection API does the same over HTTP).</summary>
    public void SetQuirks(string systemId, Action<SystemQuirks> change)
    {
        var quirks = _runtime.Quirks.Get(systemId);
        change(quirks);
        var patch = System.Text.Json.JsonSerializer.SerializeToNode(quirks, WebJson)!.AsObject();
        var (_, error) = _runtime.Quirks.Patch(systemId, patch);
        if (error is not null)
        {
            throw new ArgumentException(error, nameof(change));
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        foreach (var app in _apps)
        {
            await app.StopAsync(cancellationToken);
            await app.DisposeAsync();
        }

        _runtime.Dispose();
        if (_deleteDataDirectory)
        {
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held by a late reader stays behind in the temp directory; nothing depends on it.
            }
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private ProcessStartInfo ClientStartInfo(string systemId, string? dialog, string? display, string? username, string? password)
    {
        var system = this[systemId];
        var info = new ProcessStartInfo(File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3")
        {
            UseShellExecute = false,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        info.ArgumentList.Add(CounterClientScript);
        info.ArgumentList.Add("--url");
        info.ArgumentList.Add(system.BaseUrl.ToString());
        info.ArgumentList.Add("--user");
        info.ArgumentList.Add(username ?? system.RobotUsername);
        info.ArgumentList.Add("--password");
        info.ArgumentList.Add(password ?? system.RobotPassword);
        if (dialog is not null)
        {
            info.ArgumentList.Add("--dialog");
            info.ArgumentList.Add(dialog);
        }

        if (display is not null)
        {
            info.Environment["DISPLAY"] = display;
        }

        info.Environment["NO_AT_BRIDGE"] = "0";
        info.Environment["GTK_A11Y"] = "atspi";
        return info;
    }

    private static int Port(SandboxOptions options, int index) => options.BasePort == 0 ? 0 : options.BasePort + index;

    private static WebApplication CreateApp(SandboxOptions options, int port)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(SandboxHost).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = "Production",
            Args = [],
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.SetMinimumLevel(options.LogLevel);
        builder.WebHost.UseUrls(string.Create(CultureInfo.InvariantCulture, $"http://{options.ListenAddress}:{port}"));
        return builder.Build();
    }

    private static Uri BoundUrl(WebApplication app)
    {
        var address = app.Urls.First();
        return new Uri(address.EndsWith('/') ? address : address + "/");
    }
}
