using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using RpaRunner.Workflows.Engine.Storage;

namespace RpaRunner.Runner.Tests.Persistence;

public sealed class SchemaScriptTests
{
    /// <summary>The scripts, applied in order (later ones alter tables), build exactly the schema the model describes:
    /// the same tables, columns (type, nullability, key) and indexes.</summary>
    [Fact]
    public void SqliteScripts_CreateExactlyTheSchemaOfTheModel()
    {
        var options = new DbContextOptionsBuilder<EngineDbContext>().UseSqlite("Data Source=:memory:").Options;
        using var db = new EngineDbContext(options);
        var model = Describe(db.Database.GenerateCreateScript());
        // The *_designer* scripts hold the web UI's tables; tests/RpaRunner.Designer.Tests checks them against its model.
        var scripts = Describe(string.Join(";\n", DatabaseInitializer.Scripts("sqlite").Where(s => !s.Name.Contains("_designer", StringComparison.Ordinal)).Select(s => s.Sql)));
        Assert.Equal(model, scripts);
    }

    [Fact]
    public void SqliteScripts_AreNumberedInStrictlyIncreasingOrder()
    {
        var versions = DatabaseInitializer.Scripts("sqlite").Select(s => s.Version).ToList();
        Assert.Equal(1, versions[0]);
        Assert.Equal(versions.Order().Distinct(), versions);
    }

    /// <summary>Every table's columns and every index of a database built by <paramref name="sql"/>, one line each, sorted.</summary>
    internal static List<string> Describe(string sql)
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using (var create = connection.CreateCommand())
        {
            create.CommandText = sql;
            create.ExecuteNonQuery();
        }

        var lines = new List<string>();
        foreach (var table in Strings(connection, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"))
        {
            lines.AddRange(Rows(connection, $"SELECT '{table}.' || name || ' ' || type || ' notnull=' || \"notnull\" || ' pk=' || pk FROM pragma_table_info('{table}')"));
            lines.AddRange(Rows(connection, $"SELECT '{table} index ' || il.name || ' unique=' || il.\"unique\" || ' (' || (SELECT group_concat(ii.name) FROM pragma_index_info(il.name) ii) || ')' FROM pragma_index_list('{table}') il WHERE il.origin = 'c'"));
        }

        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    private static List<string> Strings(SqliteConnection connection, string sql) => Rows(connection, sql);

    private static List<string> Rows(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }
}
