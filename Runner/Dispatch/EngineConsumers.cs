using MassTransit;
using RpaRunner.Runner.Farm;
using RpaRunner.Workflows.Engine;
using RpaRunner.Workflows.Engine.Contracts;
using RpaRunner.Workflows.Telemetry;

namespace RpaRunner.Runner.Dispatch;

/// <summary>Applies bot reports to the engine, then wakes the dispatcher (which may run in another orchestrator).</summary>
public sealed class StepReportConsumer(CaseEngine engine, DispatchWakeup wakeup) : IConsumer<StepReport>
{
    public async Task Consume(ConsumeContext<StepReport> context)
    {
        // In the attempt's trace: MassTransit continues it from the report's headers.
        using var activity = RpaTelemetry.Source.StartActivity("rpa.step.report")
            ?.SetTag(RpaTelemetry.Tags.Attempt, context.Message.Attempt)
            .SetTag(RpaTelemetry.Tags.Outcome, RpaTelemetry.OutcomeOf(context.Message))
            .SetTag(RpaTelemetry.Tags.Worker, context.Message.Worker);
        await engine.ApplyReportAsync(context.Message, context.CancellationToken);
        await wakeup.NotifyAsync(context.CancellationToken);
    }
}

/// <summary>Answers workers that take or renew a step's lease.</summary>
public sealed class ExtendStepLeaseConsumer(CaseEngine engine) : IConsumer<ExtendStepLease>
{
    public async Task Consume(ConsumeContext<ExtendStepLease> context) =>
        await context.RespondAsync(await engine.ExtendLeaseAsync(context.Message, context.CancellationToken));
}

/// <summary>Keeps the bot roster: which workers are alive and how many steps of each pool they take at once.</summary>
public sealed class BotHeartbeatConsumer(BotRoster roster, DispatchWakeup wakeup) : IConsumer<BotHeartbeat>
{
    public async Task Consume(ConsumeContext<BotHeartbeat> context)
    {
        if (await roster.RecordAsync(context.Message, context.CancellationToken))
        {
            // More bots: the dispatcher may hand out steps it held back.
            await wakeup.NotifyAsync(context.CancellationToken);
        }
    }
}
