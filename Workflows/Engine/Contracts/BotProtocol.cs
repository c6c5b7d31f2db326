namespace RpaRunner.Workflows.Engine.Contracts;

// The messages between the engine and the bot pools. They travel over MassTransit (in-memory embedded,
// RabbitMQ in the farm); none of them has to survive: the engine's leases and reconciler redo lost work.

/// <summary>Run one attempt of a step. Sent to the queue of the step's bot pool.</summary>
public sealed record RunStep
{
    public required Guid StepRecordId { get; init; }

    public required Guid DispatchToken { get; init; }

    public required string CaseCode { get; init; }

    public required string StepId { get; init; }

    public required string BundleId { get; init; }

    public required string System { get; init; }

    public required string Action { get; init; }

    public required string Pool { get; init; }

    public required int Attempt { get; init; }

    /// <summary>
    /// The version of the department system (its catalog entry and scripts) the engine dispatched with: a worker holding
    /// an older one fetches the newer before it runs the step (ADR 0029). 0 when not given.
    /// </summary>
    public int SystemVersion { get; init; }

    /// <summary>case code + ":" + step id: search by it before creating anything.</summary>
    public required string IdempotencyKey { get; init; }

    public required Dictionary<string, string?> Inputs { get; init; }

    /// <summary>A worker that receives the message after this moment drops it: the step was re-dispatched.</summary>
    public required DateTimeOffset LeaseExpiresAt { get; init; }

    /// <summary>
    /// An earlier attempt's outcome is unknown: only look the record up by the idempotency key and enter nothing.
    /// Found: report success with what was found; not found: report <see cref="StepReport.NotFound"/>.
    /// </summary>
    public bool Verify { get; init; }

    /// <summary>
    /// The materials (一次告知) the bundle declares for this step, each with a reference to the file the case holds for
    /// it (or none yet): never the bytes. A worker fetches a file from the runner with this dispatch's token and checks
    /// its SHA-256 before it hands it to the department system. Empty for a step that needs no material (and from a
    /// runner that sends none).
    /// </summary>
    public List<MaterialReference> Materials { get; init; } = [];
}

/// <summary>
/// A material a step needs: its id and names, and — when the case holds a file for it — the file's SHA-256 (hex, lower
/// case), size, content type and name. A material the case does not hold yet has no <see cref="Sha256"/>.
/// </summary>
public sealed record MaterialReference
{
    public required string MaterialId { get; init; }

    public required string Name { get; init; }

    public string? EnglishName { get; init; }

    public string? Sha256 { get; init; }

    public long? Size { get; init; }

    /// <summary>The media type recognised from the content: application/pdf, image/jpeg, image/png.</summary>
    public string? ContentType { get; init; }

    public string? FileName { get; init; }

    public bool Supplied => Sha256 is not null;
}

/// <summary>A worker asks to hold (or keep holding) a step's lease while it works.</summary>
public sealed record ExtendStepLease
{
    public required Guid StepRecordId { get; init; }

    public required Guid DispatchToken { get; init; }

    public required string Worker { get; init; }

    /// <summary>
    /// The worker is about to pass the action's commit point (the submit): granted, the engine notes the moment on
    /// the attempt, and from then on any ending but a clean one — a failure, a lost lease, a killed process — makes
    /// the attempt's outcome unknown.
    /// </summary>
    public bool Committing { get; init; }
}

/// <summary>The engine's answer: go on until <see cref="LeaseExpiresAt"/>, or stop (the dispatch is stale).</summary>
public sealed record StepLeaseAnswer
{
    public required bool Granted { get; init; }

    public DateTimeOffset? LeaseExpiresAt { get; init; }

    public string? Reason { get; init; }
}

/// <summary>How one attempt at a step ended.</summary>
public sealed record StepReport
{
    public required Guid StepRecordId { get; init; }

    public required Guid DispatchToken { get; init; }

    public required int Attempt { get; init; }

    public required string Worker { get; init; }

    public required bool Succeeded { get; init; }

    public Dictionary<string, string?> Outputs { get; init; } = [];

    /// <summary>The bot found the record already in the department system (an earlier attempt made it).</summary>
    public bool FoundExisting { get; init; }

    /// <summary>A verification (<see cref="RunStep.Verify"/>) found no record: the step may be entered again from the start.</summary>
    public bool NotFound { get; init; }

    public FailureClass? FailureClass { get; init; }

    /// <summary>
    /// Set when the attempt never reached the department system (its circuit is open, its robot sessions are all
    /// busy): the step comes back after this long and the attempt does not count against its retries.
    /// </summary>
    public TimeSpan? DeferredFor { get; init; }

    /// <summary>
    /// The department system holds the matter open until the applicant acts there (the premium is not paid yet): the
    /// step waits and is looked at again, not counted as a failure. Only for an action whose contract declares <c>awaits</c>.
    /// </summary>
    public bool Awaiting { get; init; }

    /// <summary>
    /// The bot asked a person (a captcha, an SMS code) and nobody answered in time: the step waits for the department
    /// system's next service hours (operators on shift), not counted as a failure (ADR 0028).
    /// </summary>
    public bool Unanswered { get; init; }

    public string? Message { get; init; }

    /// <summary>Evidence kind → link (screenshot, html, trace, accessibility tree, log).</summary>
    public Dictionary<string, string> Evidence { get; init; } = [];

    /// <summary>Notes for designers, e.g. a fallback selector had to be used ("selector drift").</summary>
    public List<string> Notes { get; init; } = [];

    /// <summary>
    /// 电子证照: the document a successful step fetched from a certificate library, for the material the bundle says the
    /// step fetches (<c>fetchedBy</c>). It travels with the report so the file and the step's success are recorded in one
    /// transaction; a lost report loses neither, since the step is fetched again.
    /// </summary>
    public FetchedDocument? Document { get; init; }
}

/// <summary>
/// A document fetched from a certificate library (电子证照库): its bytes, the SHA-256 (hex, lower case) the library
/// stated for it and the bot checked, its file name, and where it came from (shown with the material: 电子证照库).
/// </summary>
public sealed record FetchedDocument
{
    public required byte[] Content { get; init; }

    public required string Sha256 { get; init; }

    public required string FileName { get; init; }

    /// <summary>The library and the licence, e.g. "电子证照库 dzzz · 出生医学证明 S430000001".</summary>
    public required string Source { get; init; }
}
