namespace RpaRunner.Workflows.Engine.Storage;

/// <summary>One bot attempt at a step: who ran it, how it ended, and where its evidence is.</summary>
public sealed class StepAttemptRecord
{
    public long Id { get; set; }

    public Guid StepRecordId { get; set; }

    public Guid CaseId { get; set; }

    public int Attempt { get; set; }

    public Guid DispatchToken { get; set; }

    public string? Worker { get; set; }

    public DateTimeOffset DispatchedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>succeeded, failed, lease-expired, stale.</summary>
    public string Outcome { get; set; } = "dispatched";

    public FailureClass? ErrorClass { get; set; }

    public string? ErrorMessage { get; set; }

    /// <summary>Evidence links (screenshot, HTML, trace, accessibility tree) as JSON.</summary>
    public string? EvidenceJson { get; set; }

    /// <summary>Notes for designers as JSON, e.g. "selector drift: … used fallback #2": the script needs a look.</summary>
    public string? NotesJson { get; set; }

    /// <summary>The bot found an existing record by the idempotency key and did not create a new one.</summary>
    public bool FoundExisting { get; set; }
}
