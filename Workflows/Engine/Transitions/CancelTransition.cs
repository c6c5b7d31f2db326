using RpaRunner.Workflows.Audit;
using static RpaRunner.Workflows.Engine.Transitions.StepRules;

namespace RpaRunner.Workflows.Engine.Transitions;

/// <summary>撤件: cancels a case and every open step.</summary>
internal sealed class CancelTransition(EngineCore core)
{
    /// <summary>Cancels a case: every open step is cancelled; late bot reports are then ignored. A case outside the actor's <paramref name="scope"/> is unknown.</summary>
    public async Task CancelCaseAsync(string caseCode, string actor, string reason, CaseScope? scope, CancellationToken cancellationToken = default)
    {
        RequireReason(reason);
        await core.TransactAsync(async tx =>
        {
            var db = tx.Db;
            var record = await EngineCore.LoadCaseAsync(db, caseCode, scope, cancellationToken);
            if (record.Status is CaseStatus.Cancelled or CaseStatus.Completed)
            {
                throw new ActionConflictException("case.closed", $"Case {record.Code} is already {record.Status}.");
            }

            var now = core.Time.GetUtcNow();
            foreach (var step in record.Steps.Where(s => !s.Status.IsTerminal()))
            {
                await EndCurrentAttemptAsync(db, step, now, cancellationToken);
                step.Status = StepStatus.Cancelled;
                step.FinishedAt = now;
                ClearRun(step);
            }

            record.Status = CaseStatus.Cancelled;
            record.ClosedAt = now;
            record.UpdatedAt = now;
            await tx.Audit.AppendAsync(AuditKinds.CaseCancelled, actor, record.Code, null, new { reason }, cancellationToken);
            return true;
        }, cancellationToken);
    }
}
