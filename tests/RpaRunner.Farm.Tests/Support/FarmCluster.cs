using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using RpaRunner.Bots.Simulated;
using RpaRunner.Farm.Tests.Servers;
using RpaRunner.Runner.Security;
using RpaRunner.Workflows.Audit;

namespace RpaRunner.Farm.Tests;

/// <summary>
/// A farm on loopback: orchestrators and workers as separate runner processes (dotnet RpaRunner.Runner.dll serve
/// --role …) on one PostgreSQL database and one RabbitMQ virtual host, with simulated department systems that
/// share one record store file. Any node can be killed with SIGKILL and started again.
/// </summary>
public sealed class FarmCluster : IAsyncDisposable
{
    public const string ClerkKey = "farm-test-clerk-key-0123456789";
    public const string AdminKey = "farm-test-admin-key-0123456789";

    private readonly List<FarmNode> _nodes = [];
    private readonly List<string> _settings;

    private FarmCluster(string folder, string connectionString, List<string> settings)
    {
        Folder = folder;
        ConnectionString = connectionString;
        _settings = settings;
    }

    public string Folder { get; }

    public string ConnectionString { get; }

    public string StorePath => Path.Combine(Folder, "simulated-systems.db");

    public IReadOnlyList<FarmNode> Nodes => _nodes;

    public IEnumerable<FarmNode> Orchestrators => _nodes.Where(n => n.Role == "orchestrator");

    public IEnumerable<FarmNode> Workers => _nodes.Where(n => n.Role == "worker");

    public SimulatedRecordStore Records => new(StorePath);

    /// <summary>The audit key the orchestrators seal with, and the checkpoint file they append to.</summary>
    public AuditKey AuditKey => new(Convert.FromBase64String(File.ReadAllText(Path.Combine(Folder, "audit.key")).Trim()));

    public AuditCheckpointLog AuditCheckpoints => new(Path.Combine(Folder, "checkpoints.jsonl"));

    /// <summary>When each killed process died, by the worker name it had ("w2-3": node w2, third start).</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<string, DateTimeOffset> Killed { get; } = new(StringComparer.Ordinal);

    /// <summary>A fresh database and virtual host; <paramref name="settings"/> are extra --Key=value options for every node.</summary>
    public static async Task<FarmCluster> CreateAsync(FarmServers servers, string name, IEnumerable<string> settings)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"rpa-farm-{name}-{Guid.NewGuid():N}"[..40]);
        Directory.CreateDirectory(folder);
        var database = await servers.Postgres.CreateDatabaseAsync($"{name}_{Guid.NewGuid():N}"[..30]);
        var vhost = await servers.RabbitMq.CreateVirtualHostAsync($"{name}-{Guid.NewGuid():N}"[..30]);
        // Every node of a farm shares the data keys (personal data is sealed with them).
        var dataKeyFile = Path.Combine(folder, "data.key");
        await File.WriteAllTextAsync(dataKeyFile, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
        // …and the orchestrators the audit key (ADR 0011); the checkpoint file is one for the whole farm here.
        await File.WriteAllTextAsync(Path.Combine(folder, "audit.key"), Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
        var all = new List<string>
        {
            $"--Security:DataKeyFile={dataKeyFile}",
            $"--Audit:KeyFile={Path.Combine(folder, "audit.key")}",
            $"--Audit:CheckpointFile={Path.Combine(folder, "checkpoints.jsonl")}",
            "--Database:Provider=postgres",
            $"--Database:ConnectionString={database}",
            "--Transport:Kind=rabbitmq",
            "--Transport:Host=127.0.0.1",
            $"--Transport:Port={servers.RabbitMq.Port}",
            $"--Transport:VirtualHost={vhost}",
            "--Simulation:Enabled=true",
            "--Simulation:RecordSessions=true",
            $"--Simulation:StorePath={Path.Combine(folder, "simulated-systems.db")}",
            "--Engine:LeaseDuration=00:00:05",
            "--Engine:DispatchTimeout=00:01:00",
            "--Engine:ReconcileInterval=00:00:01",
            "--Engine:DispatchPollInterval=00:00:00.500",
            "--Scheduling:EdgeCheckInterval=00:00:02",
            "--Bots:ConcurrencyPerPool=4",
            "--Serilog:MinimumLevel:Default=Warning",
            "--Security:Users:0:Name=clerk1",
            "--Security:Users:0:Role=clerk",
            $"--Security:Users:0:ApiKeySha256={ApiKeyAuthenticationHandler.HashKey(ClerkKey)}",
            "--Security:Users:1:Name=admin1",
            "--Security:Users:1:Role=admin",
            $"--Security:Users:1:ApiKeySha256={ApiKeyAuthenticationHandler.HashKey(AdminKey)}",
        };
        all.AddRange(settings);
        return new FarmCluster(folder, database, all);
    }

    public async Task<FarmNode> StartOrchestratorAsync()
    {
        var node = new FarmNode(this, "orchestrator", $"o{_nodes.Count + 1}", ServerProcess.FreePort(), []);
        _nodes.Add(node);
        await node.StartAsync();
        return node;
    }

    public Task<FarmNode> StartWorkerAsync(params string[] pools) => StartWorkerAsync([], pools);

    /// <summary>Starts a worker with settings of its own after the cluster's (later ones win).</summary>
    public async Task<FarmNode> StartWorkerAsync(IEnumerable<string> overrides, params string[] pools)
    {
        var node = new FarmNode(this, "worker", $"w{_nodes.Count + 1}", ServerProcess.FreePort(), pools.Length > 0 ? pools : ["web", "desktop-linux"]);
        node.Overrides.AddRange(overrides);
        _nodes.Add(node);
        await node.StartAsync();
        return node;
    }

    internal List<string> Settings => _settings;

    public static HttpClient Clerk(FarmNode orchestrator) => Client(orchestrator, ClerkKey);

    public static HttpClient Admin(FarmNode orchestrator) => Client(orchestrator, AdminKey);

    private static HttpClient Client(FarmNode node, string key)
    {
        var client = new HttpClient { BaseAddress = node.Address, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, key);
        return client;
    }

    public static async Task<string> SubmitAsync(HttpClient clerk, string bundleId, JsonObject form)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var response = await clerk.PostAsJsonAsync("/api/cases", new { bundleId, form });
                var body = await response.Content.ReadAsStringAsync();
                Assert.True(response.IsSuccessStatusCode, body);
                return JsonNode.Parse(body)!["caseCode"]!.GetValue<string>();
            }
            catch (HttpRequestException) when (attempt < 20)
            {
                await Task.Delay(500);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            node.Kill();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Npgsql.NpgsqlConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }

        await Task.CompletedTask;
    }
}

/// <summary>One runner process of the farm.</summary>
public sealed class FarmNode(FarmCluster cluster, string role, string name, int port, string[] pools)
{
    private Process? _process;

    public string Role { get; } = role;

    public string Name { get; } = name;

    public Uri Address { get; } = new($"http://127.0.0.1:{port}");

    public int Starts { get; private set; }

    public bool IsRunning => _process is { HasExited: false };

    public string LastOutput { get; private set; } = string.Empty;

    private System.Text.StringBuilder? _output;

    /// <summary>The tail of what the current process printed.</summary>
    public string Output
    {
        get
        {
            if (_output is null)
            {
                return string.Empty;
            }

            lock (_output)
            {
                var text = _output.ToString();
                return text.Length > 6000 ? text[^6000..] : text;
            }
        }
    }

    /// <summary>Settings given to this node after the cluster's (later ones win), e.g. a changed closure.</summary>
    public List<string> Overrides { get; } = [];

    public async Task StartAsync()
    {
        var runner = Path.Combine(AppContext.BaseDirectory, "RpaRunner.Runner.dll");
        var folder = Path.Combine(cluster.Folder, Name);
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = cluster.Folder };
        info.ArgumentList.Add(runner);
        info.ArgumentList.Add("serve");
        info.ArgumentList.Add("--role");
        info.ArgumentList.Add(Role);
        foreach (var pool in pools)
        {
            info.ArgumentList.Add("--pool");
            info.ArgumentList.Add(pool);
        }

        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add(Address.ToString().TrimEnd('/'));
        info.ArgumentList.Add($"--Runner:DataDirectory={folder}");
        info.ArgumentList.Add($"--Bots:WorkerName={Name}-{++Starts}");
        foreach (var setting in cluster.Settings.Concat(Overrides))
        {
            info.ArgumentList.Add(setting);
        }

        var output = new System.Text.StringBuilder();
        _output = output;
        _process = Process.Start(info)!;
        _process.OutputDataReceived += (_, e) => { lock (output) { if (output.Length < 200_000) { output.AppendLine(e.Data); } } };
        _process.ErrorDataReceived += (_, e) => { lock (output) { if (output.Length < 200_000) { output.AppendLine(e.Data); } } };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        using var http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTimeOffset.UtcNow.AddSeconds(90);
        while (DateTimeOffset.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                break;
            }

            try
            {
                if ((await http.GetAsync("/health")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not answering yet.
            }

            await Task.Delay(200);
        }

        lock (output)
        {
            LastOutput = output.ToString();
        }

        throw new TimeoutException($"{Role} {Name} did not become healthy (exited: {_process.HasExited}): {LastOutput}");
    }

    /// <summary>SIGKILL: no shutdown, no goodbye to the broker or the database.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
            cluster.Killed[$"{Name}-{Starts}"] = DateTimeOffset.UtcNow;
        }
    }

    public async Task<JsonNode?> StatusAsync()
    {
        using var http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(3) };
        try
        {
            return await http.GetFromJsonAsync<JsonNode>("/farm/status");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Role} {Name}");
}
