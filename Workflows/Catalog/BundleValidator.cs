using System.Text.Json;
using NJsonSchema.Validation;
using RpaRunner.Workflows.Forms;
using RpaRunner.Workflows.Model;

namespace RpaRunner.Workflows.Catalog;

/// <summary>
/// Checks a bundle file before anyone runs it: the JSON Schema first, then what a schema cannot say —
/// unknown systems and actions, unknown or cyclic dependencies, mappings from fields or outputs that do
/// not exist (or from steps that are not guaranteed to have run), and steps that can never run.
/// Every problem carries its JSON path.
/// </summary>
public sealed class BundleValidator(SystemCatalog systems)
{
    public IReadOnlyList<BundleProblem> Validate(string json, out BundleDefinition? bundle)
    {
        bundle = null;
        var problems = new List<BundleProblem>();
        ICollection<ValidationError> schemaErrors;
        try
        {
            schemaErrors = BundleSchema.Schema.Validate(json);
        }
        catch (Newtonsoft.Json.JsonException ex)
        {
            return [new BundleProblem("$", $"not valid JSON: {ex.Message}")];
        }

        problems.AddRange(SchemaErrors.Describe(schemaErrors).Select(e => new BundleProblem(e.Path, e.Message)));

        if (problems.Count > 0)
        {
            return problems;
        }

        try
        {
            bundle = JsonSerializer.Deserialize<BundleDefinition>(json, JsonDefaults.Options);
        }
        catch (JsonException ex)
        {
            return [new BundleProblem(ex.Path ?? "$", ex.Message)];
        }

        if (bundle is null)
        {
            return [new BundleProblem("$", "the file holds no bundle")];
        }

        problems.AddRange(ValidateSemantics(bundle));
        return problems;
    }

    public IReadOnlyList<BundleProblem> ValidateSemantics(BundleDefinition bundle)
    {
        var problems = new List<BundleProblem>();
        CheckForm(bundle.Form, problems);

        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < bundle.Steps.Count; i++)
        {
            if (!index.TryAdd(bundle.Steps[i].Id, i))
            {
                problems.Add(new($"$.steps[{i}].id", $"step id '{bundle.Steps[i].Id}' is used twice"));
            }
        }

        var broken = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < bundle.Steps.Count; i++)
        {
            var step = bundle.Steps[i];
            for (var d = 0; d < step.DependsOn.Count; d++)
            {
                if (!index.ContainsKey(step.DependsOn[d]))
                {
                    problems.Add(new($"$.steps[{i}].dependsOn[{d}]", $"unknown step '{step.DependsOn[d]}'"));
                    broken.Add(step.Id);
                }
            }
        }

        foreach (var cycle in FindCycles(bundle))
        {
            var i = index[cycle[0]];
            problems.Add(new($"$.steps[{i}].dependsOn", $"dependency cycle: {string.Join(" → ", cycle)} → {cycle[0]}"));
            broken.UnionWith(cycle);
        }

        var ancestors = bundle.Steps.ToDictionary(s => s.Id, s => Ancestors(bundle, s.Id), StringComparer.Ordinal);
        for (var i = 0; i < bundle.Steps.Count; i++)
        {
            CheckStep(bundle, i, ancestors, problems);
        }

        // A step that waits on a broken step, or whose condition can never hold, can never run.
        for (var i = 0; i < bundle.Steps.Count; i++)
        {
            var step = bundle.Steps[i];
            var blockedBy = ancestors[step.Id].FirstOrDefault(broken.Contains);
            if (blockedBy is not null && !broken.Contains(step.Id))
            {
                problems.Add(new($"$.steps[{i}]", $"step '{step.Id}' is unreachable: it waits on '{blockedBy}', which can never finish"));
            }

            if (step.Condition is not null && NeverHolds(step.Condition, bundle.Form))
            {
                problems.Add(new($"$.steps[{i}].condition", $"step '{step.Id}' is unreachable: its condition can never hold for any valid form"));
            }
        }

        return problems;
    }

    /// <summary>
    /// What is allowed but carries a risk the designer should see: a step whose action's system cannot be searched by
    /// the idempotency key (<c>idempotent: false</c>), so after an attempt whose outcome is unknown a person checks the
    /// system and nothing is entered again automatically. Steps on unknown actions are problems, not warnings.
    /// </summary>
    public IReadOnlyList<BundleWarning> Warnings(BundleDefinition bundle)
    {
        var warnings = new List<BundleWarning>();
        for (var i = 0; i < bundle.Steps.Count; i++)
        {
            var step = bundle.Steps[i];
            if (systems.FindAction(step.Action) is { Idempotent: false })
            {
                warnings.Add(new BundleWarning($"$.steps[{i}].action", step.Id, BundleWarning.Unsearchable, BundleWarning.UnsearchableLabel, BundleWarning.UnsearchableMessage));
            }
        }

        return warnings;
    }

    private void CheckStep(BundleDefinition bundle, int i, Dictionary<string, HashSet<string>> ancestors, List<BundleProblem> problems)
    {
        var step = bundle.Steps[i];
        var at = $"$.steps[{i}]";
        var system = systems.FindSystem(step.System);
        var action = systems.FindAction(step.Action);
        if (system is null)
        {
            problems.Add(new($"{at}.system", $"unknown department system '{step.System}'"));
        }
        else if (action is null || !system.Actions.Contains(action))
        {
            problems.Add(new($"{at}.action", $"system '{step.System}' has no action '{step.Action}'"));
            action = null;
        }

        foreach (var (input, source) in step.Inputs)
        {
            var inputAt = $"{at}.inputs.{input}";
            var target = action?.FindInput(input);
            if (action is not null && target is null)
            {
                problems.Add(new(inputAt, $"action '{step.Action}' has no input '{input}' (it takes: {string.Join(", ", action.InputIds)})"));
            }

            if (source.Path is not null)
            {
                CheckPath(bundle, step, source.Path, inputAt, ancestors[step.Id], problems);
                if (target is not null && SourceField(bundle, source.Path) is { } from)
                {
                    CheckTypeFit(from, target, source.Path, inputAt, problems);
                }
            }
        }

        if (action is not null)
        {
            foreach (var missing in action.RequiredInputs.Where(r => !step.Inputs.ContainsKey(r)))
            {
                problems.Add(new($"{at}.inputs", $"required input '{missing}' of '{step.Action}' is not mapped"));
            }

            for (var o = 0; o < step.Outputs.Count; o++)
            {
                if (action.FindOutput(step.Outputs[o]) is null)
                {
                    problems.Add(new($"{at}.outputs[{o}]", $"action '{step.Action}' yields no output '{step.Outputs[o]}' (it yields: {string.Join(", ", action.OutputIds)})"));
                }
            }
        }

        foreach (var (path, conditionAt) in ConditionPaths(step.Condition, $"{at}.condition"))
        {
            CheckPath(bundle, step, path, conditionAt, ancestors[step.Id], problems);
        }
    }

    /// <summary>The typed field a mapping reads: a form field, or the contract output of the step it names.</summary>
    private FormField? SourceField(BundleDefinition bundle, string text)
    {
        if (!ValuePath.TryParse(text, out var parsed))
        {
            return null;
        }

        var path = parsed.Value;
        return path.Source == ValueSource.Form
            ? bundle.Form.FindField(path.FieldPath)?.Field
            : bundle.FindStep(path.Owner) is { } source ? systems.FindAction(source.Action)?.FindOutput(path.Name) : null;
    }

    /// <summary>
    /// A mapped value must fit the input it fills: the same type, or a narrower one into free text (a Chinese name,
    /// an address, a mobile into text), an integer into money; an enum's codes must all be codes of the input's enum.
    /// </summary>
    private static void CheckTypeFit(FormField from, FormField to, string source, string at, List<BundleProblem> problems)
    {
        if (from.Type == FieldType.Enum && to.Type == FieldType.Enum)
        {
            var targetCodes = (to.Options ?? []).Select(o => o.Code).ToHashSet(StringComparer.Ordinal);
            var foreign = (from.Options ?? []).Select(o => o.Code).Where(c => !targetCodes.Contains(c)).ToList();
            if (foreign.Count > 0)
            {
                problems.Add(new(at, $"'{source}' is an enum with code(s) {string.Join(", ", foreign)} that input '{to.Id}' does not have (it takes: {string.Join(", ", targetCodes)})"));
            }

            return;
        }

        var fits = from.Type == to.Type
            || (to.Type == FieldType.Text && to.Pattern is null && from.Type is not FieldType.Boolean)
            || (to.Type == FieldType.Money && from.Type == FieldType.Integer);
        if (!fits)
        {
            problems.Add(new(at, $"'{source}' is of type {TypeName(from.Type)} and does not fit input '{to.Id}' of type {TypeName(to.Type)}"));
        }
    }

    private static string TypeName(FieldType type) =>
        JsonSerializer.Serialize(type, JsonDefaults.Options).Trim('"');

    private static void CheckPath(BundleDefinition bundle, StepDefinition step, string text, string at, HashSet<string> ancestors, List<BundleProblem> problems)
    {
        if (!ValuePath.TryParse(text, out var parsed))
        {
            problems.Add(new(at, $"'{text}' is not a path (form.section.field or steps.step.output)"));
            return;
        }

        var path = parsed.Value;
        if (path.Source == ValueSource.Form)
        {
            if (bundle.Form.FindField(path.FieldPath) is null)
            {
                problems.Add(new(at, $"the form has no field '{path.FieldPath}'"));
            }

            return;
        }

        var source = bundle.FindStep(path.Owner);
        if (source is null)
        {
            problems.Add(new(at, $"unknown step '{path.Owner}'"));
        }
        else if (!source.Outputs.Contains(path.Name))
        {
            problems.Add(new(at, $"step '{path.Owner}' has no output '{path.Name}'"));
        }
        else if (path.Owner == step.Id || !ancestors.Contains(path.Owner))
        {
            problems.Add(new(at, $"step '{step.Id}' uses an output of '{path.Owner}' but does not depend on it"));
        }
    }

    private static void CheckForm(FormDefinition form, List<BundleProblem> problems)
    {
        var sections = new HashSet<string>(StringComparer.Ordinal);
        for (var s = 0; s < form.Sections.Count; s++)
        {
            var section = form.Sections[s];
            if (!sections.Add(section.Id))
            {
                problems.Add(new($"$.form.sections[{s}].id", $"section id '{section.Id}' is used twice"));
            }

            var fields = new HashSet<string>(StringComparer.Ordinal);
            for (var f = 0; f < section.Fields.Count; f++)
            {
                if (!fields.Add(section.Fields[f].Id))
                {
                    problems.Add(new($"$.form.sections[{s}].fields[{f}].id", $"field id '{section.Fields[f].Id}' is used twice in section '{section.Id}'"));
                }
            }
        }

        for (var r = 0; r < form.Rules.Count; r++)
        {
            var rule = form.Rules[r];
            string?[] referenced = [rule.Field, rule.IdField, rule.DateField, rule.SexField, rule.Earlier, rule.Later, rule.AtField, rule.When?.Path, .. rule.Fields ?? []];
            foreach (var path in referenced.OfType<string>())
            {
                if (form.FindField(path) is null)
                {
                    problems.Add(new($"$.form.rules[{r}]", $"rule '{rule.Id}' refers to '{path}', which is not a field of the form"));
                }
            }
        }
    }

    private static bool NeverHolds(StepCondition condition, FormDefinition form)
    {
        if (condition.Path is null || !ValuePath.TryParse(condition.Path, out var path) || path.Value.Source != ValueSource.Form)
        {
            return false;
        }

        var field = form.FindField(path.Value.FieldPath)?.Field;
        if (field is null || condition.EqualTo is not { } expected)
        {
            return false;
        }

        return field.Type switch
        {
            FieldType.Boolean => expected.ValueKind is not (JsonValueKind.True or JsonValueKind.False),
            FieldType.Enum => field.Options is { } options && !options.Exists(o => o.Code == expected.ToString()),
            _ => false,
        };
    }

    private static IEnumerable<(string Path, string At)> ConditionPaths(StepCondition? condition, string at)
    {
        if (condition is null)
        {
            yield break;
        }

        if (condition.Path is not null)
        {
            yield return (condition.Path, $"{at}.path");
        }

        foreach (var (list, name) in new[] { (condition.All, "all"), (condition.Any, "any") })
        {
            for (var i = 0; i < (list?.Count ?? 0); i++)
            {
                foreach (var inner in ConditionPaths(list![i], $"{at}.{name}[{i}]"))
                {
                    yield return inner;
                }
            }
        }

        foreach (var inner in ConditionPaths(condition.Not, $"{at}.not"))
        {
            yield return inner;
        }
    }

    private static HashSet<string> Ancestors(BundleDefinition bundle, string stepId)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>([stepId]);
        while (stack.TryPop(out var current))
        {
            foreach (var dependency in bundle.FindStep(current)?.DependsOn ?? [])
            {
                if (seen.Add(dependency))
                {
                    stack.Push(dependency);
                }
            }
        }

        return seen;
    }

    /// <summary>Each elementary cycle found by depth-first search, reported once.</summary>
    private static List<List<string>> FindCycles(BundleDefinition bundle)
    {
        var cycles = new List<List<string>>();
        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        var path = new List<string>();

        void Visit(string id)
        {
            state[id] = 1;
            path.Add(id);
            foreach (var next in bundle.FindStep(id)?.DependsOn ?? [])
            {
                if (bundle.FindStep(next) is null)
                {
                    continue;
                }

                var seen = state.GetValueOrDefault(next);
                if (seen == 1)
                {
                    cycles.Add(path[path.IndexOf(next)..]);
                }
                else if (seen == 0)
                {
                    Visit(next);
                }
            }

            path.RemoveAt(path.Count - 1);
            state[id] = 2;
        }

        foreach (var step in bundle.Steps)
        {
            if (state.GetValueOrDefault(step.Id) == 0)
            {
                Visit(step.Id);
            }
        }

        return cycles;
    }
}
