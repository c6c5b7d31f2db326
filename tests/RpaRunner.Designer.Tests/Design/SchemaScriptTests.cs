using Microsoft.EntityFrameworkCore;
using RpaRunner.Designer.Design.Storage;
using RpaRunner.Workflows.Engine.Storage;

namespace RpaRunner.Designer.Tests.Design;

public sealed class SchemaScriptTests
{
    [Fact]
    public void SqliteScript_CreatesTheDesignerTablesOfTheModel()
    {
        var options = new DbContextOptionsBuilder<DesignerDbContext>().UseSqlite("Data Source=:memory:").Options;
        using var db = new DesignerDbContext(options);
        var model = Normalize(db.Database.GenerateCreateScript());
        var script = DatabaseInitializer.Scripts("sqlite").Single(s => s.Name == "010_designer");
        Assert.Equal(model, Normalize(script.Sql));
    }

    private static string Normalize(string sql) =>
        string.Join("\n", sql.Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0 && !l.StartsWith("--", StringComparison.Ordinal)));
}
