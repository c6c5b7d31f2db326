using RpaRunner.Workflows.Catalog;
using RpaRunner.Workflows.Model;

namespace RpaRunner.Designer.Design;

/// <summary>
/// The problems <see cref="BundleValidator"/> found in a draft, placed where the designer can fix them:
/// on a step's node (<c>$.steps[i]…</c>), on a form field (<c>$.form.sections[s].fields[f]…</c>), or on the
/// bundle as a whole.
/// </summary>
public sealed class DraftProblems
{
    private readonly Dictionary<string, List<BundleProblem>> _byStep = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<BundleProblem>> _byField = new(StringComparer.Ordinal);

    public DraftProblems(IReadOnlyList<BundleProblem> problems, BundleDefinition bundle)
    {
        All = problems;
        foreach (var problem in problems)
        {
            var step = BundlePaths.Step().Match(problem.Path);
            if (step.Success && int.TryParse(step.Groups[1].ValueSpan, out var i) && i < bundle.Steps.Count)
            {
                Add(_byStep, bundle.Steps[i].Id, problem);
                continue;
            }

            var field = BundlePaths.FormField().Match(problem.Path);
            if (field.Success && int.TryParse(field.Groups[1].ValueSpan, out var s) && s < bundle.Form.Sections.Count)
            {
                var section = bundle.Form.Sections[s];
                var key = section.Id;
                if (field.Groups[2].Success && int.TryParse(field.Groups[2].ValueSpan, out var f) && f < section.Fields.Count)
                {
                    key = $"{section.Id}.{section.Fields[f].Id}";
                }

                Add(_byField, key, problem);
                continue;
            }

            General.Add(problem);
        }
    }

    public static DraftProblems None { get; } = new([], new BundleDefinition { Id = "none", Version = 1, Name = new("无", "none"), CasePrefix = "NO", Form = new() });

    public IReadOnlyList<BundleProblem> All { get; }

    /// <summary>Problems of the bundle itself, of the form's rules, or anywhere not tied to one step or field.</summary>
    public List<BundleProblem> General { get; } = [];

    public bool IsEmpty => All.Count == 0;

    public IReadOnlyList<BundleProblem> OfStep(string stepId) => _byStep.GetValueOrDefault(stepId) ?? [];

    /// <summary>Problems of a field ("section.field") or a whole section ("section").</summary>
    public IReadOnlyList<BundleProblem> OfField(string path) => _byField.GetValueOrDefault(path) ?? [];

    public IEnumerable<string> StepsWithProblems => _byStep.Keys;

    /// <summary>Validates the draft as the catalog will on publish.</summary>
    public static DraftProblems Check(BundleDefinition bundle, SystemCatalog systems)
    {
        var problems = new BundleValidator(systems).Validate(DraftEditor.ToJson(bundle), out _);
        return new DraftProblems(problems, bundle);
    }

    private static void Add(Dictionary<string, List<BundleProblem>> map, string key, BundleProblem problem)
    {
        if (!map.TryGetValue(key, out var list))
        {
            list = [];
            map[key] = list;
        }

        list.Add(problem);
    }
}
