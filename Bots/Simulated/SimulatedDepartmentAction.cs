using Microsoft.Extensions.Options;
using RpaRunner.Bots.Runtime;
using RpaRunner.Workflows.Catalog;
using RpaRunner.Workflows.Engine.Contracts;

namespace RpaRunner.Bots.Simulated;

/// <summary>
/// Performs any catalog action on the simulated department systems, the way a real bot must: look the
/// record up by the idempotency key, and only when it is not there, make sure the lease is still held and
/// create it.
/// </summary>
public sealed class SimulatedDepartmentAction(
    SimulatedRecordStore store,
    SystemCatalog systems,
    TimeProvider time,
    IOptions<SimulationOptions> options,
    IEnumerable<ISimulationScript> scripts) : IBotAction
{
    private readonly SimulationOptions _options = options.Value;

    public bool CanRun(RunStep step) => _options.Enabled;

    public async Task<BotResult> RunAsync(BotStepContext context, CancellationToken cancellationToken)
    {
        if (!_options.RecordSessions)
        {
            return await EnterAsync(context, cancellationToken);
        }

        // The system notes each robot session, so tests can measure how many it had at once (its account limit).
        var session = store.OpenSession(context.Step.System, context.Step.IdempotencyKey, context.Worker, time.GetUtcNow());
        try
        {
            return await EnterAsync(context, cancellationToken);
        }
        finally
        {
            store.CloseSession(session, time.GetUtcNow());
        }
    }

    private async Task<BotResult> EnterAsync(BotStepContext context, CancellationToken cancellationToken)
    {
        var step = context.Step;
        var behaviour = scripts.FirstOrDefault()?.Decide(step)
            ?? (step.Attempt == 1 && _options.HangAfterCommit.Contains(step.StepId) ? new SimulatedBehaviour(SimulatedOutcome.CreateThenHang) : RandomBehaviour());
        var latency = behaviour.Latency ?? Latency();
        if (latency > TimeSpan.Zero)
        {
            await Task.Delay(latency, time, cancellationToken);
        }

        var now = time.GetUtcNow();
        var action = systems.FindAction(step.Action)
            ?? throw new NeedsPersonException($"unknown action {step.Action}");
        if (step.Verify && !action.Idempotent)
        {
            throw new NeedsPersonException($"{step.Action} 无法在系统中查询，请人工核实 / {step.Action} cannot look a record up; a person must check the system");
        }

        // A system that cannot be searched is not looked at before creating: like the real one, a repeat enters twice.
        var existing = action.Idempotent || action.Amends is not null ? store.Find(step.IdempotencyKey, context.Worker, step.Attempt, now) : null;
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        if (step.Verify)
        {
            return existing is null ? BotResult.Absent : new BotResult(existing, FoundExisting: true);
        }

        if (action.Amends is not null)
        {
            // 更正 corrects the record the step made (found by the same key); it never creates one.
            return existing is null
                ? throw new BusinessRuleException($"未找到综窗受理编号为 {step.IdempotencyKey} 的记录，无法更正 / no record with this key to correct")
                : new BotResult(SimulatedOutputs.Amended(existing, step.Inputs, today), FoundExisting: true);
        }

        if (existing is not null)
        {
            return new BotResult(existing, FoundExisting: true);
        }

        if (action.Awaits is not null && store.LookupsOf(step.IdempotencyKey) <= _options.AwaitingLooks)
        {
            // The applicant has not acted yet (the premium is unpaid): the department records nothing and says so.
            throw new AwaitingApplicantException($"模拟系统：{action.Awaits.Zh} / simulated system: {action.Awaits.En}");
        }

        switch (behaviour.Outcome)
        {
            case SimulatedOutcome.FailTransiently:
                throw new TransientBotException(behaviour.Message ?? "模拟系统返回 HTTP 503 / simulated system answered HTTP 503");
            case SimulatedOutcome.FailForBusinessReason:
                throw new BusinessRuleException(behaviour.Message ?? "模拟系统提示：数据校验不通过 / simulated system refused the data");
            case SimulatedOutcome.NeedPerson:
                throw new NeedsPersonException(behaviour.Message ?? "模拟系统要求输入验证码 / simulated system asks for a captcha");
        }

        var outputs = SimulatedOutputs.For([.. action.OutputIds], step.Inputs, today);
        await context.CommitAsync(cancellationToken);
        store.Create(step.System, step.Action, step.IdempotencyKey, outputs, context.Worker, step.Attempt, time.GetUtcNow());
        switch (behaviour.Outcome)
        {
            case SimulatedOutcome.CreateThenFailTransiently:
                // A plain transient failure, as a bot that misreads the lost reply would report it: the engine knows the
                // attempt had passed its commit point and treats the outcome as unknown.
                throw new TransientBotException(behaviour.Message ?? "连接在结果页前中断 / connection dropped before the result page");
            case SimulatedOutcome.CreateThenHang:
                await Task.Delay(Timeout.InfiniteTimeSpan, time, cancellationToken);
                break;
        }

        return new BotResult(outputs, FoundExisting: false);
    }

    private SimulatedBehaviour RandomBehaviour() =>
        _options.TransientFailureRate > 0 && Random.Shared.NextDouble() < _options.TransientFailureRate
            ? new SimulatedBehaviour(SimulatedOutcome.FailTransiently)
            : SimulatedBehaviour.Succeed;

    private TimeSpan Latency()
    {
        var min = _options.MinLatency;
        var max = _options.MaxLatency < min ? min : _options.MaxLatency;
        return min + ((max - min) * Random.Shared.NextDouble());
    }
}
