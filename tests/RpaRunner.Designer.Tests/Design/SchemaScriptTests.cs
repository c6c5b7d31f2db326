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
        var scripts = DatabaseInitializer.Scripts("sqlite").Where(s => s.Name is "010_designer" or "023_designer_systems").OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
        Assert.Equal(2, scripts.Count);
        Assert.Equal(model, Normalize(string.Join("\n", scripts.Select(s => s.Sql))));
    }

    private static string Normalize(string sql) =>
        string.Join("\n", sql.Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0 && !l.StartsWith("--", StringComparison.Ordinal)));
}
