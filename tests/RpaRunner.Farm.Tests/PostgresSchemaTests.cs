using Microsoft.EntityFrameworkCore;
using Npgsql;
using RpaRunner.Runner.Scheduling;
using RpaRunner.Designer.Design.Storage;
using RpaRunner.Farm.Tests.Servers;
using RpaRunner.Workflows.Engine.Storage;

namespace RpaRunner.Farm.Tests;

[Collection(FarmCollection.Name)]
public sealed class PostgresSchemaTests(FarmServers servers)
{
    [Fact]
    public void EverySqliteScript_HasAPostgresTwin_WithTheSameNumberAndName()
    {
        var sqlite = DatabaseInitializer.Scripts("sqlite").Select(s => s.Name).ToList();
        var postgres = DatabaseInitializer.Scripts("postgres", QuartzSchema.Includes).Select(s => s.Name).ToList();
        Assert.Equal(sqlite, postgres);
    }

    [Fact]
    public void PostgresScripts_IncludeQuartzJobStore_AsShippedInTheQuartzAssembly()
    {
        var farm = DatabaseInitializer.Scripts("postgres", QuartzSchema.Includes).Single(s => s.Name == "002_farm").Sql;
        Assert.Contains(QuartzSchema.Script("postgres"), farm, StringComparison.Ordinal);
        Assert.Contains("CREATE TABLE IF NOT EXISTS qrtz_triggers", farm, StringComparison.Ordinal);
        Assert.DoesNotContain("{0}", farm, StringComparison.Ordinal);
    }

    /// <summary>The scripts, applied in order by the initializer, build exactly what the EF Core model describes for Npgsql.</summary>
    [Fact]
    public async Task PostgresScripts_CreateExactlyTheSchemaOfTheModel()
    {
        var byScripts = await servers.Postgres.CreateDatabaseAsync("schema_scripts");
        var byModel = await servers.Postgres.CreateDatabaseAsync("schema_model");
        await FarmDatabase.InitializeAsync(byScripts);
        await using (var db = FarmDatabase.Context(byModel))
        {
            await db.Database.ExecuteSqlRawAsync(db.Database.GenerateCreateScript());
        }

        // The web UI keeps its drafts in the same database, from its own model.
        if (DatabaseInitializer.Scripts("postgres", QuartzSchema.Includes).Any(s => s.Name.EndsWith("_designer", StringComparison.Ordinal)))
        {
            await using var designer = new DesignerDbContext(new DbContextOptionsBuilder<DesignerDbContext>().UseNpgsql(byModel).Options);
            await designer.Database.ExecuteSqlRawAsync(designer.Database.GenerateCreateScript());
        }

        var expected = await DescribeAsync(byModel);
        var actual = await DescribeAsync(byScripts);
        Assert.NotEmpty(expected);
        Assert.Equal(expected, actual.Where(l => !l.StartsWith("qrtz_", StringComparison.Ordinal) && !l.StartsWith("schema_versions", StringComparison.Ordinal)));
        Assert.Contains(actual, l => l.StartsWith("qrtz_scheduler_state.", StringComparison.Ordinal));

        // Applying them again changes nothing (several processes start at once in a farm).
        await Task.WhenAll(FarmDatabase.InitializeAsync(byScripts), FarmDatabase.InitializeAsync(byScripts));
        Assert.Equal(actual, await DescribeAsync(byScripts));
    }

    private static async Task<List<string>> DescribeAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var lines = new List<string>();
        await using (var columns = new NpgsqlCommand("""
            SELECT table_name || '.' || column_name || ' ' || data_type || coalesce('(' || character_maximum_length || ')', '') || ' nullable=' || is_nullable || ' identity=' || is_identity
            FROM information_schema.columns WHERE table_schema = 'public'
            """, connection))
        await using (var reader = await columns.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                lines.Add(reader.GetString(0));
            }
        }

        await using (var indexes = new NpgsqlCommand("SELECT tablename || ' ' || indexdef FROM pg_indexes WHERE schemaname = 'public'", connection))
        await using (var reader = await indexes.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                lines.Add(reader.GetString(0));
            }
        }

        await using (var keys = new NpgsqlCommand("""
            SELECT conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint
            WHERE connamespace = 'public'::regnamespace AND contype IN ('p', 'f', 'u')
            """, connection))
        await using (var reader = await keys.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                lines.Add(reader.GetString(0));
            }
        }

        lines.Sort(StringComparer.Ordinal);
        return lines;
    }
}
