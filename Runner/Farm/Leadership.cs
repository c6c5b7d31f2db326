using Npgsql;
using RpaRunner.Workflows.Engine.Storage;
using RpaRunner.Workflows.Engine;

namespace RpaRunner.Runner.Farm;

/// <summary>
/// Which process of the farm runs the dispatch loop and the lease reconciler. Correctness never depends on
/// it (claims are serialised in the database); it keeps every orchestrator but one from polling in vain.
/// </summary>
public interface ILeadership
{
    bool IsLeader { get; }

    /// <summary>Waits until this process leads; the token it returns is cancelled when the leadership is lost.</summary>
    Task<CancellationToken> AcquireAsync(CancellationToken cancellationToken);
}

/// <summary>The embedded runner is alone: it always leads.</summary>
public sealed class SoleLeadership : ILeadership
{
    public bool IsLeader => true;

    public Task<CancellationToken> AcquireAsync(CancellationToken cancellationToken) => Task.FromResult(CancellationToken.None);
}

/// <summary>
/// Leader election on a PostgreSQL session advisory lock, held on a dedicated connection: when the holder
/// dies its session ends, PostgreSQL releases the lock, and the next orchestrator that asks gets it. The
/// same connection LISTENs for wake-ups (steps made ready by another orchestrator), and is pinged so that a
/// leader that loses the database steps down at once.
/// </summary>
public sealed class PostgresLeadership(DatabaseOptions database, EngineSignal signal, ILogger<PostgresLeadership> logger) : BackgroundService, ILeadership
{
    /// <summary>The advisory lock key of the farm's leadership.</summary>
    public const long LeaderLockKey = 0x5250_4102;

    /// <summary>The channel orchestrators NOTIFY when steps may have become due.</summary>
    public const string WakeupChannel = "rpa_dispatch";

    private readonly Lock _gate = new();
    private TaskCompletionSource<CancellationToken> _lead = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CancellationTokenSource? _term;

    public bool IsLeader { get; private set; }

    public TimeSpan RetryInterval { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan PingInterval { get; init; } = TimeSpan.FromSeconds(1);

    public async Task<CancellationToken> AcquireAsync(CancellationToken cancellationToken)
    {
        Task<CancellationToken> lead;
        lock (_gate)
        {
            lead = _lead.Task;
        }

        return await lead.WaitAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(EngineServices.PostgresConnectionString(database.ConnectionString, "rpa-leadership"))
        {
            Pooling = false,
            KeepAlive = 1,
            CommandTimeout = 5,
        };
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(builder.ToString());
                await connection.OpenAsync(stoppingToken);
                connection.Notification += (_, _) => signal.Notify();
                await ExecuteAsync(connection, $"LISTEN {WakeupChannel}", stoppingToken);
                while (!await TryLockAsync(connection, stoppingToken))
                {
                    await connection.WaitAsync(RetryInterval, stoppingToken);
                }

                TakeOver();
                logger.LogWarning("This orchestrator now leads the farm: it runs dispatch, the lease reconciler and the schedules");
                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(PingInterval, stoppingToken);
                    await ExecuteAsync(connection, "SELECT 1", stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Lost the database connection of the leadership; stepping down and retrying");
            }
            finally
            {
                StepDown();
            }

            try
            {
                await Task.Delay(RetryInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private void TakeOver()
    {
        lock (_gate)
        {
            _term = new CancellationTokenSource();
            IsLeader = true;
            _lead.TrySetResult(_term.Token);
        }
    }

    private void StepDown()
    {
        lock (_gate)
        {
            if (!IsLeader)
            {
                return;
            }

            IsLeader = false;
            _term!.Cancel();
            _term.Dispose();
            _term = null;
            _lead = new TaskCompletionSource<CancellationToken>(TaskCreationOptions.RunContinuationsAsynchronously);
            logger.LogWarning("This orchestrator stepped down from leading the farm");
        }
    }

    private static async Task<bool> TryLockAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT pg_try_advisory_lock({LeaderLockKey})", connection);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
