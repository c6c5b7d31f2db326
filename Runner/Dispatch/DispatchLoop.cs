using System.Diagnostics;
using MassTransit;
using Microsoft.Extensions.Options;
using RpaRunner.Runner.Farm;
using RpaRunner.Workflows.Engine;
using RpaRunner.Workflows.Engine.Contracts;
using RpaRunner.Workflows.Telemetry;

namespace RpaRunner.Runner.Dispatch;

/// <summary>
/// Sends due steps to the queue of their bot pool, no more of a pool than its live bots can take (the bot roster,
/// learnt from the workers' heartbeats). Woken at once when steps become ready, when a bot finishes a step and when
/// bots join, and polls for steps whose retry backoff has passed. A step whose message is lost is re-dispatched
/// when its lease ends. In a farm only the leading orchestrator runs it.
/// </summary>
public sealed class DispatchLoop(CaseEngine engine, BotRoster roster, EngineSignal signal, ISendEndpointProvider endpoints, ILeadership leadership, IOptions<EngineOptions> options, ILogger<DispatchLoop> logger) : BackgroundService
{
    public static Uri PoolQueue(string pool) => QueueNames.PoolAddress(pool);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            CancellationToken term;
            try
            {
                term = await leadership.AcquireAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            using var leading = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, term);
            await RunAsync(leading.Token);
        }
    }

    /// <summary>Tags a claim round's span with its count; a round that claimed nothing (most polls) is not exported.</summary>
    private static ActivityContext Claimed(Activity? claim, int count)
    {
        if (claim is null)
        {
            return default;
        }

        claim.SetTag(RpaTelemetry.Tags.Count, count);
        if (count == 0)
        {
            claim.IsAllDataRequested = false;
            claim.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
            return default;
        }

        return claim.Context;
    }

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var pools = await roster.CapacityAsync(stoppingToken);
                IReadOnlyList<RunStep> claimed;
                ActivityContext round;
                using (var claim = RpaTelemetry.Source.StartActivity("rpa.steps.claim"))
                {
                    claimed = await engine.ClaimDueStepsAsync(settings.DispatchBatchSize, pools, stoppingToken);
                    round = Claimed(claim, claimed.Count);
                }

                foreach (var step in claimed)
                {
                    // Each attempt is a trace of its own, from here through the bot to its report (MassTransit carries
                    // the context in the message headers), linked to the round that claimed it.
                    using var dispatch = RpaTelemetry.StartStepActivity("rpa.step.dispatch", step, ActivityKind.Producer, links: round == default ? null : [new ActivityLink(round)], newTrace: true);
                    var endpoint = await endpoints.GetSendEndpoint(PoolQueue(step.Pool));
                    await endpoint.Send(step, stoppingToken);
                }

                if (claimed.Count >= settings.DispatchBatchSize)
                {
                    continue;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The store or the transport is unavailable: leases make every claimed step come back.
                logger.LogError(ex, "Dispatch round failed; retrying");
            }

            try
            {
                await signal.WaitAsync(settings.DispatchPollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
