using System.Text.Json;
using System.Text.Json.Nodes;
using RpaRunner.Workflows.Model;
using RpaRunner.Workflows.Privacy;

namespace RpaRunner.Workflows.Audit;

/// <summary>
/// The one gate between an audit row's details and the trail: every string in the details — a person's reason or
/// note, a department system's message, anything a caller did not think to mask — is masked for ID numbers, mobile
/// numbers and bank cards, and for the names known from the case's form, before the row is written. The trail is
/// chained and cannot be cleaned later, so nothing personal may enter it in clear.
/// </summary>
public static class AuditDetailMasking
{
    /// <summary>The details as the trail stores them (masked), and as written when masking changed them (else null).</summary>
    public static (string? Masked, string? Original) Mask(object? detail, IEnumerable<string> knownNames)
    {
        if (detail is null)
        {
            return (null, null);
        }

        var node = detail as JsonNode ?? JsonSerializer.SerializeToNode(detail, JsonDefaults.Options);
        var original = node?.ToJsonString(JsonDefaults.Options) ?? "null";
        var names = knownNames as IReadOnlyCollection<string> ?? [.. knownNames];
        var changed = MaskStrings(node, names);
        return changed ? (node!.ToJsonString(JsonDefaults.Options), original) : (original, null);
    }

    /// <summary>Masks every string value in place; true when any changed.</summary>
    private static bool MaskStrings(JsonNode? node, IReadOnlyCollection<string> names)
    {
        var changed = false;
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj.ToList())
                {
                    changed |= MaskChild(child, masked => obj[key] = masked, names);
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    var index = i;
                    changed |= MaskChild(array[i], masked => array[index] = masked, names);
                }

                break;
        }

        return changed;
    }

    /// <summary>A string child is masked and put back with <paramref name="replace"/>; any other child is walked.</summary>
    private static bool MaskChild(JsonNode? child, Action<string> replace, IReadOnlyCollection<string> names)
    {
        if (child is not JsonValue value || !value.TryGetValue<string>(out var text))
        {
            return MaskStrings(child, names);
        }

        var masked = PersonalDataMasker.MaskText(text, names);
        if (string.Equals(masked, text, StringComparison.Ordinal))
        {
            return false;
        }

        replace(masked);
        return true;
    }
}
