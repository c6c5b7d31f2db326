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
