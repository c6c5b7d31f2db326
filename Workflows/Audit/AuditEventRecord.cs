namespace RpaRunner.Workflows.Audit;

/// <summary>
/// One row of the append-only audit trail (全程留痕). Each row's hash covers its content and the previous
/// row's hash, so changing or deleting any row breaks the chain from there on.
/// </summary>
public sealed class AuditEventRecord
{
    /// <summary>Position in the chain, 1-based, without gaps.</summary>
    public long Seq { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>e.g. case.submitted, step.dispatched, step.succeeded, step.retried-by-person.</summary>
    public required string Kind { get; set; }

    /// <summary>A user name, or system:engine / system:reconciler / bot:worker-name.</summary>
    public required string Actor { get; set; }

    public string? CaseCode { get; set; }

    public string? StepId { get; set; }

    /// <summary>Details as JSON; personal data here is masked.</summary>
    public string? DetailJson { get; set; }

    public required string PreviousHash { get; set; }

    public required string Hash { get; set; }
}

/// <summary>The chain's head (one row): the last sequence number and hash. Every append moves it under
/// optimistic concurrency, so two transactions can never both chain onto the same row.</summary>
public sealed class AuditHeadRecord
{
    public int Id { get; set; } = 1;

    public long Seq { get; set; }

    public required string Hash { get; set; }
}
