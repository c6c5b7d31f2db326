using RpaRunner.Workflows.Forms;

namespace RpaRunner.Workflows.Engine;

/// <summary>A request the engine refuses; <see cref="Code"/> is stable for clients, the message is for people.</summary>
public class EngineRequestException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}

public sealed class NotFoundException(string code, string message) : EngineRequestException(code, message);

/// <summary>A person's action that does not fit the step's state (e.g. completing a step that already succeeded).</summary>
public sealed class ActionConflictException(string code, string message) : EngineRequestException(code, message);

/// <summary>The unified form has errors; nothing was stored.</summary>
public sealed class FormRejectedException(IReadOnlyList<FieldError> errors)
    : EngineRequestException("form.invalid", $"The form has {errors.Count} error(s).")
{
    public IReadOnlyList<FieldError> Errors { get; } = errors;
}

/// <summary>
/// Values a person gave for a step (corrected inputs, hand-entered outputs) fail the action's contract; nothing
/// changed. Paths are "inputs.x" / "outputs.y".
/// </summary>
public sealed class ValuesRejectedException(IReadOnlyList<FieldError> errors)
    : EngineRequestException("values.invalid", $"{errors.Count} value(s) do not pass the action's contract; nothing changed.")
{
    public IReadOnlyList<FieldError> Errors { get; } = errors;
}

/// <summary>Skipping the step would leave later steps without a required input; the caller must give its outputs or cascade.</summary>
public sealed class SkipAffectsLaterStepsException(string stepId, IReadOnlyList<string> affected)
    : EngineRequestException("skip.affects-later-steps", $"Later steps need the outputs of '{stepId}': {string.Join(", ", affected)}. Complete it by hand with its outputs, or skip with cascade to skip them too.")
{
    public IReadOnlyList<string> Affected { get; } = affected;
}

/// <summary>A person's answer to a bot's question is not acceptable (empty, too long); nothing changed.</summary>
public sealed class QuestionAnswerRejectedException(string message) : EngineRequestException("question.answer-invalid", message);
