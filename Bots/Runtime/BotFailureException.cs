using RpaRunner.Workflows.Engine;

namespace RpaRunner.Bots.Runtime;

/// <summary>A bot attempt failed; <see cref="Class"/> decides between a retry and a person.</summary>
public class BotFailureException(FailureClass failureClass, string message, Exception? inner = null) : Exception(message, inner)
{
    public FailureClass Class { get; } = failureClass;
}

/// <summary>Timeouts, 5xx, an expired session: worth another attempt.</summary>
public sealed class TransientBotException(string message, Exception? inner = null) : BotFailureException(FailureClass.Transient, message, inner);

/// <summary>
/// The attempt never reached the department system: its circuit is open after repeated faults, or all of its
/// robot sessions are busy. The step comes back after <see cref="RetryAfter"/> without using up a retry.
/// </summary>
public sealed class SystemUnavailableException(string message, TimeSpan retryAfter, Exception? inner = null) : BotFailureException(FailureClass.Transient, message, inner)
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}

/// <summary>
/// Not a failure: the department system holds the matter open until the applicant acts there (the guardian has not
/// paid the declared premium yet) and says so; nothing was recorded. The step rests and is looked at again
/// (<c>StepStatus.Awaiting</c>), without evidence, without using up a retry and without asking a person.
/// </summary>
public sealed class AwaitingApplicantException(string message) : Exception(message);

/// <summary>The department system refused the data with a message a person must read.</summary>
public sealed class BusinessRuleException(string message) : BotFailureException(FailureClass.Business, message);

/// <summary>
/// The department system refused the data for a reason only the applicant can fix — a person the population
/// register does not hold, a name that does not match the ID, a company name the applicant chose that may not
/// be used — so the case waits for the applicant (补正) instead of an operator. <see cref="Pattern"/> is the
/// system's <c>applicantRefusals</c> entry that matched the message.
/// </summary>
public sealed class ApplicantRefusalException(string message, string pattern) : BotFailureException(FailureClass.NeedsApplicant, message)
{
    public string Pattern { get; } = pattern;
}

/// <summary>Captcha, an unknown page, a maintenance notice: the bot stops and never guesses.</summary>
public sealed class NeedsPersonException(string message) : BotFailureException(FailureClass.NeedsPerson, message);

/// <summary>
/// The attempt passed its commit point (the submit) and did not end cleanly — an error page, a timeout, an expired
/// session, a window that is gone: the record may exist. Never retried on the spot; the engine looks the record up
/// by the idempotency key, or a person checks the system.
/// </summary>
public sealed class OutcomeUnknownException(string message, Exception? inner = null) : BotFailureException(FailureClass.OutcomeUnknown, message, inner);

/// <summary>The worker lost the step's lease: another worker may hold it now, so this one must not write.</summary>
public sealed class LeaseLostException(string message) : Exception(message);
