using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace RpaRunner.Tests.Shared;

/// <summary>
/// A private clamd for a test run, on a free loopback port in a temporary folder, started from the Debian package
/// "clamav-daemon" (ops/install/materials-packages.txt) with the signatures the repository ships (ops/clamav: the EICAR
/// test file), through ops/clamav/start-clamd.sh. It can be stopped and started again to see the runner without its scanner.
/// </summary>
public sealed class PrivateClamd : IAsyncDisposable
{
    public const string Binary = "/usr/sbin/clamd";

    /// <summary>The EICAR anti-virus test file: harmless, and found by every scanner (and by the shipped test signature).</summary>
    public static byte[] Eicar => "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"u8.ToArray();

    private readonly string _folder;
    private Process? _process;

    private PrivateClamd(int port, string folder)
    {
        Port = port;
        _folder = folder;
    }

    public int Port { get; }

    /// <summary>The address the runner is given (configuration Materials:ClamAv).</summary>
    public string Address => $"tcp://127.0.0.1:{Port}";

    public static async Task<PrivateClamd> StartAsync()
    {
        if (!File.Exists(Binary))
        {
            throw new InvalidOperationException($"{Binary} is missing: install the Debian package clamav-daemon (./rpa test installs ops/install/materials-packages.txt).");
        }

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var clamd = new PrivateClamd(port, Path.Combine(Path.GetTempPath(), "rpa-clamd-" + Guid.NewGuid().ToString("N")[..12]));
        await clamd.StartAgainAsync();
        return clamd;
    }

    /// <summary>Starts clamd (again, after <see cref="StopAsync"/>) and waits until it answers.</summary>
    public async Task StartAgainAsync()
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(RepoRoot(), "ops", "clamav", "start-clamd.sh"));
        info.ArgumentList.Add(Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        info.ArgumentList.Add(_folder);
        _process = Process.Start(info) ?? throw new InvalidOperationException("clamd did not start.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTimeOffset.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"clamd exited {_process.ExitCode}: {Log()}");
            }

            if (await PingsAsync())
            {
                return;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"clamd did not answer on port {Port}: {Log()}");
    }

    /// <summary>Stops clamd; the runner then cannot scan.</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    private async Task<bool> PingsAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port);
            var stream = client.GetStream();
            await stream.WriteAsync("zPING\0"u8.ToArray());
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer);
            return read >= 4 && System.Text.Encoding.ASCII.GetString(buffer, 0, 4) == "PONG";
        }
        catch (SocketException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private string Log()
    {
        var log = Path.Combine(_folder, "clamd.log");
        return File.Exists(log) ? File.ReadAllText(log) : "(no log)";
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "RpaRunner.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Run the tests inside the repository.");
    }
}
