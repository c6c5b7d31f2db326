namespace RpaRunner.Workflows.Engine.Contracts;

// A bot asks a person in the middle of an attempt (ADR 0028). These travel over HTTP (a farm worker) or stay in the
// process (the embedded runner), authorised like a material's file: the running attempt's dispatch token and the
// worker holding its lease.

/// <summary>A bot's question: what it needs (<see cref="Kind"/>), the picture of the page region a person must read, how long it waits.</summary>
public sealed record AskPerson
{
    public required Guid StepRecordId { get; init; }

    public required Guid DispatchToken { get; init; }

    public required string Worker { get; init; }

    /// <summary>captcha, sms or ukey-pin.</summary>
    public required string Kind { get; init; }

    /// <summary>A PNG of the region (the captcha picture, the page asking for the SMS code); may be empty.</summary>
    public byte[]? Image { get; init; }

    /// <summary>How long the bot waits for the answer; then the step waits for the system's next service hours.</summary>
    public required TimeSpan Timeout { get; init; }
}

/// <summary>Where a question stands, for the bot that asked it.</summary>
public enum QuestionStatus
{
    /// <summary>Nobody answered yet: keep the session, ask again in a moment.</summary>
    Pending,

    /// <summary>Here is the answer (handed out once, then erased).</summary>
    Answered,

    /// <summary>Nobody answered in time.</summary>
    Expired,

    /// <summary>The attempt is no longer the step's running one (re-dispatched, cancelled): stop.</summary>
    NotCurrent,
}

/// <summary>The engine's answer to a bot polling its question.</summary>
public sealed record QuestionPoll(QuestionStatus Status, string? Answer = null)
{
    public static QuestionPoll Pending { get; } = new(QuestionStatus.Pending);

    public static QuestionPoll Expired { get; } = new(QuestionStatus.Expired);

    public static QuestionPoll NotCurrent { get; } = new(QuestionStatus.NotCurrent);

    /// <summary>Never the answer: it must stay out of logs.</summary>
    public override string ToString() => $"QuestionPoll {{ Status = {Status} }}";
}
