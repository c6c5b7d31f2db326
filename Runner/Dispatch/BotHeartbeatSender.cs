using MassTransit;
using RpaRunner.Bots.Pools;
using RpaRunner.Workflows.Engine;
using RpaRunner.Workflows.Engine.Contracts;

namespace RpaRunner.Runner.Dispatch;

/// <summary>
/// Tells the engine, through the broker, which pools this process's bots serve and how many steps of each they run
/// at once — the same figures that configure its pool queues' consumers — when it starts, every interval while it
/// runs, and once more when it stops. The dispatcher hands a pool no more than its live bots can take.
/// </summary>
public sealed class BotHeartbeatSender(IBus bus, BotHeartbeat announcement, TimeProvider time, ILogger<BotHeartbeatSender> logger) : BackgroundService
{
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var sent = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SendAsync(announcement, stoppingToken);
                sent = true;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // The broker is away: the engine counts these bots until their last heartbeat runs out, then
                // stops dispatching to them; the next heartbeat that arrives brings them back.
                logger.LogWarning(ex, "Heartbeat of bot worker {Worker} not sent; retrying", announcement.Worker);
            }

            try
            {
                await Task.Delay(sent ? announcement.Interval : RetryAfterFailure, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        if (sent)
        {
            // Stopping: the engine stops counting these sessions at once instead of after three missed heartbeats.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2), time);
            try
            {
                await SendAsync(announcement with { Leaving = true }, timeout.Token);
            }
            catch (Exception ex)
            {
                logger.LogDebug(ex, "Leaving notice of bot worker {Worker} not sent; its heartbeats will run out", announcement.Worker);
            }
        }
    }

    private async Task SendAsync(BotHeartbeat heartbeat, CancellationToken cancellationToken)
    {
        var engine = await bus.GetSendEndpoint(RunStepConsumer.EngineQueue);

        // A heartbeat older than the time it keeps its worker alive says nothing true any more: the broker drops it
        // rather than let an engine that comes back count bots that may be gone.
        await engine.Send(heartbeat, context => context.TimeToLive = BotRoster.TimeToLive(heartbeat.Interval), cancellationToken);
    }
}
