using System.Text.Json;
using Microsoft.Data.Sqlite;
using RpaRunner.Workflows.Model;

namespace RpaRunner.Bots.Simulated;

/// <summary>
/// The records of the simulated department systems, in their own SQLite file, with a journal of every
/// lookup and create so tests can prove that no record was created twice and none without a prior lookup.
/// There is deliberately no unique constraint on the idempotency key: like a real department system, the
/// store would accept a duplicate, so a duplicate shows up instead of being hidden.
/// </summary>
public sealed class SimulatedRecordStore
{
    private readonly string _connectionString;

    public SimulatedRecordStore(string path)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true, DefaultTimeout = 30 }.ToString();
        using var connection = Open();
        Execute(connection, """
            PRAGMA journal_mode=WAL;
            CREATE TABLE IF NOT EXISTS records (id INTEGER PRIMARY KEY AUTOINCREMENT, system TEXT NOT NULL, action TEXT NOT NULL, idempotency_key TEXT NOT NULL, outputs TEXT NOT NULL, worker TEXT NOT NULL, attempt INTEGER NOT NULL, created_at TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS records_key ON records(idempotency_key);
            CREATE TABLE IF NOT EXISTS journal (id INTEGER PRIMARY KEY AUTOINCREMENT, idempotency_key TEXT NOT NULL, kind TEXT NOT NULL, worker TEXT NOT NULL, attempt INTEGER NOT NULL, at TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS sessions (id INTEGER PRIMARY KEY AUTOINCREMENT, system TEXT NOT NULL, idempotency_key TEXT NOT NULL, worker TEXT NOT NULL, opened_at TEXT NOT NULL, closed_at TEXT NULL);
            """);
    }

    /// <summary>A bot begins working in a system (as the system sees it: a robot session); returns its id.</summary>
    public long OpenSession(string system, string key, string worker, DateTimeOffset at)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO sessions(system, idempotency_key, worker, opened_at) VALUES ($s, $k, $w, $t); SELECT last_insert_rowid();";
        command.Parameters.AddWithValue("$s", system);
        command.Parameters.AddWithValue("$k", key);
        command.Parameters.AddWithValue("$w", worker);
        command.Parameters.AddWithValue("$t", Text(at));
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public void CloseSession(long id, DateTimeOffset at)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE sessions SET closed_at = $t WHERE id = $id";
        command.Parameters.AddWithValue("$t", Text(at));
        command.Parameters.AddWithValue("$id", id);
        command.ExecuteNonQuery();
    }

    /// <summary>The robot sessions a system saw; a session of a bot that died is never closed (null end).</summary>
    public IReadOnlyList<SimulatedSession> Sessions(string system)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT worker, opened_at, closed_at FROM sessions WHERE system = $s ORDER BY id";
        command.Parameters.AddWithValue("$s", system);
        using var reader = command.ExecuteReader();
        var sessions = new List<SimulatedSession>();
        while (reader.Read())
        {
            sessions.Add(new SimulatedSession(
                reader.GetString(0),
                DateTimeOffset.Parse(reader.GetString(1), System.Globalization.CultureInfo.InvariantCulture),
                reader.IsDBNull(2) ? null : DateTimeOffset.Parse(reader.GetString(2), System.Globalization.CultureInfo.InvariantCulture)));
        }

        return sessions;
    }

    public Dictionary<string, string?>? Find(string key, string worker, int attempt, DateTimeOffset at)
    {
        using var connection = Open();
        Journal(connection, key, "lookup", worker, attempt, at);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT outputs FROM records WHERE idempotency_key = $key ORDER BY id LIMIT 1";
        command.Parameters.AddWithValue("$key", key);
        return command.ExecuteScalar() is string json ? JsonSerializer.Deserialize<Dictionary<string, string?>>(json, JsonDefaults.Options) : null;
    }

    public void Create(string system, string action, string key, Dictionary<string, string?> outputs, string worker, int attempt, DateTimeOffset at)
    {
        using var connection = Open();
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO records(system, action, idempotency_key, outputs, worker, attempt, created_at) VALUES ($s, $a, $k, $o, $w, $n, $t)";
        command.Parameters.AddWithValue("$s", system);
        command.Parameters.AddWithValue("$a", action);
        command.Parameters.AddWithValue("$k", key);
        command.Parameters.AddWithValue("$o", JsonSerializer.Serialize(outputs, JsonDefaults.Options));
        command.Parameters.AddWithValue("$w", worker);
        command.Parameters.AddWithValue("$n", attempt);
        command.Parameters.AddWithValue("$t", at.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        command.ExecuteNonQuery();
        Journal(connection, key, "create", worker, attempt, at, transaction);
        transaction.Commit();
    }

    /// <summary>Records per idempotency key (more than one is a duplicate).</summary>
    public Dictionary<string, int> CountByKey()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT idempotency_key, COUNT(*) FROM records GROUP BY idempotency_key";
        using var reader = command.ExecuteReader();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        while (reader.Read())
        {
            counts[reader.GetString(0)] = reader.GetInt32(1);
        }

        return counts;
    }

    /// <summary>Creates that were not preceded, in the same attempt of the same worker, by a lookup of the same key.</summary>
    public int CreatesWithoutLookup()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT COUNT(*) FROM journal c WHERE c.kind = 'create' AND NOT EXISTS (
              SELECT 1 FROM journal l WHERE l.kind = 'lookup' AND l.idempotency_key = c.idempotency_key
                AND l.worker = c.worker AND l.attempt = c.attempt AND l.id < c.id)
            """;
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>How many attempts looked a key up (more than one means the step was re-run).</summary>
    public int LookupsOf(string key)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM journal WHERE kind = 'lookup' AND idempotency_key = $k";
        command.Parameters.AddWithValue("$k", key);
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string Text(DateTimeOffset at) => at.ToString("O", System.Globalization.CultureInfo.InvariantCulture);

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    private static void Journal(SqliteConnection connection, string key, string kind, string worker, int attempt, DateTimeOffset at, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO journal(idempotency_key, kind, worker, attempt, at) VALUES ($k, $kind, $w, $n, $t)";
        command.Parameters.AddWithValue("$k", key);
        command.Parameters.AddWithValue("$kind", kind);
        command.Parameters.AddWithValue("$w", worker);
        command.Parameters.AddWithValue("$n", attempt);
        command.Parameters.AddWithValue("$t", at.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        command.ExecuteNonQuery();
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

/// <summary>A robot session a simulated system saw, from its first request to the bot's last.</summary>
public sealed record SimulatedSession(string Worker, DateTimeOffset OpenedAt, DateTimeOffset? ClosedAt);
