using Microsoft.EntityFrameworkCore;
using RpaRunner.Workflows.Audit;
using RpaRunner.Workflows.Calendar;

namespace RpaRunner.Workflows.Engine.Transitions;

/// <summary>电子监察 and the schedule's edges: deadline flags, service hours and batch windows opening and closing.</summary>
internal sealed class DeadlineTransition(EngineCore core)
{
    /// <summary>
    /// 电子监察: recomputes the yellow/red flag of every open matter with a deadline and of its case, and
    /// records each change in the audit trail once. A matter whose clock stands still (补正) keeps its flag until the
    /// applicant's amendment resumes it. A matter waiting for a 容缺 material is flagged by the material's due moment
    /// (its <c>DueAt</c>), with the same rule. Returns how many cases changed.
    /// </summary>
    public async Task<int> SuperviseDeadlinesAsync(CancellationToken cancellationToken = default)
    {
        List<Guid> caseIds;
        await using (var db = await core.DbFactory.CreateDbContextAsync(cancellationToken))
        {
            caseIds = await db.Steps.AsNoTracking()
                .Where(s => (s.Status == StepStatus.AwaitingMaterial && s.DueAt != null) || s.DeadlineAt != null && s.PausedAt == null && (s.Status == StepStatus.Pending || s.Status == StepStatus.Ready || s.Status == StepStatus.Running
                    || s.Status == StepStatus.FailedWillRetry || s.Status == StepStatus.WaitingForPerson || s.Status == StepStatus.OutcomeUnknown || s.Status == StepStatus.Awaiting))
                .Select(s => s.CaseId).Distinct().ToListAsync(cancellationToken);
        }

        var changed = 0;
        foreach (var id in caseIds)
        {
            if (await core.TransactAsync(tx => FlagCaseAsync(tx, id, cancellationToken), cancellationToken))
            {
                changed++;
            }
        }

        return changed;
    }


    /// <summary>Records a schedule edge (a system's service hours or a batch window opening or closing) with the
    /// number of steps it holds, in the audit trail.</summary>
    public Task RecordScheduleEventAsync(string kind, string subject, object detail, CancellationToken cancellationToken = default) =>
        core.TransactAsync(async tx =>
        {
            var db = tx.Db;
            var waiting = await db.Steps.CountAsync(
                s => (s.Status == StepStatus.Ready || s.Status == StepStatus.FailedWillRetry) && (s.System == subject || s.Case!.BundleId == subject), cancellationToken);
            await tx.Audit.AppendAsync(kind, "system:scheduler", null, null, new { subject, waitingSteps = waiting, detail }, cancellationToken);
            return true;
        }, cancellationToken);


    private async Task<bool> FlagCaseAsync(EngineTransaction tx, Guid caseId, CancellationToken cancellationToken)
    {
        var db = tx.Db;
        var record = await EngineCore.LoadCaseAsync(db, caseId, cancellationToken);
        var now = core.Time.GetUtcNow();
        var audit = tx.Audit;
        var changed = false;
        foreach (var step in record.Steps.Where(s => (s.Status == StepStatus.AwaitingMaterial && s.DueAt is not null) || s.DeadlineAt is not null && s.PausedAt is null && !s.Status.IsTerminal()))
        {
            var flag = step.Status == StepStatus.AwaitingMaterial
                ? core.Schedule.FlagOf(step.DueAt, record.SubmittedAt, now, null)
                : core.Schedule.FlagOf(step.DeadlineAt, record.SubmittedAt, now, null, step.TimeLimitDays, step.PausedWorkingTime);
            if (flag != (step.Flag ?? DeadlineFlag.None))
            {
                step.Flag = flag;
                changed = true;
                await audit.AppendAsync(AuditKinds.StepFlagged, CaseEngine.EngineActor, record.Code, step.StepId, new { flag = flag.ToString().ToLowerInvariant(), deadline = step.DeadlineAt }, cancellationToken);
            }
        }

        var worst = record.Steps.Where(s => !s.Status.IsTerminal()).Select(s => s.Flag ?? DeadlineFlag.None).DefaultIfEmpty(DeadlineFlag.None).Max();
        if (worst != (record.Flag ?? DeadlineFlag.None))
        {
            record.Flag = worst;
            changed = true;
            await audit.AppendAsync(AuditKinds.CaseFlagged, CaseEngine.EngineActor, record.Code, null, new { flag = worst.ToString().ToLowerInvariant(), deadline = record.DeadlineAt }, cancellationToken);
        }

        return changed;
    }
}
