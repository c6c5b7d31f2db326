using Npgsql;
using RpaRunner.Workflows.Engine.Storage;
using RpaRunner.Workflows.Engine;

namespace RpaRunner.Runner.Farm;

/// <summary>
/// Wakes the dispatcher when steps may have become due. In one process that is the engine's signal; in a farm
/// the dispatcher may run in another orchestrator, so a follower sends a PostgreSQL NOTIFY that the leader's
/// leadership connection hears. A lost wake-up costs at most one dispatch poll interval.
/// </summary>
public sealed class DispatchWakeup(EngineSignal signal, ILeadership leadership, DatabaseOptions database, ILogger<DispatchWakeup> logger)
{
    private readonly string? _connectionString = leadership is PostgresLeadership
        ? EngineServices.PostgresConnectionString(database.ConnectionString, "rpa-wakeup")
        : null;

    public async Task NotifyAsync(CancellationToken cancellationToken)
    {
        if (_connectionString is null || leadership.IsLeader)
        {
            signal.Notify();
            return;
        }

        try
        {
            await using var connection = new NpgsqlConnection(_connectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand($"NOTIFY {PostgresLeadership.WakeupChannel}", connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (NpgsqlException ex)
        {
            logger.LogDebug(ex, "Wake-up not sent; the leader will find the steps at its next poll");
        }
    }
}
