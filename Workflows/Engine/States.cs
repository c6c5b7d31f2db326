namespace RpaRunner.Workflows.Engine;

/// <summary>Where one step of a case stands.</summary>
public enum StepStatus
{
    /// <summary>Waits for the steps it depends on.</summary>
    Pending,

    /// <summary>Its dependencies are done; waits for a bot.</summary>
    Ready,

    /// <summary>A bot holds its lease and is entering it.</summary>
    Running,

    Succeeded,

    /// <summary>Failed transiently; runs again when its backoff has passed.</summary>
    FailedWillRetry,

    /// <summary>A business failure, a needs-a-person failure or exhausted retries: an operator decides.</summary>
    WaitingForPerson,

    /// <summary>
    /// 结果不明: an attempt passed its commit point (the submit) and did not end cleanly, so the record may exist. A
    /// bot looks it up by the idempotency key (a verification, due at <c>DueAt</c>): found, the step succeeds with
    /// what was found; not found, it runs again from the start. An action that cannot be searched goes to a person.
    /// </summary>
    OutcomeUnknown,

    /// <summary>
    /// 待更正: it succeeded, then the case was amended and its inputs changed, so the department system holds
    /// outdated data. Its system's amend action runs (Ready again, with the amend action), or a person corrects the
    /// record there and confirms. The case is not complete while a step needs amendment.
    /// </summary>
    NeedsAmendment,

    /// <summary>Its condition did not hold, or an operator skipped it.</summary>
    Skipped,

    Cancelled,

    /// <summary>
    /// 待补材料: its dependencies are done, but a material it needs was accepted 容缺 (to follow later). It waits, with
    /// the material's due moment in <c>DueAt</c> (flagged by deadline supervision), and becomes ready in the
    /// transaction that stores the material; the other steps of the case keep running (ADR 0019).
    /// </summary>
    AwaitingMaterial,

    /// <summary>
    /// 待缴费 and the like: the department system holds the matter open until the applicant acts there (the guardian pays
    /// the declared premium). Not a failure and no one's task: a bot looks again at <c>DueAt</c> without using up a
    /// retry, and the step succeeds once the department confirms. The action contract's <c>awaits</c> says what is
    /// awaited, in the words people see (ADR 0025).
    /// </summary>
    Awaiting,
}

/// <summary>Where a case stands, derived from its steps and stored for querying.</summary>
public enum CaseStatus
{
    Running,
    WaitingForPerson,

    /// <summary>补正: a department refused the data for a reason only the applicant can fix; the clerk amends the case.</summary>
    WaitingForApplicant,
    Completed,
    Cancelled,

    /// <summary>待补材料: nothing can move until the applicant supplies a 容缺 material; no step waits for a person.</summary>
    AwaitingMaterial,
}

/// <summary>Why a bot attempt failed; decides between a retry and a person.</summary>
public enum FailureClass
{
    /// <summary>Timeout, HTTP 5xx, expired session, lost worker: retry with backoff.</summary>
    Transient,

    /// <summary>The department system refused the data (a validation message): a person must look.</summary>
    Business,

    /// <summary>Captcha, unknown page, maintenance notice: a person must look; the bot never guesses.</summary>
    NeedsPerson,

    /// <summary>
    /// The department refused the data for a reason the applicant must fix (a name the register does not hold, a
    /// restricted name): declared per system as refusal patterns; the case waits for the applicant (补正).
    /// </summary>
    NeedsApplicant,

    /// <summary>
    /// The attempt passed its commit point and then failed, timed out or lost its worker: the record may or may not
    /// exist. Never retried blindly: looked up by the idempotency key, or checked by a person.
    /// </summary>
    OutcomeUnknown,
}

public static class StepStatusExtensions
{
    public static bool IsTerminal(this StepStatus status) =>
        status is StepStatus.Succeeded or StepStatus.Skipped or StepStatus.Cancelled;

    /// <summary>Done in the sense of dependencies: later steps may start.</summary>
    public static bool ReleasesDependents(this StepStatus status) =>
        status is StepStatus.Succeeded or StepStatus.Skipped;
}
