using RpaRunner.Workflows.Audit;
using RpaRunner.Workflows.Calendar;
using RpaRunner.Workflows.Engine.Storage;

namespace RpaRunner.Workflows.Engine.Progression;

/// <summary>
/// 补正 stops the clock: while a case waits for the applicant to fix the data (<see cref="CaseStatus.WaitingForApplicant"/>),
/// the working time does not count against the committed limits of its open matters — the one application is being
/// corrected, and the matters after the refused one wait for it too. Every transition passes here before it commits
/// (<see cref="Transitions.EngineTransaction"/>), so whichever transition sends a case to the applicant or takes it back
/// (a report, an amendment, a person, a cancellation), the clocks follow: they stop when the case starts waiting; when
/// it stops waiting (or a matter finishes) each deadline moves later by the working time of the pause, and the case's
/// deadline (its latest matter's) with them. A matter waiting for a 容缺 material (<see cref="StepStatus.AwaitingMaterial"/>)
/// stops its own clock the same way: nobody at the bureau can act on it, and the material's own due moment is what
/// supervision flags meanwhile (ADR 0019).
/// </summary>
internal static class DeadlineClock
{
    public static async Task FollowAsync(EngineDbContext db, DispatchSchedule schedule, DateTimeOffset now, AuditWriter audit, CancellationToken cancellationToken)
    {
        foreach (var record in db.Cases.Local.ToList())
        {
            var waiting = record.Status == CaseStatus.WaitingForApplicant;
            foreach (var step in record.Steps.Where(s => s.DeadlineAt is not null))
            {
                var stopped = waiting || step.Status == StepStatus.AwaitingMaterial;
                if (stopped && !step.Status.IsTerminal() && step.PausedAt is null)
                {
                    step.PausedAt = now;
                    await audit.AppendAsync(AuditKinds.StepClockPaused, CaseEngine.EngineActor, record.Code, step.StepId, new { deadline = step.DeadlineAt }, cancellationToken);
                }
                else if ((!stopped || step.Status.IsTerminal()) && step.PausedAt is { } since)
                {
                    var paused = schedule.PausedWorkingTime(since, step.FinishedAt ?? now);
                    step.PausedAt = null;
                    step.PausedWorkingTime += paused;
                    step.DeadlineAt = schedule.DeadlineAfterPause(step.DeadlineAt!.Value, paused);
                    if (!(record.DeadlineAt >= step.DeadlineAt))
                    {
                        record.DeadlineAt = step.DeadlineAt;
                    }

                    await audit.AppendAsync(AuditKinds.StepClockResumed, CaseEngine.EngineActor, record.Code, step.StepId,
                        new { pausedWorkingHours = Math.Round(paused.TotalHours, 2), deadline = step.DeadlineAt }, cancellationToken);
                }
            }
        }
    }
}
