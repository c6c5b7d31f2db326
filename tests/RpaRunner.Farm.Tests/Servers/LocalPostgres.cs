using Npgsql;

namespace RpaRunner.Farm.Tests.Servers;

/// <summary>
/// A private PostgreSQL cluster in a temporary folder on a free loopback port, made with the binaries of the
/// Debian package "postgresql" (installed by ./rpa test from ops/install/farm-packages.txt). As root it runs as
/// the postgres user. Durability is traded for speed (fsync off): it lives for one test run.
/// </summary>
public sealed class LocalPostgres : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _folder;

    private LocalPostgres(string bin, string folder, int port)
    {
        _bin = bin;
        _folder = folder;
        Port = port;
    }

    public int Port { get; }

    public string AdminConnectionString => $"Host=127.0.0.1;Port={Port};Username=rpa;Database=postgres;Pooling=false";

    public static string? FindBinaries()
    {
        const string root = "/usr/lib/postgresql";
        if (!Directory.Exists(root))
        {
            return null;
        }

        return Directory.GetDirectories(root)
            .Select(d => Path.Combine(d, "bin"))
            .Where(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")))
            .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
            .FirstOrDefault();
    }

    public static async Task<LocalPostgres> StartAsync()
    {
        var bin = FindBinaries() ?? throw new InvalidOperationException(
            "PostgreSQL server binaries are missing (/usr/lib/postgresql/*/bin/initdb). The farm tests need the Debian package "
            + "'postgresql': run ./rpa test (it installs ops/install/farm-packages.txt), or apt-get install postgresql.");
        var user = ServerProcess.IsRoot ? "postgres" : null;
        var folder = ServerProcess.TempFolder("rpa-pg", user);
        var data = Path.Combine(folder, "data");
        var port = ServerProcess.FreePort();
        await ServerProcess.RunAsync(Path.Combine(bin, "initdb"), ["-D", data, "-U", "rpa", "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"], asUser: user);
        var options = $"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400 -c shared_buffers=64MB";
        await ServerProcess.RunAsync(Path.Combine(bin, "pg_ctl"), ["-D", data, "-l", Path.Combine(folder, "server.log"), "-o", options, "-w", "-t", "60", "start"], asUser: user);
        return new LocalPostgres(bin, folder, port);
    }

    /// <summary>A fresh database; returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string name)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return $"Host=127.0.0.1;Port={Port};Username=rpa;Database={name};Maximum Pool Size=40";
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            await ServerProcess.RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", Path.Combine(_folder, "data"), "-m", "immediate", "-w", "stop"], asUser: ServerProcess.IsRoot ? "postgres" : null);
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }

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
