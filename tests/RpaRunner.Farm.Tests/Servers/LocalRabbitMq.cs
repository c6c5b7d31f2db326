using System.Diagnostics;
using System.Text;

namespace RpaRunner.Farm.Tests.Servers;

/// <summary>
/// A private RabbitMQ node made with the binaries of the Debian package "rabbitmq-server" (installed by
/// ./rpa test from ops/install/farm-packages.txt): its own node name, AMQP and distribution ports, database
/// folder and Erlang cookie (HOME is a temporary folder), so it never meets a system broker on the machine.
/// It registers with the machine's epmd, which it starts when none runs.
/// </summary>
public sealed class LocalRabbitMq : IAsyncDisposable
{
    private const string Scripts = "/usr/lib/rabbitmq/bin";
    private readonly Process _process;
    private readonly string _folder;
    private readonly Dictionary<string, string> _environment;
    private readonly StringBuilder _log;

    private LocalRabbitMq(Process process, string folder, int port, string node, Dictionary<string, string> environment, StringBuilder log)
    {
        _process = process;
        _folder = folder;
        Port = port;
        Node = node;
        _environment = environment;
        _log = log;
    }

    public int Port { get; }

    public string Node { get; }

    public static async Task<LocalRabbitMq> StartAsync()
    {
        if (!File.Exists(Path.Combine(Scripts, "rabbitmq-server")))
        {
            throw new InvalidOperationException(
                $"RabbitMQ is missing ({Scripts}/rabbitmq-server). The farm tests need the Debian package 'rabbitmq-server': "
                + "run ./rpa test (it installs ops/install/farm-packages.txt), or apt-get install rabbitmq-server.");
        }

        var folder = ServerProcess.TempFolder("rpa-mq", owner: null);
        var port = ServerProcess.FreePort();
        var distribution = ServerProcess.FreePort();
        var node = $"rpa{port}@localhost";
        File.WriteAllText(Path.Combine(folder, "rabbitmq.conf"), $"""
            listeners.tcp.default = 127.0.0.1:{port}
            loopback_users = none
            log.console = true
            log.console.level = warning
            log.file = false
            vm_memory_high_watermark.relative = 0.2
            disk_free_limit.absolute = 50MB
            """);
        File.WriteAllText(Path.Combine(folder, "enabled_plugins"), "[].");
        File.WriteAllText(Path.Combine(folder, "rabbitmq-env.conf"), string.Empty);
        var environment = new Dictionary<string, string>
        {
            ["HOME"] = folder,
            ["RABBITMQ_NODENAME"] = node,
            ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
            ["RABBITMQ_NODE_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RABBITMQ_DIST_PORT"] = distribution.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RABBITMQ_CONFIG_FILE"] = Path.Combine(folder, "rabbitmq"),
            ["RABBITMQ_CONF_ENV_FILE"] = Path.Combine(folder, "rabbitmq-env.conf"),
            ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(folder, "enabled_plugins"),
            ["RABBITMQ_MNESIA_BASE"] = Path.Combine(folder, "mnesia"),
            ["RABBITMQ_LOG_BASE"] = Path.Combine(folder, "log"),
            ["RABBITMQ_PID_FILE"] = Path.Combine(folder, "rabbit.pid"),
        };

        // epmd is the machine's Erlang port mapper: one per machine, shared by every node; -daemon returns at once.
        try
        {
            await ServerProcess.RunAsync("epmd", ["-daemon"], environment);
        }
        catch (InvalidOperationException)
        {
            // Already running.
        }

        var info = new ProcessStartInfo(Path.Combine(Scripts, "rabbitmq-server")) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var log = new StringBuilder();
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var broker = new LocalRabbitMq(process, folder, port, node, environment, log);
        await ServerProcess.WaitForPortAsync(port, TimeSpan.FromSeconds(90), () => process.HasExited ? $"rabbitmq-server exited {process.ExitCode}: {log}" : log.ToString());
        await broker.CtlAsync("await_startup");
        return broker;
    }

    /// <summary>A fresh virtual host the guest user may use, so tests never share queues.</summary>
    public async Task<string> CreateVirtualHostAsync(string name)
    {
        await CtlAsync("add_vhost", name);
        await CtlAsync("set_permissions", "-p", name, "guest", ".*", ".*", ".*");
        return name;
    }

    public Task<string> CtlAsync(params string[] args) =>
        ServerProcess.RunAsync(Path.Combine(Scripts, "rabbitmqctl"), ["-n", Node, .. args], _environment, TimeSpan.FromSeconds(90));

    public async ValueTask DisposeAsync()
    {
        try
        {
            await CtlAsync("shutdown");
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
        {
            // Killed below.
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
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
