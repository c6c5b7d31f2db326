using System.Globalization;
using Npgsql;
using RpaRunner.Bench.Peers;
using RpaRunner.Farm.Tests.Servers;

// dotnet RpaRunner.Bench.Peers.dll [cases] [nodes] [threads per node] [admin connection string]
// Runs Quartz.NET and then Hangfire, each in a fresh database, and prints a table. Without a connection string it
// starts a private PostgreSQL server for the run (the farm tests' helper; needs the Debian package postgresql).
// The comparison with RpaRunner on the same server in the same run is the farm test PeerBenchmark.
var cases = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 60;
var nodes = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
var threads = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 8;
var local = args.Length > 3 ? null : await LocalPostgres.StartAsync();
try
{
    var admin = args.Length > 3 ? args[3] : local!.AdminConnectionString;
    var timeout = TimeSpan.FromMinutes(20);
    var results = new List<PeerResult>
    {
        await QuartzPeer.RunAsync(await CreateDatabaseAsync(admin, "quartz"), cases, nodes, threads, timeout),
        await HangfirePeer.RunAsync(await CreateDatabaseAsync(admin, "hangfire"), cases, nodes, threads, timeout),
    };
    Console.WriteLine("| peer | cases | jobs | nodes × threads | wall time | jobs/s | middle half jobs/s |");
    Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
    foreach (var r in results)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {r.Peer} | {r.Cases} | {r.Jobs} | {r.Nodes} × {r.ThreadsPerNode} | {r.Wall.TotalSeconds:0.0} s | {r.JobsPerSecond:0.0} | {r.MiddleHalfRate:0.0} |"));
    }
}
finally
{
    if (local is not null)
    {
        await local.DisposeAsync();
    }
}

return 0;

static async Task<string> CreateDatabaseAsync(string admin, string peer)
{
    var name = string.Create(CultureInfo.InvariantCulture, $"rpa_peers_{peer}_{Guid.NewGuid():N}")[..40];
    await using (var connection = new NpgsqlConnection(admin))
    {
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
    }

    return new NpgsqlConnectionStringBuilder(admin) { Database = name, Pooling = true, MaxPoolSize = 40 }.ConnectionString;
}
