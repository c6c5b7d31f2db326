using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using RpaRunner.Workflows.Engine.Storage;

namespace RpaRunner.Runner.Persistence;

public static class PersistenceExtensions
{
    /// <summary>Registers the engine's database (SQLite embedded by default) and its schema initialiser.</summary>
    public static IServiceCollection AddEnginePersistence(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection("Database").Get<DatabaseOptions>() ?? new DatabaseOptions();
        services.AddSingleton(options);
        switch (options.Provider.ToUpperInvariant())
        {
            case "SQLITE":
                var builder = new SqliteConnectionStringBuilder(options.ConnectionString) { Pooling = true, DefaultTimeout = 30 };
                var folder = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
                if (folder is not null && builder.DataSource != ":memory:")
                {
                    Directory.CreateDirectory(folder);
                }

                services.AddSingleton(new WriteGate(serialize: true));
                services.AddPooledDbContextFactory<EngineDbContext>(o => o
                    .UseSqlite(builder.ToString())
                    .AddInterceptors(new SqlitePragmas()));
                break;
            default:
                throw new InvalidOperationException($"Database provider '{options.Provider}' is not supported yet; use sqlite. (PostgreSQL arrives with farm mode.)");
        }

        services.AddSingleton<DatabaseInitializer>();
        return services;
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
