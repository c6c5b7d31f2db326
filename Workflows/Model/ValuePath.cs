using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;

namespace RpaRunner.Workflows.Model;

/// <summary>
/// A reference to a value of a case: <c>form.section.field</c> or <c>steps.stepId.output</c>.
/// The plain path syntax is enough for mappings and conditions and can be checked before publish.
/// </summary>
public readonly record struct ValuePath(ValueSource Source, string Owner, string Name)
{
    public static bool TryParse(string? text, [NotNullWhen(true)] out ValuePath? path)
    {
        path = null;
        var parts = text?.Split('.');
        if (parts is not { Length: 3 } || parts.Any(string.IsNullOrWhiteSpace))
        {
            return false;
        }

        ValueSource? source = parts[0] switch
        {
            "form" => ValueSource.Form,
            "steps" => ValueSource.Step,
            _ => null,
        };
        if (source is null)
        {
            return false;
        }

        path = new ValuePath(source.Value, parts[1], parts[2]);
        return true;
    }

    /// <summary>The form-field path as forms know it (<c>section.field</c>).</summary>
    public string FieldPath => $"{Owner}.{Name}";

    public JsonNode? Resolve(CaseValues values) => Source switch
    {
        ValueSource.Form => (values.Form[Owner] as JsonObject)?[Name],
        _ => values.Outputs.TryGetValue(Owner, out var outputs) ? outputs[Name] : null,
    };

    public override string ToString() => $"{(Source == ValueSource.Form ? "form" : "steps")}.{Owner}.{Name}";
}

public enum ValueSource
{
    Form,
    Step,
}

/// <summary>What a case knows at a moment: its form and the outputs of the steps done so far.</summary>
public sealed record CaseValues(JsonObject Form, IReadOnlyDictionary<string, JsonObject> Outputs);
