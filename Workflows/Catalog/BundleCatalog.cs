using System.Collections.Concurrent;
using RpaRunner.Workflows.Model;

namespace RpaRunner.Workflows.Catalog;

/// <summary>
/// Every bundle version the runner knows, keyed by (id, version). Loaded from the bundles shipped in
/// Workflows/Bundles and from an optional folder of the operator's; each file is validated on load, so
/// a broken bundle never reaches a clerk.
/// </summary>
public sealed class BundleCatalog
{
    private readonly ConcurrentDictionary<(string Id, int Version), BundleDefinition> _bundles = new();
    private readonly ConcurrentDictionary<(string Id, int Version), string> _sources = new();

    public BundleCatalog(SystemCatalog systems) => Systems = systems;

    public SystemCatalog Systems { get; }

    public IEnumerable<BundleDefinition> Latest =>
        _bundles.Values.GroupBy(b => b.Id).Select(g => g.MaxBy(b => b.Version)!).OrderBy(b => b.Id, StringComparer.Ordinal);

    public IEnumerable<BundleDefinition> Versions(string id) =>
        _bundles.Values.Where(b => b.Id == id).OrderBy(b => b.Version);

    public BundleDefinition? Find(string id, int? version = null) =>
        version is { } v ? _bundles.GetValueOrDefault((id, v)) : _bundles.Values.Where(b => b.Id == id).MaxBy(b => b.Version);

    /// <summary>The JSON text the bundle version was loaded from, as stored and pinned by cases.</summary>
    public string? SourceOf(string id, int version) => _sources.GetValueOrDefault((id, version));

    /// <summary>Adds one bundle file's text; throws with every problem when it is not valid.</summary>
    public BundleDefinition Add(string json, string origin)
    {
        var problems = new BundleValidator(Systems).Validate(json, out var bundle);
        if (problems.Count > 0 || bundle is null)
        {
            throw new InvalidBundleException(origin, problems);
        }

        var key = (bundle.Id, bundle.Version);
        if (_sources.TryGetValue(key, out var existing) && !SameContent(existing, json))
        {
            throw new InvalidBundleException(origin, [new BundleProblem("$.version", $"bundle '{bundle.Id}' version {bundle.Version} is already known with other content; publish a new version instead",
                new($"“{bundle.Name.Zh}”第 {bundle.Version} 版已存在且内容不同，请发布新版本", $"Version {bundle.Version} of “{bundle.Name.En}” already exists with other content; publish a new version"))]);
        }

        _bundles[key] = bundle;
        _sources[key] = json;
        return bundle;
    }

    public static BundleCatalog LoadEmbedded(SystemCatalog? systems = null, string? extraFolder = null)
    {
        var catalog = new BundleCatalog(systems ?? SystemCatalog.LoadEmbedded());
        var assembly = typeof(BundleCatalog).Assembly;
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("Bundles/", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            catalog.Add(reader.ReadToEnd(), name);
        }

        if (extraFolder is not null && Directory.Exists(extraFolder))
        {
            foreach (var file in Directory.EnumerateFiles(extraFolder, "*.json").Order(StringComparer.Ordinal))
            {
                catalog.Add(File.ReadAllText(file), file);
            }
        }

        return catalog;
    }

    private static bool SameContent(string a, string b) =>
        System.Text.Json.Nodes.JsonNode.DeepEquals(System.Text.Json.Nodes.JsonNode.Parse(a), System.Text.Json.Nodes.JsonNode.Parse(b));
}

public sealed class InvalidBundleException(string origin, IReadOnlyList<BundleProblem> problems)
    : Exception($"Bundle {origin} is not valid:{Environment.NewLine}{string.Join(Environment.NewLine, problems.Select(p => "  " + p))}")
{
    public string Origin { get; } = origin;

    public IReadOnlyList<BundleProblem> Problems { get; } = problems;
}
