using Microsoft.EntityFrameworkCore;
using RpaRunner.Workflows.Engine.Storage;
using RpaRunner.Workflows.Forms;

namespace RpaRunner.Workflows.Engine.Transitions;

/// <summary>Small rules every transition applies the same way: what a step's run leaves behind, what a bot receives,
/// when an outcome is unknown, and what a person's action needs.</summary>
internal static class StepRules
{
    /// <summary>A step leaves the run: no lease, no due time, no error.</summary>
    public static void ClearRun(StepRecord step)
    {
        ClearLease(step);
        step.DueAt = null;
        step.ErrorClass = null;
        step.ErrorMessage = null;
    }

    /// <summary>
    /// The step leaves Running other than by its current attempt's report (an earlier attempt's success arrived late, or
    /// the case was withdrawn): the current attempt ends now. From this moment the engine counts its session as free and
    /// its bot is refused at its next lease renewal, so the attempt's record says the same — a dispatch no bot took would
    /// otherwise stay open for ever, as if it still held a session.
    /// </summary>
    public static async Task EndCurrentAttemptAsync(EngineDbContext db, StepRecord step, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (step.Status != StepStatus.Running || step.DispatchToken is not { } token)
        {
            return;
        }

        var attempt = await db.Attempts.FirstOrDefaultAsync(a => a.StepRecordId == step.Id && a.DispatchToken == token, cancellationToken);
        if (attempt is { FinishedAt: null })
        {
            attempt.FinishedAt = now;
            attempt.Outcome = AttemptOutcomes.Stale;
        }
    }

    /// <summary>
    /// Whether a request comes from the bot running the step's current attempt: the step runs under this dispatch token,
    /// its lease has not run out, and <paramref name="worker"/> holds it (or no one has taken it yet). What a worker may
    /// fetch for a step (its materials, its system, a person's answer) is given only then.
    /// </summary>
    public static bool HeldBy([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] StepRecord? step, Guid dispatchToken, string worker, DateTimeOffset now) =>
        step is not null && step.Status == StepStatus.Running && step.DispatchToken == dispatchToken && step.LeaseExpiresAt > now
        && (step.LeaseHolder is null || step.LeaseHolder == worker);

    public static void ClearLease(StepRecord step)
    {
        step.LeaseExpiresAt = null;
        step.LeaseHolder = null;
        step.Verifying = false;
    }

    /// <summary>The inputs a bot receives: the step's inputs, and for a correction also the outputs that identify the record.</summary>
    public static Dictionary<string, string?> InputsToSend(StepRecord step)
    {
        var inputs = EngineText.ReadStrings(step.InputsJson);
        if (step.AmendAction is not null)
        {
            foreach (var (name, value) in EngineText.ReadStrings(step.OutputsJson))
            {
                inputs.TryAdd(name, value);
            }
        }

        return inputs;
    }

    /// <summary>
    /// Whether a failed attempt may have left its record behind: the bot says so, or it had passed its commit point
    /// and the failure is not the system's refusal (a refusal means nothing was stored). A correction (更正) is
    /// never unknown: the system makes a second identical correction harmless, so it is simply retried.
    /// </summary>
    public static bool IsUnknownOutcome(StepRecord step, StepAttemptRecord? attempt, FailureClass? failure) =>
        step.AmendAction is null
        && (failure == FailureClass.OutcomeUnknown
            || (attempt?.CommittedAt is not null && failure is not (FailureClass.Business or FailureClass.NeedsApplicant)));

    public static void RequireReason(string? reason)
    {
        if (string.IsNullOrWhiteSpace(reason) || reason.Length > 500)
        {
            throw new EngineRequestException("reason.required", "A person's action needs a reason (1–500 characters).");
        }
    }

    public static void RequireState(StepRecord step, PersonActionKind kind, params StepStatus[] allowed)
    {
        if (!allowed.Contains(step.Status))
        {
            throw new ActionConflictException("step.state", $"{kind} is not possible while step '{step.StepId}' is {step.Status}; it needs {string.Join(" or ", allowed)}.");
        }
    }

    public static FieldError RequiredOutputError(LocalizedText? label, string output) =>
        new($"outputs.{output}", FormErrorCodes.Required, $"「{label?.Zh ?? output}」：必填，不能为空", $"{label?.En ?? output}: this field is required");
}
