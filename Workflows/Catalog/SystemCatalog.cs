using System.Text.Json;
using RpaRunner.Workflows.Model;

namespace RpaRunner.Workflows.Catalog;

/// <summary>
/// The department systems bots can drive and the actions they offer. The shipped ones (Workflows/Systems/systems.json)
/// are version 1 of each system; a designer adds or changes a system as data (<see cref="SystemPackage"/>), and
/// <see cref="Put"/> replaces it here while the runner runs — readers always see one whole catalog, never half a change.
/// </summary>
public sealed class SystemCatalog
{
    /// <summary>The version of a system as shipped with RpaRunner (or read from the catalog folder at start).</summary>
    public const int ShippedVersion = 1;

    private readonly Lock _gate = new();
    private volatile Snapshot _snapshot;

    public SystemCatalog(IEnumerable<DepartmentSystem> systems) =>
        _snapshot = Snapshot.Of(systems.Select(s => (s, ShippedVersion)));

    public IReadOnlyCollection<DepartmentSystem> Systems => _snapshot.Systems.Values;

    public DepartmentSystem? FindSystem(string id) => _snapshot.Systems.GetValueOrDefault(id);

    public SystemAction? FindAction(string actionId) =>
        _snapshot.Actions.TryGetValue(actionId, out var found) ? found.Action : null;

    /// <summary>The system that offers an action; null when no system does.</summary>
    public DepartmentSystem? SystemOf(string actionId) =>
        _snapshot.Actions.TryGetValue(actionId, out var found) ? found.System : null;

    /// <summary>The version of a system this catalog holds: <see cref="ShippedVersion"/> as shipped, higher once published; 0 for an unknown system.</summary>
    public int VersionOf(string systemId) => _snapshot.Versions.GetValueOrDefault(systemId);

    /// <summary>
    /// Adds a system or replaces it with a newer version (a version this catalog holds already, or an older one, is
    /// ignored: another runner's publish may arrive twice). Returns true when the catalog changed.
    /// </summary>
    public bool Put(DepartmentSystem system, int version)
    {
        ArgumentNullException.ThrowIfNull(system);
        lock (_gate)
        {
            var current = _snapshot;
            if (current.Versions.GetValueOrDefault(system.Id) >= version)
            {
                return false;
            }

            var owner = system.Actions.Select(a => current.Actions.GetValueOrDefault(a.Id).System).FirstOrDefault(s => s is not null && s.Id != system.Id);
            if (owner is not null)
            {
                throw new InvalidOperationException($"An action of system {system.Id} belongs to system {owner.Id} already.");
            }

            _snapshot = Snapshot.Of(current.Systems.Values.Where(s => s.Id != system.Id).Select(s => (s, current.Versions[s.Id])).Append((system, version)));
            return true;
        }
    }

    /// <summary>This catalog with one system added or replaced, for checking a change before it is published; this one is left as it is.</summary>
    public SystemCatalog With(DepartmentSystem system)
    {
        var current = _snapshot;
        return new SystemCatalog([])
        {
            _snapshot = Snapshot.Of(current.Systems.Values.Where(s => s.Id != system.Id).Select(s => (s, current.Versions[s.Id])).Append((system, current.Versions.GetValueOrDefault(system.Id) + 1))),
        };
    }

    /// <summary>The catalog shipped with RpaRunner.</summary>
    public static SystemCatalog LoadEmbedded()
    {
        using var stream = typeof(SystemCatalog).Assembly.GetManifestResourceStream("Systems/systems.json")
            ?? throw new InvalidOperationException("The embedded system catalog is missing.");
        var document = JsonSerializer.Deserialize<SystemCatalogDocument>(stream, JsonDefaults.Options)
            ?? throw new InvalidOperationException("The embedded system catalog is empty.");
        return new SystemCatalog(document.Systems);
    }

    private sealed record Snapshot(
        Dictionary<string, DepartmentSystem> Systems,
        Dictionary<string, (DepartmentSystem System, SystemAction Action)> Actions,
        Dictionary<string, int> Versions)
    {
        public static Snapshot Of(IEnumerable<(DepartmentSystem System, int Version)> systems)
        {
            var list = systems.ToList();
            return new(
                list.ToDictionary(s => s.System.Id, s => s.System, StringComparer.Ordinal),
                list.SelectMany(s => s.System.Actions.Select(a => (s.System, Action: a))).ToDictionary(x => x.Action.Id, x => (x.System, x.Action), StringComparer.Ordinal),
                list.ToDictionary(s => s.System.Id, s => s.Version, StringComparer.Ordinal));
        }
    }
}
