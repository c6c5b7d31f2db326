using System.Text.Json.Nodes;
using RpaRunner.Workflows.Forms;
using RpaRunner.Workflows.Model;

namespace RpaRunner.Workflows.Catalog;

/// <summary>
/// Checks values against an action's typed contract with the unified form's validators: the values a person
/// types for a step (corrected inputs, hand-entered outputs) and the values a bot reads back from a department
/// system. Errors carry the paths "inputs.x" / "outputs.y" and the action's labels.
/// </summary>
public static class ActionContract
{
    /// <summary>
    /// Validates a step's inputs. Every field of the contract is checked on its own (required ones must be present),
    /// then the rules over inputs only. Returns the errors and the normalized values (IDs upper-cased, text trimmed).
    /// </summary>
    public static ContractCheck CheckInputs(SystemAction action, IReadOnlyDictionary<string, string?> inputs, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(action);
        var form = new FormDefinition
        {
            Sections = [InputsSection(action, action.Inputs)],
            Rules = [.. action.Rules.Where(r => !TouchesOutputs(r))],
        };
        var result = FormValidator.Validate(form, new JsonObject { [SystemAction.InputsSection] = ToSection(action.Inputs, inputs) }, today);
        return new ContractCheck(result.Errors, FromSection(result.Normalized, SystemAction.InputsSection));
    }

    /// <summary>
    /// Validates the outputs of a step (read by a bot or typed by a person) together with the inputs they were made
    /// from, so the cross-checks hold (a child's ID number against the birth date and sex it was registered with).
    /// Only outputs are reported: the inputs were checked when they were set. Outputs the contract does not know are errors.
    /// </summary>
    public static ContractCheck CheckOutputs(SystemAction action, IReadOnlyDictionary<string, string?> inputs, IReadOnlyDictionary<string, string?> outputs, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(outputs);
        var lenientInputs = action.Inputs.Select(Optional).ToList();
        var form = new FormDefinition
        {
            Sections = [InputsSection(action, lenientInputs), OutputsSection(action)],
            Rules = [.. action.Rules],
        };
        var data = new JsonObject
        {
            [SystemAction.InputsSection] = ToSection(action.Inputs, inputs),
            [SystemAction.OutputsSection] = ToSection(action.Outputs, outputs, keepUnknown: true),
        };
        var result = FormValidator.Validate(form, data, today);
        // A rule reports at its first field, so a cross-check over an output names the output first (idField).
        var errors = result.Errors.Where(e => e.Path.StartsWith(SystemAction.OutputsSection + ".", StringComparison.Ordinal)).ToList();
        return new ContractCheck(errors, FromSection(result.Normalized, SystemAction.OutputsSection));
    }

    /// <summary>
    /// Problems of an action's contract itself (duplicate ids, bad bounds or patterns, rules naming fields that do not
    /// exist), as the form's definition checker reports them; a contract with any would refuse every value.
    /// </summary>
    public static IReadOnlyList<FieldError> DefinitionProblems(SystemAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        // An action may return nothing (a registration the system confirms without a number): no outputs section then.
        var form = new FormDefinition
        {
            Sections = [InputsSection(action, action.Inputs), .. action.Outputs.Count > 0 ? [OutputsSection(action)] : Array.Empty<FormSection>()],
            Rules = [.. action.Rules],
        };
        return form.CheckDefinition();
    }

    /// <summary>The field of a contract error ("inputs.x" / "outputs.y"), or null.</summary>
    public static string? FieldId(FieldError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var dot = error.Path.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? null : error.Path[(dot + 1)..];
    }

    private static bool TouchesOutputs(FormRule rule) =>
        new[] { rule.Field, rule.IdField, rule.DateField, rule.SexField, rule.Earlier, rule.Later, rule.AtField }
            .Concat(rule.Fields ?? [])
            .Any(p => p?.StartsWith(SystemAction.OutputsSection + ".", StringComparison.Ordinal) == true);

    private static FormField Optional(FormField field) => new()
    {
        Id = field.Id,
        Label = field.Label,
        Type = field.Type,
        Required = false,
        MinLength = field.MinLength,
        MaxLength = field.MaxLength,
        Pattern = field.Pattern,
        Min = field.Min,
        Max = field.Max,
        Options = field.Options,
    };

    private static FormSection InputsSection(SystemAction action, List<FormField> fields) =>
        new() { Id = SystemAction.InputsSection, Title = action.Name, Fields = fields };

    private static FormSection OutputsSection(SystemAction action) =>
        new() { Id = SystemAction.OutputsSection, Title = new LocalizedText($"{action.Name.Zh}结果", $"{action.Name.En} result"), Fields = action.Outputs };

    /// <summary>Step values are text; the form's validators take booleans as JSON booleans, the rest as strings.</summary>
    private static JsonObject ToSection(List<FormField> fields, IReadOnlyDictionary<string, string?> values, bool keepUnknown = false)
    {
        var section = new JsonObject();
        foreach (var (key, value) in values)
        {
            var field = fields.Find(f => string.Equals(f.Id, key, StringComparison.Ordinal));
            if (field is null && !keepUnknown)
            {
                continue;
            }

            section[key] = value is null ? null
                : field?.Type == FieldType.Boolean && bool.TryParse(value, out var flag) ? JsonValue.Create(flag)
                : JsonValue.Create(value);
        }

        return section;
    }

    private static Dictionary<string, string?> FromSection(JsonObject normalized, string section)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (normalized[section] is JsonObject fields)
        {
            foreach (var (key, node) in fields)
            {
                values[key] = StepValueText.Of(node);
            }
        }

        return values;
    }
}

/// <summary>The outcome of a contract check: errors with "inputs.x" / "outputs.y" paths, and the normalized values.</summary>
public sealed record ContractCheck(IReadOnlyList<FieldError> Errors, IReadOnlyDictionary<string, string?> Normalized)
{
    public bool IsValid => Errors.Count == 0;
}
