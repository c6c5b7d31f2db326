using System.Text.Json.Nodes;

namespace RpaRunner.Designer.Design;

/// <summary>
/// What changed between two versions of a bundle, as a list of leaf changes with readable paths. Lists
/// of things with an id (steps, sections, fields, rules, options) are matched by id, so moving a step or
/// inserting a field does not show everything after it as changed.
/// </summary>
public static class BundleDiff
{
    public static IReadOnlyList<DiffEntry> Compare(string? oldJson, string? newJson) =>
        Compare(oldJson is null ? null : JsonNode.Parse(oldJson), newJson is null ? null : JsonNode.Parse(newJson));

    public static IReadOnlyList<DiffEntry> Compare(JsonNode? oldNode, JsonNode? newNode)
    {
        var entries = new List<DiffEntry>();
        Walk(string.Empty, oldNode, newNode, entries);
        return entries;
    }

    private static void Walk(string path, JsonNode? a, JsonNode? b, List<DiffEntry> entries)
    {
        if (JsonNode.DeepEquals(a, b))
        {
            return;
        }

        switch (a, b)
        {
            case (null, not null):
                entries.Add(new DiffEntry(path, DiffKind.Added, null, Text(b)));
                return;
            case (not null, null):
                entries.Add(new DiffEntry(path, DiffKind.Removed, Text(a), null));
                return;
            case (JsonObject oa, JsonObject ob):
                foreach (var key in oa.Select(p => p.Key).Union(ob.Select(p => p.Key)))
                {
                    // "version" always differs between two versions; it is the subject of the diff, not a change in it.
                    if (path.Length == 0 && key == "version")
                    {
                        continue;
                    }

                    Walk(Join(path, key), oa[key], ob[key], entries);
                }

                return;
            case (JsonArray xa, JsonArray xb) when IsKeyed(xa) && IsKeyed(xb):
                var left = xa.ToDictionary(Key, StringComparer.Ordinal);
                var right = xb.ToDictionary(Key, StringComparer.Ordinal);
                foreach (var key in left.Keys.Concat(right.Keys.Where(k => !left.ContainsKey(k))))
                {
                    Walk($"{path}[{key}]", left.GetValueOrDefault(key), right.GetValueOrDefault(key), entries);
                }

                var orderA = left.Keys.Where(right.ContainsKey).ToList();
                var orderB = right.Keys.Where(left.ContainsKey).ToList();
                if (!orderA.SequenceEqual(orderB))
                {
                    entries.Add(new DiffEntry(path, DiffKind.Reordered, string.Join(", ", orderA), string.Join(", ", orderB)));
                }

                return;
            default:
                entries.Add(new DiffEntry(path, DiffKind.Changed, Text(a), Text(b)));
                return;
        }
    }

    private static bool IsKeyed(JsonArray array)
    {
        if (array.Count == 0 || !array.All(n => n is JsonObject o && (o["id"] ?? o["code"]) is JsonValue))
        {
            return false;
        }

        return array.Select(Key).Distinct(StringComparer.Ordinal).Count() == array.Count;
    }

    private static string Key(JsonNode? node) => (node!["id"] ?? node["code"])!.ToString();

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    private static string Text(JsonNode? node) => node switch
    {
        null => "null",
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => node.ToJsonString(Workflows.Model.JsonDefaults.Options),
    };
}

public enum DiffKind
{
    Added,
    Removed,
    Changed,
    Reordered,
}

public sealed record DiffEntry(string Path, DiffKind Kind, string? Old, string? New);
