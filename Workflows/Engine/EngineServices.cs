using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using RpaRunner.Workflows.Engine.Storage;
using RpaRunner.Workflows.Privacy;

namespace RpaRunner.Workflows.Engine;

/// <summary>How a host takes in the case engine: its store, its schema, the engine, its queries and its bot roster.</summary>
public static class EngineServices
{
    /// <summary>
    /// Registers the case engine with its store (SQLite embedded by default, PostgreSQL in the farm), the schema
    /// initialiser, <see cref="CaseEngine"/>, <see cref="CaseQueries"/>, <see cref="BotRoster"/> and
    /// <see cref="EngineSignal"/>. The host adds the bundle catalog, a <see cref="TimeProvider"/>, a
    /// <see cref="Privacy.PersonalDataCipher"/> (personal data is sealed whenever there is one) and, when it runs
    /// them, the dispatch schedule and schema includes of its own libraries.
    /// </summary>
    public static IServiceCollection AddCaseEngine(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<EngineOptions>(configuration.GetSection("Engine"));
        services.AddEngineStore(configuration);
        services.AddSingleton<EngineSignal>();
        services.AddSingleton<CaseChanges>();
        services.AddSingleton<CaseEngine>();
        services.AddSingleton<BotRoster>();
        services.AddSingleton<CaseQueries>();
        return services;
    }

    /// <summary>Registers only the engine's database and its schema initialiser (tools that read or upgrade the store).</summary>
    public static IServiceCollection AddEngineStore(this IServiceCollection services, IConfiguration configuration)
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

                services.AddSingleton<IEngineLocks, SqliteEngineLocks>();
                services.AddPooledDbContextFactory<EngineDbContext>((sp, o) => Sealed(sp, o
                    .UseSqlite(builder.ToString())
                    .AddInterceptors(new SqlitePragmas())));
                break;
            default:
                // Row locks and optimistic concurrency: writers run in parallel; claims lock only the systems they count.
                services.AddSingleton<IEngineLocks, PostgresEngineLocks>();
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
