using Microsoft.EntityFrameworkCore;
using RpaRunner.Workflows.Audit;
using RpaRunner.Workflows.Engine.Contracts;

namespace RpaRunner.Workflows.Engine.Transitions;

/// <summary>A bot takes, keeps or marks the commit point of a step's lease.</summary>
internal sealed class LeaseTransition(EngineCore core)
{
    /// <summary>A worker takes or keeps a step's lease. Refused when the dispatch is no longer current.</summary>
    public Task<StepLeaseAnswer> ExtendLeaseAsync(ExtendStepLease request, CancellationToken cancellationToken = default) =>
        core.TransactAsync(async tx =>
        {
            var db = tx.Db;
            // The step and its case's code only: a lease needs neither the form nor the other steps (nothing to
            // unseal, nothing in its audit details to mask).
            var found = await db.Steps.Where(s => s.Id == request.StepRecordId)
                .Select(s => new { Step = s, s.Case!.Code })
                .FirstOrDefaultAsync(cancellationToken);
            var step = found?.Step;
            var now = core.Time.GetUtcNow();
            if (step is null || step.Status != StepStatus.Running || step.DispatchToken != request.DispatchToken)
            {
                return new StepLeaseAnswer { Granted = false, Reason = "the dispatch is no longer current (the step was re-dispatched, finished or cancelled)" };
            }

            if (step.LeaseExpiresAt < now)
            {
                return new StepLeaseAnswer { Granted = false, Reason = "the lease has expired; the step will be re-dispatched" };
            }

            if (step.LeaseHolder is not null && step.LeaseHolder != request.Worker)
            {
                // A redelivered message (the broker lost the first worker's connection) must not start a second
                // session beside a worker that may still be alive: the step waits for the holder or its lease.
                return new StepLeaseAnswer { Granted = false, Reason = $"the step is held by {step.LeaseHolder} until its lease expires" };
            }

            if (step.LeaseHolder != request.Worker)
            {
                await tx.Audit.AppendAsync(AuditKinds.StepStarted, $"bot:{request.Worker}", found!.Code, step.StepId, new { attempt = step.Attempt }, cancellationToken);
                step.LeaseHolder = request.Worker;
            }

            if (request.Committing && !step.Verifying)
            {
                // From this moment the record may exist: any ending of this attempt but a clean one is an unknown outcome.
                var attempt = await db.Attempts.FirstOrDefaultAsync(a => a.StepRecordId == step.Id && a.DispatchToken == request.DispatchToken, cancellationToken);
                if (attempt is { CommittedAt: null })
                {
                    attempt.CommittedAt = now;
                    await tx.Audit.AppendAsync(AuditKinds.StepCommitting, $"bot:{request.Worker}", found!.Code, step.StepId, new { attempt = step.Attempt }, cancellationToken);
                }
            }

            step.LeaseExpiresAt = now + core.Options.LeaseDuration;
            tx.Touched(found!.Code);
            return new StepLeaseAnswer { Granted = true, LeaseExpiresAt = step.LeaseExpiresAt };
        }, cancellationToken, request.Committing ? "CommitPoint" : nameof(ExtendLeaseAsync));
}
