using Microsoft.EntityFrameworkCore;
using RpaRunner.Runner.Persistence;
using RpaRunner.Workflows.Engine.Storage;

namespace RpaRunner.Runner.Tests.Persistence;

public sealed class SchemaScriptTests
{
    [Fact]
    public void SqliteScripts_CreateExactlyTheSchemaOfTheModel()
    {
        var options = new DbContextOptionsBuilder<EngineDbContext>().UseSqlite("Data Source=:memory:").Options;
        using var db = new EngineDbContext(options);
        var model = Normalize(db.Database.GenerateCreateScript());
        var scripts = Normalize(string.Join("\n", DatabaseInitializer.Scripts("sqlite").Select(s => s.Sql)));
        Assert.Contains(model, scripts);
    }

    [Fact]
    public void SqliteScripts_AreNumberedInStrictlyIncreasingOrder()
    {
        var versions = DatabaseInitializer.Scripts("sqlite").Select(s => s.Version).ToList();
        Assert.Equal(1, versions[0]);
        Assert.Equal(versions.Order().Distinct(), versions);
    }

    private static string Normalize(string sql) => string.Join("\n", sql.Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0 && !l.StartsWith("--", StringComparison.Ordinal)));
}
