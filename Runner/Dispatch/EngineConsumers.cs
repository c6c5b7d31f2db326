using MassTransit;
using RpaRunner.Workflows.Engine;
using RpaRunner.Workflows.Engine.Contracts;

namespace RpaRunner.Runner.Dispatch;

/// <summary>Applies bot reports to the engine.</summary>
public sealed class StepReportConsumer(CaseEngine engine) : IConsumer<StepReport>
{
    public Task Consume(ConsumeContext<StepReport> context) => engine.ApplyReportAsync(context.Message, context.CancellationToken);
}

/// <summary>Answers workers that take or renew a step's lease.</summary>
public sealed class ExtendStepLeaseConsumer(CaseEngine engine) : IConsumer<ExtendStepLease>
{
    public async Task Consume(ConsumeContext<ExtendStepLease> context) =>
        await context.RespondAsync(await engine.ExtendLeaseAsync(context.Message, context.CancellationToken));
}
