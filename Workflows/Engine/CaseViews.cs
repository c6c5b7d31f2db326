using System.Text.Json;
using RpaRunner.Workflows.Calendar;

namespace RpaRunner.Workflows.Engine;

public sealed record CaseFilter(CaseStatus? Status = null, string? BundleId = null, int Skip = 0, int Take = 50);

public sealed record Progress(int Done, int Total);

/// <param name="Unreadable">Some of the case's personal data is sealed with a data key this runner does not hold: the
/// form is left out and such values read <see cref="Privacy.PersonalDataCipher.UnreadableText"/>.</param>
/// <param name="Unit">The organisation unit the case belongs to (<see cref="CaseScope"/>).</param>
/// <param name="Deadline">承诺时限 of the case (its latest matter's): limit, due moment, working time left, flag, 补正 pause.</param>
public sealed record CaseView(
    string Code, string BundleId, int BundleVersion, CaseStatus Status, string SubmittedBy, DateTimeOffset SubmittedAt,
    DateTimeOffset UpdatedAt, DateTimeOffset? ClosedAt, Progress Progress, JsonElement? Form, IReadOnlyList<StepView> Steps, DateTimeOffset AsOf,
    DateTimeOffset? DeadlineAt = null, string? Flag = null, string? BatchWindow = null, string? CancelReason = null, string? CancelledBy = null,
    bool Unreadable = false, string Unit = CaseScope.DefaultUnit, Calendar.DeadlineView? Deadline = null,
    IReadOnlyList<Materials.MaterialView>? Materials = null, string? PlatformCaseNo = null)
{
    /// <summary>Bots are at work on the case: a step is due, running, waiting out a retry's backoff, or being looked up after an unknown outcome.</summary>
    public bool InMotion => Steps.Any(s => s.Status is StepStatus.Ready or StepStatus.Running or StepStatus.FailedWillRetry or StepStatus.OutcomeUnknown or StepStatus.Awaiting);
}

/// <param name="Deadline">承诺时限 of the matter: limit, due moment, working time left, flag, 补正 pause.</param>
public sealed record StepView(
    string StepId, StepStatus Status, string System, string Action, string Pool, string IdempotencyKey, int Attempt,
    IReadOnlyDictionary<string, string?> Inputs, IReadOnlyDictionary<string, string?>? Outputs,
    FailureClass? ErrorClass, string? Error, DateTimeOffset? DueAt, string? LeaseHolder, DateTimeOffset? LeaseExpiresAt,
    DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, string? ResolvedBy, IReadOnlyList<AttemptView> Attempts,
    string? Waiting = null, DateTimeOffset? DeadlineAt = null, string? Flag = null,
    string? AmendAction = null, IReadOnlyDictionary<string, string?>? PreviousInputs = null, bool Verifying = false, bool Unreadable = false,
    Calendar.DeadlineView? Deadline = null)
{
    /// <summary>更正中: the bots correct the department's record with the system's amend action.</summary>
    public bool IsAmending => AmendAction is not null && Status is StepStatus.Ready or StepStatus.Running or StepStatus.FailedWillRetry;

    /// <summary>待更正 or 更正中: the department's record is outdated since the case was amended.</summary>
    public bool IsOutdated => Status == StepStatus.NeedsAmendment || AmendAction is not null && !Status.IsTerminal();
}

/// <param name="Outcome">succeeded, failed, unknown (failed after its commit point), found or not-found (a verification), lease-expired, not-taken, deferred, stale; dispatched while it runs.</param>
/// <param name="CommittedAt">When the bot passed the commit point (the submit): from then on the record may exist.</param>
/// <param name="Verification">The attempt only looked the record up after an unknown outcome (核实); it entered nothing.</param>
public sealed record AttemptView(
    int Attempt, string? Worker, DateTimeOffset DispatchedAt, DateTimeOffset? FinishedAt, string Outcome,
    FailureClass? ErrorClass, string? Error, bool FoundExisting, IReadOnlyDictionary<string, string>? Evidence, IReadOnlyList<string> Notes,
    DateTimeOffset? CommittedAt = null, bool Verification = false);

/// <summary>A script that needed a fallback selector lately: which action, what the bot noticed, how often, when last.</summary>
public sealed record SelectorDriftView(string System, string Action, string Note, int Attempts, DateTimeOffset LastSeen, string LastCaseCode);

public sealed record WaitingStepView(string CaseCode, string BundleId, string StepId, string System, string Action, int Attempt, FailureClass? ErrorClass, string? Error, DateTimeOffset SubmittedAt);

/// <param name="Detail">The details as the trail holds them: personal data masked.</param>
/// <param name="HasSealedDetail">Masking changed the details; the original is kept sealed and can be revealed (audited).</param>
public sealed record AuditEventView(long Id, long? Seq, DateTimeOffset At, string Kind, string Actor, string? StepId, JsonElement? Detail, string? Hash, bool HasSealedDetail = false);

/// <summary>The failures of the department systems in the four groups of the operators' dashboard.</summary>
/// <param name="UnknownOutcomes">结果不明, per system: kept apart from outages and refusals, since the record may exist.</param>
public sealed record FailureOverview(
    IReadOnlyList<SystemOutageView> Outages, IReadOnlyList<RefusalGroupView> Refusals, IReadOnlyList<RefusalGroupView> ApplicantRefusals,
    IReadOnlyList<UnknownOutcomeGroupView> UnknownOutcomes)
{
    /// <summary>Steps whose outcome is unknown, being looked up or waiting for a person to check the system.</summary>
    public int UnknownOutcomeCount => UnknownOutcomes.Sum(u => u.Checking + u.WaitingForPerson);
}

/// <summary>A system with transient failures: steps waiting for a person after their retries, steps still retrying, the last error (masked), since when.</summary>
/// <param name="WaitingSteps">The steps waiting for a person after their retries, oldest case first: what "retry all after the outage" acts on.</param>
public sealed record SystemOutageView(string System, int WaitingForPerson, int Retrying, string? LastError, DateTimeOffset? Since, DateTimeOffset? LastAt, IReadOnlyList<FailedStepRef> WaitingSteps);

/// <summary>Steps one system refused for the same reason (masked).</summary>
public sealed record RefusalGroupView(string System, FailureClass? ErrorClass, string Reason, IReadOnlyList<FailedStepRef> Steps);

public sealed record FailedStepRef(string CaseCode, string BundleId, string StepId);

/// <summary>
/// Steps of one system whose last attempt failed after its submit (结果不明): bots look the record up by the
/// idempotency key (checking: the lookup is due or running), or, for a system that cannot be searched or a lookup
/// that failed, a person checks the system (waiting for a person); since when the first of them is unknown.
/// </summary>
public sealed record UnknownOutcomeGroupView(string System, int Checking, int WaitingForPerson, DateTimeOffset? Since, IReadOnlyList<UnknownOutcomeStepRef> Steps);

/// <param name="WaitingForPerson">A person checks the system, then completes the step by hand or retries it; otherwise bots look it up.</param>
/// <param name="CommittedAt">When the attempt whose outcome is unknown passed its commit point (the submit).</param>
public sealed record UnknownOutcomeStepRef(string CaseCode, string BundleId, string StepId, bool WaitingForPerson, DateTimeOffset? CommittedAt);

/// <param name="Failures">Outages (transient), unknown outcomes (结果不明), refusals by reason, and refusals the applicant must fix (补正).</param>
public sealed record Dashboard(int CasesToday, int CompletedToday, int Running, int StepsWaitingForPerson, FailureOverview Failures, Flags? Flags);

/// <summary>红黄牌: open matters the engine's deadline supervision flagged near (yellow) or past (red) their committed deadline.</summary>
public sealed record Flags(int Yellow, int Red);

/// <summary>
/// The console's trends over the last <see cref="Days"/> days of the bureau (<see cref="From"/> to <see cref="To"/>,
/// local dates): cases accepted and completed per day, time to complete per bundle, failure rate per system.
/// </summary>
public sealed record CaseTrends(int Days, DateOnly From, DateOnly To, IReadOnlyList<DayTrend> PerDay, IReadOnlyList<BundleDurationTrend> Durations, IReadOnlyList<SystemFailureTrend> FailureRates)
{
    /// <summary>Nothing was accepted, completed or attempted in the window.</summary>
    public bool IsEmpty => PerDay.All(d => d.Accepted == 0 && d.Completed == 0) && FailureRates.Count == 0;
}

/// <summary>One day of the bureau: cases accepted (submitted) and completed that day.</summary>
public sealed record DayTrend(DateOnly Day, int Accepted, int Completed);

/// <summary>Cases of a bundle completed in the window, and the median and 95th percentile of their time from acceptance to completion.</summary>
public sealed record BundleDurationTrend(string BundleId, int Completed, TimeSpan Median, TimeSpan P95);

/// <summary>A system's bot attempts that ended in the window, and how many of them failed (a failure, an unknown outcome, a lost lease).</summary>
public sealed record SystemFailureTrend(string System, int Attempts, int Failed)
{
    public double Rate => Attempts == 0 ? 0 : (double)Failed / Attempts;
}

/// <summary>What an operator may look for in the case list; every filter is optional and they combine.</summary>
/// <param name="Text">A case code or its beginning (any case, spaces around ignored), or a full ID number or mobile number, found through the search index (<see cref="CaseSearchIndex"/>).</param>
/// <param name="Flag">Cases with an open matter the deadline supervision flagged so (the dashboard's 红黄牌 count these matters).</param>
/// <param name="System">Cases with a step on this department system.</param>
/// <param name="StepState">Cases with a step in this state.</param>
/// <param name="From">Submitted on or after this day (the bureau's calendar).</param>
/// <param name="To">Submitted on or before this day (the bureau's calendar).</param>
/// <param name="Unit">Cases of this unit and the units beneath it, within the caller's scope.</param>
/// <param name="Page">From 1.</param>
public sealed record CaseSearch(
    string? Text = null, string? BundleId = null, CaseStatus? Status = null, DeadlineFlag? Flag = null, string? System = null,
    CaseStepState? StepState = null, DateOnly? From = null, DateOnly? To = null, string? Unit = null,
    CaseSort Sort = CaseSort.Submitted, bool Descending = true, int Page = 1, int PageSize = 50)
{
    public const int MaxPageSize = 200;
}

/// <summary>The orders of the case list.</summary>
public enum CaseSort
{
    Submitted,
    Code,
    Status,
    Deadline,
}

/// <summary>The step states the case list filters by.</summary>
public enum CaseStepState
{
    /// <summary>A step waits for an operator (a refusal, a needed person, retries exhausted).</summary>
    WaitingForPerson,

    /// <summary>A step failed transiently and will be retried.</summary>
    FailedWillRetry,

    /// <summary>补正: a department refused for a reason only the applicant can fix.</summary>
    NeedsApplicant,

    /// <summary>结果不明: the record may exist; it is being looked up or checked by a person.</summary>
    OutcomeUnknown,

    /// <summary>待更正 / 更正中: a department's record is outdated since the case was amended.</summary>
    NeedsAmendment,

    /// <summary>待补材料: a step waits for a material accepted 容缺.</summary>
    AwaitingMaterial,
}

/// <summary>One page of the case list and how many cases match in all.</summary>
public sealed record CasePage(int Total, int Page, int PageSize, IReadOnlyList<CaseView> Items);

/// <summary>
/// A bot's open question for the console: which case and step ask, what (<paramref name="Label"/>, Chinese first), who may
/// answer, until when; the picture is fetched separately. Never the answer.
/// </summary>
public sealed record QuestionView(Guid Id, string CaseCode, string BundleId, string StepId, string System, string Action, int Attempt, string Kind, LocalizedText Label, string AnswerRole, DateTimeOffset AskedAt, DateTimeOffset ExpiresAt, bool HasImage);
