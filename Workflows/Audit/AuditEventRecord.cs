namespace RpaRunner.Workflows.Audit;

/// <summary>
/// One row of the append-only audit trail (全程留痕). A writer adds it unsequenced, inside its own transaction
/// (<see cref="Id"/> is its arrival order); the sealer later gives it its place in the chain (<see cref="Seq"/>),
/// the previous row's hash and its own keyed hash, so changing, removing or reordering a sealed row shows.
/// </summary>
public sealed class AuditEventRecord
{
    /// <summary>Arrival order, assigned by the database; the order a trail is shown in.</summary>
    public long Id { get; set; }

    /// <summary>Position in the chain, 1-based, without gaps; null until the row is sealed.</summary>
    public long? Seq { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>e.g. case.submitted, step.dispatched, step.succeeded, step.retried-by-person (see <see cref="AuditKinds"/>).</summary>
    public required string Kind { get; set; }

    /// <summary>A user name, or system:engine / system:reconciler / bot:worker-name.</summary>
    public required string Actor { get; set; }

    public string? CaseCode { get; set; }

    public string? StepId { get; set; }

    /// <summary>Details as JSON; personal data here is masked (<see cref="AuditDetailMasking"/>).</summary>
    public string? DetailJson { get; set; }

    /// <summary>
    /// The details as written, before masking, sealed under the data key; null when masking changed nothing. Kept
    /// outside the chain on purpose: the chain vouches for the masked row, and this copy can be erased (set to null)
    /// without breaking it. Read only through the audited reveal for the roles that may read the case.
    /// </summary>
    public string? SealedDetailJson { get; set; }

    /// <summary>The hash of the row before it in the chain; null until sealed.</summary>
    public string? PreviousHash { get; set; }

    /// <summary>HMAC-SHA256 under the audit key (plain SHA-256 for rows sealed before the key existed); null until sealed.</summary>
    public string? Hash { get; set; }
}

/// <summary>
/// A point of the chain the sealer vouches for: the chain reached <see cref="Seq"/> with <see cref="Hash"/> at
/// <see cref="At"/>, while the database held <see cref="Cases"/> cases. <see cref="Mac"/> covers these and the
/// previous checkpoint's MAC under the audit key; the same line goes to a file outside the database.
/// Checkpoint 0 is the chain's start: seq 0 on a new database, or the last row of the unkeyed chain that an
/// older database carried (rows up to its seq are verified with plain SHA-256).
/// </summary>
public sealed class AuditCheckpointRecord
{
    /// <summary>0, 1, 2, … without gaps.</summary>
    public long Number { get; set; }

    public long Seq { get; set; }

    public required string Hash { get; set; }

    public DateTimeOffset At { get; set; }

    public long Cases { get; set; }

    public required string PreviousMac { get; set; }

    /// <summary>Empty only on checkpoint 0 between the schema upgrade and the first seal under the key.</summary>
    public required string Mac { get; set; }
}
