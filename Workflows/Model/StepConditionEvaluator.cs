using System.Text.Json;
using System.Text.Json.Nodes;

namespace RpaRunner.Workflows.Model;

/// <summary>Evaluates a step's condition against the values of a case.</summary>
public static class StepConditionEvaluator
{
    public static bool Holds(StepCondition? condition, CaseValues values)
    {
        if (condition is null)
        {
            return true;
        }

        if (condition.All is { } all && !all.TrueForAll(c => Holds(c, values)))
        {
            return false;
        }

        if (condition.Any is { Count: > 0 } any && !any.Exists(c => Holds(c, values)))
        {
            return false;
        }

        if (condition.Not is { } not && Holds(not, values))
        {
            return false;
        }

        if (condition.Path is null)
        {
            return true;
        }

        var value = ValuePath.TryParse(condition.Path, out var path) ? path.Value.Resolve(values) : null;
        if (condition.EqualTo is { } expected && !SameValue(value, expected))
        {
            return false;
        }

        if (condition.In is { } options && !options.Exists(o => SameValue(value, o)))
        {
            return false;
        }

        if (condition.NotEmpty is true && IsEmpty(value))
        {
            return false;
        }

        return true;
    }

    private static bool IsEmpty(JsonNode? value) =>
        value is null || (value is JsonValue v && v.TryGetValue<string>(out var s) && string.IsNullOrWhiteSpace(s));

    private static bool SameValue(JsonNode? actual, JsonElement expected)
    {
        if (actual is null)
        {
            return expected.ValueKind == JsonValueKind.Null;
        }

        var actualElement = JsonSerializer.SerializeToElement(actual, JsonDefaults.Options);
        if (expected.ValueKind is JsonValueKind.True or JsonValueKind.False && actualElement.ValueKind == JsonValueKind.String)
        {
            // A step's outputs are kept as text: a boolean result reads "true" / "false".
            return bool.TryParse(actualElement.GetString(), out var flag) && flag == (expected.ValueKind == JsonValueKind.True);
        }

        return JsonElement.DeepEquals(actualElement, expected)
            || (actualElement.ValueKind != expected.ValueKind && actualElement.ToString() == expected.ToString());
    }
}
