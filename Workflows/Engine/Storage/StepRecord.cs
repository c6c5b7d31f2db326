using RpaRunner.Workflows.Calendar;

namespace RpaRunner.Workflows.Engine.Storage;

/// <summary>One step (事项) of a case and everything needed to run, retry or hand it over.</summary>
public sealed class StepRecord
{
    public Guid Id { get; set; }

    public Guid CaseId { get; set; }

    public CaseRecord? Case { get; set; }

    public required string StepId { get; set; }

    public StepStatus Status { get; set; }

    public required string System { get; set; }

    public required string Action { get; set; }

    public required string Pool { get; set; }

    /// <summary>case code + ":" + step id. Bots search the department system by it before they write.</summary>
    public required string IdempotencyKey { get; set; }

    /// <summary>Attempts dispatched so far, over the step's whole life.</summary>
    public int Attempt { get; set; }

    /// <summary>Attempts since the retry budget was last renewed (by a person's retry).</summary>
    public int AttemptsInBudget { get; set; }

    /// <summary>The action inputs resolved when the step became ready, with a person's corrections applied.</summary>
    public string? InputsJson { get; set; }

    /// <summary>Inputs a person corrected; they win over the mapped values.</summary>
    public string? CorrectedInputsJson { get; set; }

    public string? OutputsJson { get; set; }

    /// <summary>
    /// Set while the step corrects (更正) its record after an amendment of the case: the system's amend action, which
    /// bots run instead of <see cref="Action"/>. Null for the step's own action.
    /// </summary>
    public string? AmendAction { get; set; }

    /// <summary>The inputs the department system's record held before the case was amended (shown old → new while the step needs amendment).</summary>
    public string? PreviousInputsJson { get; set; }

    /// <summary>The case was amended while a bot was entering the old inputs: when that attempt succeeds the record needs amendment.</summary>
    public bool AmendAfterRun { get; set; }

    /// <summary>The current dispatch only looks the record up after an unknown outcome (<see cref="StepStatus.OutcomeUnknown"/>).</summary>
    public bool Verifying { get; set; }

    public FailureClass? ErrorClass { get; set; }

    public string? ErrorMessage { get; set; }

    /// <summary>When a ready or retrying step may be dispatched.</summary>
    public DateTimeOffset? DueAt { get; set; }

    /// <summary>Names the current dispatch; reports and lease renewals carrying another token are stale.</summary>
    public Guid? DispatchToken { get; set; }

    public string? LeaseHolder { get; set; }

    public DateTimeOffset? LeaseExpiresAt { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>承诺时限 deadline of the matter, when the bundle sets one.</summary>
    public DateTimeOffset? DeadlineAt { get; set; }

    /// <summary>承诺时限 of the matter in working days, as the bundle version the case pinned at submission states it.</summary>
    public decimal? TimeLimitDays { get; set; }

    /// <summary>补正: since when the matter's clock stands still because its case waits for the applicant; null while it runs.</summary>
    public DateTimeOffset? PausedAt { get; set; }

    /// <summary>Working time the clock stood still in earlier 补正 pauses; <see cref="DeadlineAt"/> already moved later by it.</summary>
    public TimeSpan PausedWorkingTime { get; set; }

    /// <summary>红黄牌 as last recorded by deadline supervision.</summary>
    public DeadlineFlag? Flag { get; set; }

    /// <summary>Who finished it when a person did (complete by hand, skip).</summary>
    public string? ResolvedBy { get; set; }

    public int Revision { get; set; }
}
