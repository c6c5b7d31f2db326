using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using RpaRunner.Runner.Scheduling;
using RpaRunner.Workflows.Engine.Storage;

namespace RpaRunner.Farm.Tests;

/// <summary>The engine's PostgreSQL store as the runner builds it.</summary>
public static class FarmDatabase
{
    public static EngineDbContext Context(string connectionString) =>
        new(new DbContextOptionsBuilder<EngineDbContext>().UseNpgsql(connectionString).Options);

    public static IDbContextFactory<EngineDbContext> Factory(string connectionString) => new Single(connectionString);

    public static Task InitializeAsync(string connectionString) =>
        new DatabaseInitializer(Factory(connectionString), new DatabaseOptions { Provider = "postgres", ConnectionString = connectionString }, new FakeTimeProvider(), NullLogger<DatabaseInitializer>.Instance, QuartzSchema.Includes)
            .InitializeAsync();

    private sealed class Single(string connectionString) : IDbContextFactory<EngineDbContext>
    {
        public EngineDbContext CreateDbContext() => Context(connectionString);
    }
}
