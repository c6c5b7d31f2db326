using RpaRunner.Workflows.Audit;
using RpaRunner.Workflows.Engine.Contracts;
using RpaRunner.Workflows.Engine.Storage;
using RpaRunner.Workflows.Model;
using static RpaRunner.Workflows.Engine.Transitions.EngineText;
using static RpaRunner.Workflows.Engine.Transitions.StepRules;

namespace RpaRunner.Workflows.Engine.Progression;

internal sealed partial class CaseProgression
{
    private static readonly TimeSpan MinDeferral = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxDeferral = TimeSpan.FromMinutes(15);


    /// <summary>
    /// 结果不明: the record may exist. An action that can be searched is looked up at once (a verification); one that
    /// cannot goes to a person, who checks the system and then completes the step by hand or retries it. Either way
    /// it is never entered again blindly.
    /// </summary>
    internal async Task OutcomeUnknownAsync(StepRecord step, CaseRecord record, StepAttemptRecord? attempt, string message, string actor, AuditWriter audit, CancellationToken cancellationToken)
    {
        attempt?.Outcome = AttemptOutcomes.Unknown;
        var searchable = core.Bundles.Systems.FindAction(step.Action)?.Idempotent ?? false;
        var system = core.Bundles.Systems.FindSystem(step.System)?.Name.Zh ?? step.System;
        await audit.AppendAsync(AuditKinds.StepOutcomeUnknown, actor, record.Code, step.StepId, new { attempt = step.Attempt, committedAt = attempt?.CommittedAt, error = MaskFor(record, message), next = searchable ? "verify" : "person" }, cancellationToken);
        if (searchable)
        {
            step.Status = StepStatus.OutcomeUnknown;
            step.DueAt = core.Time.GetUtcNow();
            step.ErrorClass = FailureClass.OutcomeUnknown;
            step.ErrorMessage = Truncate($"提交后结果不明，正在「{system}」中按综窗受理编号核实 / outcome unknown after the submit; looking the record up in {step.System}: {message}", 2000);
            ClearLease(step);
            UpdateCaseStatus(record);
            return;
        }

        await HandOverAsync(step, record, FailureClass.OutcomeUnknown, UnknownOutcomeTask(step, system, message), actor, audit, cancellationToken);
    }


    private static string UnknownOutcomeTask(StepRecord step, string system, string message) =>
        $"提交后结果不明：请在「{system}」中核实是否已有综窗受理编号为 {step.IdempotencyKey} 的记录——已有则按其结果「人工办结」，没有则「重试」/ "
        + $"outcome unknown after the submit: check whether {step.System} holds the record {step.IdempotencyKey}, then complete it by hand with its results, or retry if it is not there. ({message})";


    /// <summary>
    /// A verification did not find the record (the step is entered again from the start), could not look (a person
    /// checks), or failed (it looks again after a backoff; a person checks once the retries are spent).
    /// </summary>
    internal async Task VerificationFailedAsync(StepRecord step, CaseRecord record, StepDefinition definition, StepAttemptRecord? attempt, StepReport report, string actor, AuditWriter audit, CancellationToken cancellationToken)
    {
        var system = core.Bundles.Systems.FindSystem(step.System)?.Name.Zh ?? step.System;
        if (report.NotFound)
        {
            attempt?.Outcome = AttemptOutcomes.NotFound;
            step.Status = StepStatus.Ready;
            step.DueAt = core.Time.GetUtcNow();
            step.ErrorClass = null;
            step.ErrorMessage = null;
            ClearLease(step);
            await audit.AppendAsync(AuditKinds.StepVerifiedAbsent, actor, record.Code, step.StepId, new { attempt = report.Attempt }, cancellationToken);
            UpdateCaseStatus(record);
            return;
        }

        if (attempt is not null && attempt.Outcome != AttemptOutcomes.LeaseExpired)
        {
            attempt.Outcome = AttemptOutcomes.Failed;
        }

        var message = report.Message ?? "no message";
        if (report.FailureClass is FailureClass.Transient && step.AttemptsInBudget < definition.Retry.MaxAttempts)
        {
            var delay = Backoff.Delay(definition.Retry, step.AttemptsInBudget, Random.Shared.NextDouble());
            step.AttemptsInBudget++;
            step.Status = StepStatus.OutcomeUnknown;
            step.DueAt = core.Time.GetUtcNow() + delay;
            step.ErrorClass = FailureClass.OutcomeUnknown;
            step.ErrorMessage = Truncate($"核实失败，稍后再查 / the lookup failed and runs again: {message}", 2000);
            ClearLease(step);
            await audit.AppendAsync(AuditKinds.StepVerificationFailed, actor, record.Code, step.StepId, new { attempt = report.Attempt, error = MaskFor(record, message), retryInSeconds = Math.Round(delay.TotalSeconds, 1) }, cancellationToken);
            UpdateCaseStatus(record);
            return;
        }

        await HandOverAsync(step, record, FailureClass.OutcomeUnknown, UnknownOutcomeTask(step, system, message), actor, audit, cancellationToken);
    }


    internal async Task FailAsync(StepRecord step, CaseRecord record, StepDefinition definition, FailureClass failure, string message, string actor, AuditWriter audit, CancellationToken cancellationToken)
    {
        if (failure == FailureClass.Transient && step.AttemptsInBudget < definition.Retry.MaxAttempts)
        {
            var delay = Backoff.Delay(definition.Retry, step.AttemptsInBudget, Random.Shared.NextDouble());
            step.Status = StepStatus.FailedWillRetry;
            step.DueAt = core.Time.GetUtcNow() + delay;
            step.ErrorClass = failure;
            step.ErrorMessage = Truncate(message, 2000);
            ClearLease(step);
            await audit.AppendAsync(AuditKinds.StepFailedWillRetry, actor, record.Code, step.StepId, new { attempt = step.Attempt, error = MaskFor(record, message), retryInSeconds = Math.Round(delay.TotalSeconds, 1) }, cancellationToken);
            UpdateCaseStatus(record);
            return;
        }

        var reason = failure == FailureClass.Transient
            ? $"重试 {step.AttemptsInBudget} 次后仍失败 / still failing after {step.AttemptsInBudget} attempts: {message}"
            : message;
        await HandOverAsync(step, record, failure, reason, actor, audit, cancellationToken);
    }


    /// <summary>
    /// The attempt never reached the department system (its circuit is open, its robot sessions are busy): the step
    /// waits until the system may be tried again, with a little jitter so the waiting steps do not return at once,
    /// and the attempt is not counted against its retries — a system that is down makes steps wait, not fail.
    /// </summary>
    internal async Task DeferAsync(StepRecord step, CaseRecord record, TimeSpan deferredFor, string message, string actor, AuditWriter audit, CancellationToken cancellationToken)
    {
        var wait = TimeSpan.FromTicks(Math.Clamp(deferredFor.Ticks, MinDeferral.Ticks, MaxDeferral.Ticks));
        wait += TimeSpan.FromTicks((long)(wait.Ticks * 0.25 * Random.Shared.NextDouble()));
        step.Status = StepStatus.FailedWillRetry;
        step.AttemptsInBudget = Math.Max(0, step.AttemptsInBudget - 1);
        step.DueAt = core.Time.GetUtcNow() + wait;
        step.ErrorClass = FailureClass.Transient;
        step.ErrorMessage = Truncate(message, 2000);
        ClearLease(step);
        await audit.AppendAsync(AuditKinds.StepDeferred, actor, record.Code, step.StepId, new { attempt = step.Attempt, reason = MaskFor(record, message), retryInSeconds = Math.Round(wait.TotalSeconds, 1) }, cancellationToken);
        UpdateCaseStatus(record);
    }


    /// <summary>
    /// Nobody answered the bot's question in time (ADR 0028): the step waits until <paramref name="dueAt"/> (the system's next
    /// service hours), not counted against its retries and not a failure.
    /// </summary>
    internal async Task DeferUntilAsync(StepRecord step, CaseRecord record, DateTimeOffset dueAt, string message, string actor, AuditWriter audit, CancellationToken cancellationToken)
    {
        step.Status = StepStatus.FailedWillRetry;
        step.AttemptsInBudget = Math.Max(0, step.AttemptsInBudget - 1);
        step.DueAt = dueAt;
        step.ErrorClass = FailureClass.Transient;
        step.ErrorMessage = Truncate(message, 2000);
        ClearLease(step);
        await audit.AppendAsync(AuditKinds.StepDeferred, actor, record.Code, step.StepId, new { attempt = step.Attempt, reason = MaskFor(record, message), dueAt }, cancellationToken);
        UpdateCaseStatus(record);
    }


    /// <summary>
    /// The department holds the matter open until the applicant acts there (待缴费): the step rests for the recheck
    /// interval and is looked at again; the attempt is not counted against its retries, nothing is an error, and no
    /// person is asked — the applicant, not an operator, moves it on.
    /// </summary>
    internal async Task AwaitAsync(StepRecord step, CaseRecord record, string message, string actor, AuditWriter audit, CancellationToken cancellationToken)
    {
        var wait = core.Options.AwaitingRecheckInterval > TimeSpan.Zero ? core.Options.AwaitingRecheckInterval : MinDeferral;
        step.Status = StepStatus.Awaiting;
        step.AttemptsInBudget = Math.Max(0, step.AttemptsInBudget - 1);
        step.DueAt = core.Time.GetUtcNow() + wait;
        step.ErrorClass = null;
        step.ErrorMessage = null;
        step.Verifying = false;
        ClearLease(step);
        await audit.AppendAsync(AuditKinds.StepAwaiting, actor, record.Code, step.StepId, new { attempt = step.Attempt, reason = MaskFor(record, message), recheckInSeconds = Math.Round(wait.TotalSeconds, 1) }, cancellationToken);
        UpdateCaseStatus(record);
    }


    internal async Task HandOverAsync(StepRecord step, CaseRecord record, FailureClass failure, string message, string actor, AuditWriter audit, CancellationToken cancellationToken)
    {
        step.Status = StepStatus.WaitingForPerson;
        step.ErrorClass = failure;
        step.ErrorMessage = Truncate(message, 2000);
        ClearLease(step);
        step.DueAt = null;
        await audit.AppendAsync(AuditKinds.StepWaitingForPerson, actor, record.Code, step.StepId, new { attempt = step.Attempt, failure = failure.ToString(), error = MaskFor(record, message) }, cancellationToken);
        UpdateCaseStatus(record);
    }
}
