using RpaRunner.Workflows.Calendar;

namespace RpaRunner.Workflows.Engine.Storage;

/// <summary>One case (办件): an application of one pinned bundle version.</summary>
public sealed class CaseRecord
{
    public Guid Id { get; set; }

    /// <summary>办件编码, e.g. NB20261122K7Q3M9; what clerks, applicants and bots see.</summary>
    public required string Code { get; set; }

    public required string BundleId { get; set; }

    public int BundleVersion { get; set; }

    public CaseStatus Status { get; set; }

    /// <summary>The validated, normalised unified form as JSON.</summary>
    public required string FormJson { get; set; }

    /// <summary>The longest Idempotency-Key a client may send.</summary>
    public const int RequestIdMaxLength = 255;

    /// <summary>The client's Idempotency-Key of the submission, so a resubmitted request makes no second case. Unique per submitting user.</summary>
    public string? RequestId { get; set; }

    /// <summary>
    /// HMAC-SHA256 (hex) of the submitted request (bundle, version, form) under a key derived from the data key: a
    /// resubmission with the same key and another body is told apart without storing the body again, and without a
    /// plain hash from which an applicant's data could be guessed. Null for cases submitted without a key or before it was kept.
    /// </summary>
    public string? RequestFingerprint { get; set; }

    /// <summary>The longest case number of the provincial platform (办件流水号) a pushed case may carry.</summary>
    public const int PlatformCaseNoMaxLength = 64;

    /// <summary>The provincial platform's case number (办件流水号) when the platform pushed the case (ADR 0016); unique.</summary>
    public string? PlatformCaseNo { get; set; }

    public required string SubmittedBy { get; set; }

    /// <summary>The organisation unit (hall or district path) of whoever submitted it; who may see it follows from it (<see cref="CaseScope"/>).</summary>
    public string Unit { get; set; } = CaseScope.DefaultUnit;

    public DateTimeOffset SubmittedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }

    /// <summary>The latest deadline of its matters (承诺时限 counted in working days from submission).</summary>
    public DateTimeOffset? DeadlineAt { get; set; }

    /// <summary>红黄牌 as last recorded by deadline supervision: the worst flag of its open matters.</summary>
    public DeadlineFlag? Flag { get; set; }

    /// <summary>The bundle's batch window (e.g. "22:00-06:00") when the case was held for the overnight run; its steps run only inside it.</summary>
    public string? BatchWindow { get; set; }

    /// <summary>Optimistic concurrency token, bumped on every change.</summary>
    public int Revision { get; set; }

    public List<StepRecord> Steps { get; set; } = [];
}
