using System.Text.Json;
using System.Text.RegularExpressions;
using RpaRunner.Workflows.Catalog;
using RpaRunner.Workflows.Model;

namespace RpaRunner.Designer.Design;

/// <summary>
/// The bundle a designer is editing, with its canvas layout and undo/redo. Every change goes through
/// <see cref="Change"/>, which keeps a snapshot first, so the canvas, the property panel and the form
/// builder all undo the same way. The canvas only shows this model; it never owns state.
/// </summary>
public sealed partial class DraftEditor
{
    private const int MaxUndo = 200;
    private const int ColumnWidth = 240;
    private const int RowHeight = 110;
    private readonly Stack<Snapshot> _undo = new();
    private readonly Stack<Snapshot> _redo = new();

    public DraftEditor(BundleDefinition bundle, IReadOnlyDictionary<string, NodePosition>? layout, SystemCatalog systems)
    {
        Bundle = bundle;
        Systems = systems;
        Layout = layout is null ? [] : new Dictionary<string, NodePosition>(layout, StringComparer.Ordinal);
        if (Bundle.Steps.Any(s => !Layout.ContainsKey(s.Id)))
        {
            AutoLayoutInPlace();
        }
    }

    public BundleDefinition Bundle { get; private set; }

    public SystemCatalog Systems { get; }

    public Dictionary<string, NodePosition> Layout { get; private set; }

    public bool CanUndo => _undo.Count > 0;

    public bool CanRedo => _redo.Count > 0;

    /// <summary>Raised after every change, undo and redo (the page saves the draft and redraws).</summary>
    public event Action? Changed;

    public string Json => ToJson(Bundle);

    public string LayoutJson => JsonSerializer.Serialize(Layout, JsonDefaults.Options);

    /// <summary>The risks of the draft as it is now (a step on a system that cannot be searched): shown on its steps, never blocking a publish.</summary>
    public IReadOnlyList<BundleWarning> Warnings => new BundleValidator(Systems).Warnings(Bundle);

    public IEnumerable<BundleWarning> WarningsOf(string stepId) => Warnings.Where(w => w.StepId == stepId);

    public static string ToJson(BundleDefinition bundle) => JsonSerializer.Serialize(bundle, JsonDefaults.Options);

    public static BundleDefinition FromJson(string json) =>
        JsonSerializer.Deserialize<BundleDefinition>(json, JsonDefaults.Options) ?? throw new JsonException("The draft holds no bundle.");

    public static Dictionary<string, NodePosition> LayoutFromJson(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize<Dictionary<string, NodePosition>>(json, JsonDefaults.Options) ?? [];

    /// <summary>Applies a change, keeping what was before for undo.</summary>
    public void Change(Action<BundleDefinition> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        Remember();
        change(Bundle);
        Changed?.Invoke();
    }

    public void Undo()
    {
        if (_undo.TryPop(out var previous))
        {
            _redo.Push(Take());
            Restore(previous);
        }
    }

    public void Redo()
    {
        if (_redo.TryPop(out var next))
        {
            _undo.Push(Take());
            Restore(next);
        }
    }

    // ───────────────────────────── steps on the canvas ─────────────────────────────

    /// <summary>Adds a step for a department-system action where it was dropped; maps inputs whose names match form fields.</summary>
    public StepDefinition AddStep(string actionId, double x, double y)
    {
        var (system, action) = FindAction(actionId) ?? throw new ArgumentException($"Unknown action '{actionId}'.", nameof(actionId));
        var id = UniqueStepId(action.Id[(action.Id.LastIndexOf('.') + 1)..]);
        var step = new StepDefinition
        {
            Id = id,
            Matter = action.Name,
            Department = system.Department,
            System = system.Id,
            Action = action.Id,
            Outputs = [.. action.OutputIds],
        };
        foreach (var input in action.InputIds)
        {
            if (GuessSource(input) is { } path)
            {
                step.Inputs[input] = InputSource.FromPath(path);
            }
        }

        Change(b =>
        {
            b.Steps.Add(step);
            Layout[id] = new NodePosition(Math.Round(x), Math.Round(y));
        });
        return step;
    }

    public void RemoveStep(string stepId) => Change(b =>
    {
        b.Steps.RemoveAll(s => s.Id == stepId);
        foreach (var other in b.Steps)
        {
            other.DependsOn.Remove(stepId);
        }

        Layout.Remove(stepId);
    });

    /// <summary>Makes <paramref name="target"/> wait for <paramref name="source"/>; refused (false) when that would close a cycle.</summary>
    public bool Connect(string source, string target)
    {
        var to = Bundle.FindStep(target);
        if (source == target || to is null || Bundle.FindStep(source) is null || to.DependsOn.Contains(source) || Ancestors(source).Contains(target))
        {
            return false;
        }

        Change(_ => to.DependsOn.Add(source));
        return true;
    }

    public void Disconnect(string source, string target)
    {
        if (Bundle.FindStep(target) is { } to && to.DependsOn.Contains(source))
        {
            Change(_ => to.DependsOn.Remove(source));
        }
    }

    public void Move(string stepId, double x, double y)
    {
        var position = new NodePosition(Math.Round(x), Math.Round(y));
        if (Layout.GetValueOrDefault(stepId) != position)
        {
            Change(_ => Layout[stepId] = position);
        }
    }

    /// <summary>Renames a step and every reference to it (dependencies, mappings, conditions).</summary>
    public bool RenameStep(string oldId, string newId)
    {
        if (oldId == newId || !StepIdShape().IsMatch(newId) || Bundle.FindStep(newId) is not null || Bundle.FindStep(oldId) is not { } step)
        {
            return false;
        }

        Change(b =>
        {
            step.Id = newId;
            foreach (var other in b.Steps)
            {
                for (var i = 0; i < other.DependsOn.Count; i++)
                {
                    other.DependsOn[i] = other.DependsOn[i] == oldId ? newId : other.DependsOn[i];
                }

                foreach (var (name, source) in other.Inputs.ToList())
                {
                    if (source.Path is { } path && path.StartsWith($"steps.{oldId}.", StringComparison.Ordinal))
                    {
                        other.Inputs[name] = source with { Path = $"steps.{newId}.{path[($"steps.{oldId}.").Length..]}" };
                    }
                }
            }

            if (Layout.Remove(oldId, out var position))
            {
                Layout[newId] = position;
            }
        });
        return true;
    }

    /// <summary>Places the steps in rows by dependency depth (a layered layout, top to bottom).</summary>
    public void AutoLayout() => Change(_ => AutoLayoutInPlace());

    /// <summary>Every step that must finish before <paramref name="stepId"/> can run (its dependencies, transitively).</summary>
    public HashSet<string> Ancestors(string stepId)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>(Bundle.FindStep(stepId)?.DependsOn ?? []);
        while (queue.TryDequeue(out var id))
        {
            if (seen.Add(id) && Bundle.FindStep(id) is { } step)
            {
                foreach (var d in step.DependsOn)
                {
                    queue.Enqueue(d);
                }
            }
        }

        return seen;
    }

    public (DepartmentSystem System, SystemAction Action)? FindAction(string actionId)
    {
        foreach (var system in Systems.Systems)
        {
            if (system.Actions.Find(a => a.Id == actionId) is { } action)
            {
                return (system, action);
            }
        }

        return null;
    }

    private void AutoLayoutInPlace()
    {
        var depth = new Dictionary<string, int>(StringComparer.Ordinal);
        int Depth(string id, HashSet<string> path)
        {
            if (depth.TryGetValue(id, out var known))
            {
                return known;
            }

            var step = Bundle.FindStep(id);
            if (step is null || !path.Add(id))
            {
                return 0; // unknown step or a cycle: validation reports it; the layout just goes on.
            }

            var d = step.DependsOn.Count == 0 ? 0 : step.DependsOn.Max(p => Depth(p, path) + 1);
            path.Remove(id);
            depth[id] = d;
            return d;
        }

        foreach (var step in Bundle.Steps)
        {
            Depth(step.Id, []);
        }

        var rows = Bundle.Steps.GroupBy(s => depth[s.Id]).ToList();
        var widest = rows.Count == 0 ? 0 : rows.Max(r => r.Count());
        foreach (var row in rows)
        {
            // Each row is centred under the widest one, so the flow reads down the middle.
            var x = 40 + ((widest - row.Count()) * ColumnWidth / 2.0);
            foreach (var step in row)
            {
                Layout[step.Id] = new NodePosition(x, 40 + (row.Key * RowHeight));
                x += ColumnWidth;
            }
        }
    }

    private string? GuessSource(string input)
    {
        foreach (var section in Bundle.Form.Sections)
        {
            if (section.Fields.Exists(f => f.Id == input))
            {
                return $"form.{section.Id}.{input}";
            }
        }

        return null;
    }

    private string UniqueStepId(string stem)
    {
        stem = StepIdShape().IsMatch(stem) ? stem : "step";
        var id = stem;
        for (var i = 2; Bundle.FindStep(id) is not null; i++)
        {
            id = stem + i;
        }

        return id;
    }

    private void Remember()
    {
        _undo.Push(Take());
        _redo.Clear();
        if (_undo.Count > MaxUndo)
        {
            var keep = _undo.Take(MaxUndo).Reverse().ToList();
            _undo.Clear();
            keep.ForEach(_undo.Push);
        }
    }

    private Snapshot Take() => new(Json, LayoutJson);

    private void Restore(Snapshot snapshot)
    {
        Bundle = FromJson(snapshot.Json);
        Layout = LayoutFromJson(snapshot.Layout);
        Changed?.Invoke();
    }

    [GeneratedRegex("^[a-zA-Z][a-zA-Z0-9]{0,63}$")]
    private static partial Regex StepIdShape();

    private sealed record Snapshot(string Json, string Layout);
}

/// <summary>Where a step sits on the canvas (top-left corner, canvas units).</summary>
public readonly record struct NodePosition(double X, double Y);
