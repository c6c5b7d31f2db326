using System.Text.Json.Nodes;
using RpaRunner.Workflows;
using RpaRunner.Workflows.Model;

namespace RpaRunner.Designer.Design;

/// <summary>
/// What discarding a draft throws away, against the version it was based on (or everything, for a new bundle):
/// the steps added, removed and changed (by their matters), and whether the form or the bundle's own settings changed.
/// </summary>
public sealed record DraftLoss(IReadOnlyList<LocalizedText> Added, IReadOnlyList<LocalizedText> Removed, IReadOnlyList<LocalizedText> Changed, bool FormChanged, bool SettingsChanged)
{
    public bool IsEmpty => Added.Count == 0 && Removed.Count == 0 && Changed.Count == 0 && !FormChanged && !SettingsChanged;

    public static DraftLoss Of(BundleDefinition draft, BundleDefinition? basedOn)
    {
        ArgumentNullException.ThrowIfNull(draft);
        if (basedOn is null)
        {
            return new([.. draft.Steps.Select(s => s.Matter)], [], [], draft.Form.Sections.Count > 0, true);
        }

        var added = draft.Steps.Where(s => basedOn.FindStep(s.Id) is null).Select(s => s.Matter).ToList();
        var removed = basedOn.Steps.Where(s => draft.FindStep(s.Id) is null).Select(s => s.Matter).ToList();
        var changed = draft.Steps.Where(s => basedOn.FindStep(s.Id) is { } old && !Same(old, s)).Select(s => s.Matter).ToList();
        var settings = JsonOf(draft);
        var oldSettings = JsonOf(basedOn);
        foreach (var node in new[] { settings, oldSettings })
        {
            node.Remove("steps");
            node.Remove("form");
            node.Remove("version");
        }

        return new(added, removed, changed, !Same(draft.Form, basedOn.Form), !JsonNode.DeepEquals(settings, oldSettings));
    }

    private static bool Same<T>(T a, T b) => JsonNode.DeepEquals(
        System.Text.Json.JsonSerializer.SerializeToNode(a, JsonDefaults.Options),
        System.Text.Json.JsonSerializer.SerializeToNode(b, JsonDefaults.Options));

    private static JsonObject JsonOf(BundleDefinition bundle) => JsonNode.Parse(DraftEditor.ToJson(bundle))!.AsObject();
}
