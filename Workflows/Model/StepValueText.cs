using System.Text.Json.Nodes;

namespace RpaRunner.Workflows.Model;

/// <summary>How a value of a case (a form field, a step's output) is handed to a department system: as text.</summary>
public static class StepValueText
{
    /// <summary>Strings as they are, booleans as "true"/"false", numbers and anything else as their JSON.</summary>
    public static string? Of(JsonNode? node) => node switch
    {
        null => null,
        JsonValue value when value.TryGetValue<string>(out var s) => s,
        JsonValue value when value.TryGetValue<bool>(out var b) => b ? "true" : "false",
        JsonValue value => value.ToJsonString(),
        _ => node.ToJsonString(),
    };
}
