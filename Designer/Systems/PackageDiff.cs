using System.Text.Json.Nodes;

namespace RpaRunner.Designer.Systems;

/// <summary>What changed between two versions of a system package, path by path ("system.actions[0].inputs[2].label.zh").</summary>
public static class PackageDiff
{
    public static IReadOnlyList<PackageChange> Between(string beforeJson, string afterJson)
    {
        var changes = new List<PackageChange>();
        Compare(string.Empty, JsonNode.Parse(beforeJson), JsonNode.Parse(afterJson), changes);
        return changes;
    }

    private static void Compare(string path, JsonNode? before, JsonNode? after, List<PackageChange> changes)
    {
        if (JsonNode.DeepEquals(before, after))
        {
            return;
        }

        switch (before, after)
        {
            case (JsonObject a, JsonObject b):
                foreach (var key in a.Select(p => p.Key).Union(b.Select(p => p.Key)).Order(StringComparer.Ordinal))
                {
                    Compare(Join(path, key), a[key], b[key], changes);
                }

                break;
            case (JsonArray a, JsonArray b):
                for (var i = 0; i < Math.Max(a.Count, b.Count); i++)
                {
                    Compare($"{path}[{i}]", i < a.Count ? a[i] : null, i < b.Count ? b[i] : null, changes);
                }

                break;
            default:
                changes.Add(new PackageChange(
                    path.Length == 0 ? "$" : path,
                    before is null ? PackageChangeKind.Added : after is null ? PackageChangeKind.Removed : PackageChangeKind.Changed,
                    before?.ToJsonString(),
                    after?.ToJsonString()));
                break;
        }
    }

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";
}

public enum PackageChangeKind
{
    Added,
    Removed,
    Changed,
}

public sealed record PackageChange(string Path, PackageChangeKind Kind, string? Before, string? After);
