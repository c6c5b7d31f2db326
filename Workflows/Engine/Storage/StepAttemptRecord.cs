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

    /// <summary>succeeded, failed, unknown (failed after its commit point), found, not-found (a verification), lease-expired, not-taken, deferred, stale.</summary>
    public string Outcome { get; set; } = "dispatched";

    public FailureClass? ErrorClass { get; set; }

    public string? ErrorMessage { get; set; }

    /// <summary>Evidence links (screenshot, HTML, trace, accessibility tree) as JSON.</summary>
    public string? EvidenceJson { get; set; }

    /// <summary>Notes for designers as JSON, e.g. "selector drift: … used fallback #2": the script needs a look.</summary>
    public string? NotesJson { get; set; }

    /// <summary>The bot found an existing record by the idempotency key and did not create a new one.</summary>
    public bool FoundExisting { get; set; }

    /// <summary>When the bot passed the commit point (the submit): from then on the record may exist.</summary>
    public DateTimeOffset? CommittedAt { get; set; }

    /// <summary>The attempt only looked the record up after an unknown outcome; it entered nothing.</summary>
    public bool Verify { get; set; }
}
