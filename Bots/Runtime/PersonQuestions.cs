using RpaRunner.Workflows.Engine.Contracts;

namespace RpaRunner.Bots.Runtime;

/// <summary>Where a worker asks a person mid-step (ADR 0028): the engine in its own process, or the runner over HTTP.</summary>
public interface IQuestionChannel
{
    /// <summary>Stores the question of the running attempt; null when the attempt is no longer the step's current one.</summary>
    Task<Guid?> AskAsync(AskPerson question, CancellationToken cancellationToken);

    /// <summary>Where the question stands; an answer is handed out once.</summary>
    Task<QuestionPoll> PollAsync(RunStep step, string worker, Guid questionId, CancellationToken cancellationToken);
}

/// <summary>A question a script or a login asks: what is wanted and the picture of the page region a person must read.</summary>
public sealed record PersonQuestion(string Kind, byte[]? Image);

/// <summary>
/// Nobody answered the bot's question in time (<c>Bots:AskTimeout</c>): the step waits for the system's next service
/// hours instead of failing (<see cref="StepReport.Unanswered"/>). Not a transient failure: no quick retry repeats it.
/// </summary>
public sealed class QuestionUnansweredException(string message) : BotFailureException(Workflows.Engine.FailureClass.Transient, message);
