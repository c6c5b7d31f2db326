using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;
using RpaRunner.Workflows.Engine.Storage;
using RpaRunner.Workflows.Privacy;

namespace RpaRunner.Runner.Persistence;

public static class PersistenceExtensions
{
    /// <summary>Registers the engine's database (SQLite embedded by default, PostgreSQL in the farm) and its schema initialiser.</summary>
    public static IServiceCollection AddEnginePersistence(this IServiceCollection services, IConfiguration configuration)
    {
        var options = DatabaseOptions.Of(configuration);
        services.AddSingleton(options);
        switch (options.ProviderKey)
        {
            case DatabaseOptions.Sqlite:
                var builder = new SqliteConnectionStringBuilder(options.ConnectionString) { Pooling = true, DefaultTimeout = 30 };
                var folder = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
                if (folder is not null && builder.DataSource != ":memory:")
                {
                    Directory.CreateDirectory(folder);
                }

                services.AddSingleton(new WriteGate(serialize: true));
                services.AddPooledDbContextFactory<EngineDbContext>((sp, o) => Sealed(sp, o
                    .UseSqlite(builder.ToString())
                    .AddInterceptors(new SqlitePragmas())));
                break;
            default:
                // Row locks and optimistic concurrency: writers run in parallel (no write gate).
                services.AddPooledDbContextFactory<EngineDbContext>((sp, o) => Sealed(sp, o.UseNpgsql(PostgresConnectionString(options.ConnectionString, "rpa-engine"))));
                break;
        }

        services.AddSingleton<DatabaseInitializer>();
        return services;
    }

    /// <summary>Personal data columns are encrypted whenever the host has a cipher (every runner does).</summary>
    private static void Sealed(IServiceProvider services, DbContextOptionsBuilder options)
    {
        if (services.GetService<PersonalDataCipher>() is { } cipher)
        {
            options.UsePersonalDataCipher(cipher);
        }
    }

    /// <summary>The connection string with this process named in pg_stat_activity, and TCP keepalives so a dead peer is noticed.</summary>
    public static string PostgresConnectionString(string connectionString, string applicationName)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (string.IsNullOrEmpty(builder.ApplicationName))
        {
            builder.ApplicationName = $"{applicationName}-{Environment.MachineName}-{Environment.ProcessId}";
        }

        if (builder.KeepAlive == 0)
        {
            builder.KeepAlive = 5;
        }

        return builder.ToString();
    }

    /// <summary>WAL lets readers run beside the one writer; NORMAL sync is durable across a process crash.</summary>
    private sealed class SqlitePragmas : DbConnectionInterceptor
    {
        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

        public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Apply(connection);
            return Task.CompletedTask;
        }

        private static void Apply(DbConnection connection)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;";
            command.ExecuteNonQuery();
        }
    }
}
