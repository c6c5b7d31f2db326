using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using RpaRunner.Workflows.Audit;
using RpaRunner.Workflows.Engine.Contracts;
using RpaRunner.Workflows.Engine.Progression;
using static RpaRunner.Workflows.Engine.Transitions.StepRules;

namespace RpaRunner.Workflows.Engine.Transitions;

/// <summary>The reconciler: a step whose bot went silent (its lease ran out) is dispatched again or handed on.</summary>
internal sealed class ReclaimTransition(EngineCore core, CaseProgression progression)
{
    /// <summary>Makes running steps whose lease ran out due again (a transient failure: the worker was lost).</summary>
    public async Task<int> ReclaimExpiredLeasesAsync(CancellationToken cancellationToken = default)
    {
        var now = core.Time.GetUtcNow();
        List<Guid> expired;
        await using (var db = await core.DbFactory.CreateDbContextAsync(cancellationToken))
        {
            expired = await db.Steps.AsNoTracking()
                .Where(s => s.Status == StepStatus.Running && s.LeaseExpiresAt < now)
                .OrderBy(s => s.LeaseExpiresAt)
                .Select(s => s.Id)
                .Take(500)
                .ToListAsync(cancellationToken);
        }

        var reclaimed = 0;
        foreach (var id in expired)
        {
            var done = await core.TransactAsync(async tx =>
            {
                var db = tx.Db;
                var step = await db.Steps.FirstAsync(s => s.Id == id, cancellationToken);
                if (step.Status != StepStatus.Running || step.LeaseExpiresAt >= core.Time.GetUtcNow())
                {
                    return false;
                }

                var record = await EngineCore.LoadCaseAsync(db, step.CaseId, cancellationToken);
                step = record.Steps.First(s => s.Id == id);
                var attempt = await db.Attempts.FirstOrDefaultAsync(a => a.StepRecordId == step.Id && a.DispatchToken == step.DispatchToken, cancellationToken);
                attempt?.Outcome = AttemptOutcomes.LeaseExpired;
                await QuestionTransition.WithdrawAsync(db, step.Id, cancellationToken);
                attempt?.FinishedAt = core.Time.GetUtcNow();
                var definition = (await core.BundleOfAsync(db, record, cancellationToken)).FindStep(step.StepId)!;
                if (step.LeaseHolder is null)
                {
                    // Nobody took it (its message waited in a long queue, or was lost with a broker): nothing touched
                    // the department system, so it goes again at once and does not use up its retry budget.
                    attempt?.Outcome = AttemptOutcomes.NotTaken;
                    step.DueAt = core.Time.GetUtcNow();
                    if (step.Verifying)
                    {
                        // A lookup nobody took: the outcome is still unknown, and it is looked up again.
                        step.Status = StepStatus.OutcomeUnknown;
                        step.ErrorClass = FailureClass.OutcomeUnknown;
                    }
                    else
                    {
                        step.Status = StepStatus.FailedWillRetry;
                        step.AttemptsInBudget = Math.Max(0, step.AttemptsInBudget - 1);
                        step.ErrorClass = FailureClass.Transient;
                        step.ErrorMessage = "没有机器人领取该步骤（租约到期），重新派发 / no bot took the step before its lease expired; dispatched again";
                    }

                    ClearLease(step);
                    await tx.Audit.AppendAsync(AuditKinds.StepRequeued, CaseEngine.ReconcilerActor, record.Code, step.StepId, new { attempt = step.Attempt }, cancellationToken);
                    progression.UpdateCaseStatus(record);
                    return true;
                }

                var message = $"机器人 {step.LeaseHolder} 未按时报告（租约到期）/ bot {step.LeaseHolder} did not report before its lease expired";
                if (step.Verifying)
                {
                    // A lost lookup entered nothing: look again.
                    await progression.VerificationFailedAsync(step, record, definition, attempt, new StepReport { StepRecordId = step.Id, DispatchToken = step.DispatchToken!.Value, Attempt = step.Attempt, Worker = step.LeaseHolder, Succeeded = false, FailureClass = FailureClass.Transient, Message = message }, CaseEngine.ReconcilerActor, tx.Audit, cancellationToken);
                    return true;
                }

                if (IsUnknownOutcome(step, attempt, FailureClass.Transient))
                {
                    attempt?.Outcome = AttemptOutcomes.Unknown;
                    await progression.OutcomeUnknownAsync(step, record, attempt, message, CaseEngine.ReconcilerActor, tx.Audit, cancellationToken);
                    return true;
                }

                await progression.FailAsync(step, record, definition, FailureClass.Transient, message, CaseEngine.ReconcilerActor, tx.Audit, cancellationToken);
                return true;
            }, cancellationToken);
            reclaimed += done ? 1 : 0;
        }

        if (reclaimed > 0)
        {
            core.Logger.LogWarning("Reclaimed {Count} step(s) whose lease expired", reclaimed);
            core.Signal.Notify();
        }

        return reclaimed;
    }
}
