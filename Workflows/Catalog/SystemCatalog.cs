using System.Text.Json;
using RpaRunner.Workflows.Model;

namespace RpaRunner.Workflows.Catalog;

/// <summary>The department systems bots can drive and the actions they offer (Workflows/Systems/systems.json).</summary>
public sealed class SystemCatalog
{
    private readonly Dictionary<string, DepartmentSystem> _systems;
    private readonly Dictionary<string, (DepartmentSystem System, SystemAction Action)> _actions;

    public SystemCatalog(IEnumerable<DepartmentSystem> systems)
    {
        _systems = systems.ToDictionary(s => s.Id, StringComparer.Ordinal);
        _actions = _systems.Values
            .SelectMany(s => s.Actions.Select(a => (System: s, Action: a)))
            .ToDictionary(x => x.Action.Id, StringComparer.Ordinal);
    }

    public IReadOnlyCollection<DepartmentSystem> Systems => _systems.Values;

    public DepartmentSystem? FindSystem(string id) => _systems.GetValueOrDefault(id);

    public SystemAction? FindAction(string actionId) =>
        _actions.TryGetValue(actionId, out var found) ? found.Action : null;

    /// <summary>The catalog shipped with RpaRunner.</summary>
    public static SystemCatalog LoadEmbedded()
    {
        using var stream = typeof(SystemCatalog).Assembly.GetManifestResourceStream("Systems/systems.json")
            ?? throw new InvalidOperationException("The embedded system catalog is missing.");
        var document = JsonSerializer.Deserialize<SystemCatalogDocument>(stream, JsonDefaults.Options)
            ?? throw new InvalidOperationException("The embedded system catalog is empty.");
        return new SystemCatalog(document.Systems);
    }
}
