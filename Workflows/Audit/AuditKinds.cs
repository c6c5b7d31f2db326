namespace RpaRunner.Workflows.Audit;

/// <summary>
/// Every kind of audit event the engine writes: the one list the engine, the console's labels and the tests
/// share. A kind is a stable, dotted name stored in the trail; people see its label, never the kind itself.
/// </summary>
public static class AuditKinds
{
    public const string CaseSubmitted = "case.submitted";
    public const string CaseCompleted = "case.completed";
    public const string CaseCancelled = "case.cancelled";
    public const string CaseAmended = "case.amended";
    public const string CaseFlagged = "case.flagged";

    /// <summary>A person opened the sealed, unmasked details of an audit row (reading personal data is itself audited).</summary>
    public const string AuditDetailRevealed = "audit.detail-revealed";

    /// <summary>A person downloaded the case's audit trail (masked) as a file.</summary>
    public const string AuditExported = "audit.exported";

    public const string StepReady = "step.ready";
    public const string StepSkipped = "step.skipped";
    public const string StepDispatched = "step.dispatched";
    public const string StepRequeued = "step.requeued";
    public const string StepStarted = "step.started";
    public const string StepCommitting = "step.committing";
    public const string StepSucceeded = "step.succeeded";
    public const string StepFailedWillRetry = "step.failed-will-retry";
    public const string StepDeferred = "step.deferred";
    public const string StepAwaiting = "step.awaiting";
    public const string StepWaitingForPerson = "step.waiting-for-person";
    public const string StepReportIgnored = "step.report-ignored";
    public const string StepOutcomeUnknown = "step.outcome-unknown";
    public const string StepVerificationDispatched = "step.verification-dispatched";
    public const string StepVerifiedAbsent = "step.verified-absent";
    public const string StepVerificationFailed = "step.verification-failed";
    public const string StepRetriedByPerson = "step.retried-by-person";
    public const string StepCorrectedByPerson = "step.corrected-by-person";
    public const string StepSkippedByPerson = "step.skipped-by-person";
    public const string StepCompletedByPerson = "step.completed-by-person";
    public const string StepNeedsAmendment = "step.needs-amendment";
    public const string StepAmendmentReady = "step.amendment-ready";
    public const string StepAmended = "step.amended";
    public const string StepAmendedByPerson = "step.amended-by-person";
    public const string StepInputsUpdated = "step.inputs-updated";
    public const string StepHeldForAmendment = "step.held-for-amendment";
    public const string StepFlagged = "step.flagged";

    /// <summary>补正: the matter's clock stands still while its case waits for the applicant.</summary>
    public const string StepClockPaused = "step.clock-paused";

    /// <summary>The case no longer waits for the applicant (or the matter finished): its clock runs again and its deadline moved later by the pause.</summary>
    public const string StepClockResumed = "step.clock-resumed";

    /// <summary>A material (一次告知) was supplied for the case: checked by content, virus-scanned and stored sealed.</summary>
    public const string MaterialAdded = "material.added";

    /// <summary>容缺受理: a material was accepted to follow later, with its due moment (ADR 0019).</summary>
    public const string MaterialDeferred = "material.deferred";

    /// <summary>告知承诺: the applicant's commitment stands in for a material: who confirmed it, tick or signature (ADR 0019).</summary>
    public const string MaterialPromised = "material.promised";

    /// <summary>A step waits for a 容缺 material (待补材料), with its due moment.</summary>
    public const string StepAwaitingMaterial = "step.awaiting-material";

    /// <summary>A step held for a material goes on: it was supplied or decided.</summary>
    public const string StepMaterialResumed = "step.material-resumed";

    /// <summary>A step runs on the applicant's commitment (告知承诺) in place of a material.</summary>
    public const string StepMaterialPromised = "step.material-promised";

    /// <summary>A file handed in for a material was refused (wrong type, too large, a virus, or it could not be scanned); nothing stored.</summary>
    public const string MaterialRefused = "material.refused";

    /// <summary>A bot read a material's file to hand it to the department system of the step it was running.</summary>
    public const string MaterialRead = "material.read";

    /// <summary>A person sent a dead-lettered notification of the case again (结果回传).</summary>
    public const string NotificationResent = "notification.resent";

    /// <summary>A bot asked a person mid-step (a captcha, an SMS code, a U盾 PIN); never with the answer.</summary>
    public const string QuestionAsked = "question.asked";

    /// <summary>A person answered a bot's question (who, never what).</summary>
    public const string QuestionAnswered = "question.answered";

    /// <summary>Nobody answered a bot's question in time: the step waits for the next service hours.</summary>
    public const string QuestionExpired = "question.expired";

    /// <summary>A department system's service hours opened or closed (…opened / …closed after the prefix).</summary>
    public const string SystemHoursPrefix = "system.";

    /// <summary>A bundle's overnight batch window opened or closed.</summary>
    public const string BatchWindowPrefix = "batch-window.";

    public const string Opened = "opened";
    public const string Closed = "closed";

    /// <summary>Every kind of a case or step event (schedule events are the prefixes above).</summary>
    public static IReadOnlyList<string> CaseAndStepKinds { get; } =
    [
        CaseSubmitted, CaseCompleted, CaseCancelled, CaseAmended, CaseFlagged, AuditDetailRevealed, AuditExported,
        StepReady, StepSkipped, StepDispatched, StepRequeued, StepStarted, StepCommitting, StepSucceeded,
        StepFailedWillRetry, StepDeferred, StepAwaiting, StepWaitingForPerson, StepReportIgnored,
        StepOutcomeUnknown, StepVerificationDispatched, StepVerifiedAbsent, StepVerificationFailed,
        StepRetriedByPerson, StepCorrectedByPerson, StepSkippedByPerson, StepCompletedByPerson,
        StepNeedsAmendment, StepAmendmentReady, StepAmended, StepAmendedByPerson, StepInputsUpdated,
        StepHeldForAmendment, StepFlagged, StepClockPaused, StepClockResumed,
        MaterialAdded, MaterialRefused, MaterialRead, MaterialDeferred, MaterialPromised,
        StepAwaitingMaterial, StepMaterialResumed, StepMaterialPromised, NotificationResent,
        QuestionAsked, QuestionAnswered, QuestionExpired,
    ];
}
