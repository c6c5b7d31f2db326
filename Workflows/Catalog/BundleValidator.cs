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
public sealed partial class BundleValidator(SystemCatalog systems)
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
            return [new BundleProblem("$", $"not valid JSON: {ex.Message}", new("文件不是有效的 JSON，请检查括号、引号和逗号", "The file is not valid JSON; check brackets, quotes and commas"))];
        }

        problems.AddRange(SchemaErrors.Describe(schemaErrors).Select(e => new BundleProblem(e.Path, e.Message, e.Text)));

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
            return [new BundleProblem(ex.Path ?? "$", ex.Message, new("文件内容无法读成一件事的定义", "The file cannot be read as a bundle definition"))];
        }

        if (bundle is null)
        {
            return [new BundleProblem("$", "the file holds no bundle", new("文件中没有一件事的定义", "The file holds no bundle"))];
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
                problems.Add(new($"$.steps[{i}].id", $"step id '{bundle.Steps[i].Id}' is used twice",
                    new($"步骤“{bundle.Steps[i].Matter.Zh}”的标识与另一个步骤重复", $"Step “{bundle.Steps[i].Matter.En}” has the same identifier as another step")));
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
                    problems.Add(new($"$.steps[{i}].dependsOn[{d}]", $"unknown step '{step.DependsOn[d]}'",
                        new($"步骤“{step.Matter.Zh}”的前置步骤不存在", $"Step “{step.Matter.En}” waits on a step that does not exist")));
                    broken.Add(step.Id);
                }
            }
        }

        foreach (var cycle in FindCycles(bundle))
        {
            var i = index[cycle[0]];
            var names = cycle.Append(cycle[0]).Select(id => bundle.FindStep(id)!.Matter).ToList();
            problems.Add(new($"$.steps[{i}].dependsOn", $"dependency cycle: {string.Join(" → ", cycle)} → {cycle[0]}",
                new($"步骤互相等待，永远无法开始：{string.Join(" → ", names.Select(n => n.Zh))}", $"Steps wait on each other and can never start: {string.Join(" → ", names.Select(n => n.En))}")));
            broken.UnionWith(cycle);
        }

        var ancestors = bundle.Steps.ToDictionary(s => s.Id, s => Ancestors(bundle, s.Id), StringComparer.Ordinal);
        for (var i = 0; i < bundle.Steps.Count; i++)
        {
            CheckStep(bundle, i, ancestors, problems);
        }

        CheckMaterials(bundle, problems);

        // A step that waits on a broken step, or whose condition can never hold, can never run.
        for (var i = 0; i < bundle.Steps.Count; i++)
        {
            var step = bundle.Steps[i];
            var blockedBy = ancestors[step.Id].FirstOrDefault(broken.Contains);
            if (blockedBy is not null && !broken.Contains(step.Id))
            {
                var blocker = bundle.FindStep(blockedBy)!.Matter;
                problems.Add(new($"$.steps[{i}]", $"step '{step.Id}' is unreachable: it waits on '{blockedBy}', which can never finish",
                    new($"步骤“{step.Matter.Zh}”永远不会执行：它等待的“{blocker.Zh}”无法完成", $"Step “{step.Matter.En}” can never run: it waits on “{blocker.En}”, which can never finish")));
            }

            if (step.Condition is not null && NeverHolds(step.Condition, bundle.Form))
            {
                problems.Add(new($"$.steps[{i}].condition", $"step '{step.Id}' is unreachable: its condition can never hold for any valid form",
                    new($"步骤“{step.Matter.Zh}”的执行条件对任何有效表单都不成立", $"The condition of step “{step.Matter.En}” can never hold for a valid form")));
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
            problems.Add(new($"{at}.system", $"unknown department system '{step.System}'",
                new($"步骤“{step.Matter.Zh}”选用的部门系统不存在", $"Step “{step.Matter.En}” uses a department system that does not exist")));
        }
        else if (action is null || !system.Actions.Contains(action))
        {
            problems.Add(new($"{at}.action", $"system '{step.System}' has no action '{step.Action}'",
                new($"步骤“{step.Matter.Zh}”选用的办理动作在“{system.Name.Zh}”中不存在", $"Step “{step.Matter.En}” uses an action that “{system.Name.En}” does not offer")));
            action = null;
        }

        if (step.MatterCode is not null && MatterCode.Problem(step.MatterCode) is { } codeProblem)
        {
            problems.Add(new($"{at}.matterCode", $"'{step.MatterCode}' is not an implementing code: {codeProblem.En}",
                new($"步骤“{step.Matter.Zh}”：{codeProblem.Zh}", $"Step “{step.Matter.En}”: {codeProblem.En}")));
        }

        foreach (var (input, source) in step.Inputs)
        {
            var inputAt = $"{at}.inputs.{input}";
            var target = action?.FindInput(input);
            if (action is not null && target is null)
            {
                problems.Add(new(inputAt, $"action '{step.Action}' has no input '{input}' (it takes: {string.Join(", ", action.InputIds)})",
                    new($"步骤“{step.Matter.Zh}”映射了系统没有的字段 {input}", $"Step “{step.Matter.En}” maps a field the system does not have ({input})")));
            }

            if (source.Path is not null)
            {
                var place = target is null ? new LocalizedText(input, input) : target.Label;
                CheckPath(bundle, step, place, source.Path, inputAt, ancestors[step.Id], problems);
                if (target is not null && SourceField(bundle, source.Path) is { } from)
                {
                    CheckTypeFit(bundle, step, from, target, source.Path, inputAt, problems);
                    if (from.Type == FieldType.DocumentNumber && target.Type == FieldType.IdNumber && source.When is null)
                    {
                        problems.Add(new(inputAt, $"'{source.Path}' is a document number of any type; input '{input}' takes a citizen ID number only, so the mapping needs a 'when' on the document type",
                            new($"步骤“{step.Matter.Zh}”的“{target.Label.Zh}”只收公民身份号码：请设置映射条件（证件类型为居民身份证时才填入）",
                                $"Step “{step.Matter.En}”: “{target.Label.En}” takes citizen ID numbers only; give the mapping a condition (only when the document is a resident ID)")));
                    }
                }
            }

            if (source.Otherwise is not null)
            {
                if (source.When is null)
                {
                    problems.Add(new($"{inputAt}.otherwise", "'otherwise' needs a 'when'",
                        new($"步骤“{step.Matter.Zh}”的映射设置了“否则取值”，但没有条件", $"Step “{step.Matter.En}”: a mapping has an “otherwise” source but no condition")));
                }

                var place = target is null ? new LocalizedText(input, input) : target.Label;
                CheckPath(bundle, step, place, source.Otherwise, $"{inputAt}.otherwise", ancestors[step.Id], problems);
                if (target is not null && SourceField(bundle, source.Otherwise) is { } otherwiseFrom)
                {
                    CheckTypeFit(bundle, step, otherwiseFrom, target, source.Otherwise, $"{inputAt}.otherwise", problems);
                }
            }

            foreach (var (path, conditionAt) in ConditionPaths(source.When, $"{inputAt}.when"))
            {
                CheckPath(bundle, step, new("映射条件", "mapping condition"), path, conditionAt, ancestors[step.Id], problems);
            }
        }

        if (action is not null)
        {
            foreach (var missing in action.RequiredInputs.Where(r => !step.Inputs.ContainsKey(r)))
            {
                var label = action.FindInput(missing)!.Label;
                problems.Add(new($"{at}.inputs", $"required input '{missing}' of '{step.Action}' is not mapped",
                    new($"步骤“{step.Matter.Zh}”的必填字段“{label.Zh}”还没有选择来源", $"Step “{step.Matter.En}”: the required field “{label.En}” has no source yet")));
            }

            for (var o = 0; o < step.Outputs.Count; o++)
            {
                if (action.FindOutput(step.Outputs[o]) is null)
                {
                    problems.Add(new($"{at}.outputs[{o}]", $"action '{step.Action}' yields no output '{step.Outputs[o]}' (it yields: {string.Join(", ", action.OutputIds)})",
                        new($"步骤“{step.Matter.Zh}”登记的结果 {step.Outputs[o]} 不是该系统会返回的结果", $"Step “{step.Matter.En}” expects a result ({step.Outputs[o]}) the system does not return")));
                }
            }
        }

        foreach (var (path, conditionAt) in ConditionPaths(step.Condition, $"{at}.condition"))
        {
            CheckPath(bundle, step, new("执行条件", "condition"), path, conditionAt, ancestors[step.Id], problems);
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
    /// A mapped value must fit the input it fills, by the one rule of <see cref="MappingTypes.Fit"/>: the same type, or
    /// one the input takes as written (a name into free text, an integer into money); never a date into a bank card
    /// or a name into an approval number; an enum's codes must all be codes of the input's enum.
    /// </summary>
    private void CheckTypeFit(BundleDefinition bundle, StepDefinition step, FormField from, FormField to, string source, string at, List<BundleProblem> problems)
    {
        var fit = MappingTypes.Fit(from, to);
        if (!fit.IsError)
        {
            return;
        }

        var message = from.Type == FieldType.Enum && to.Type == FieldType.Enum
            ? $"'{source}' is an enum with code(s) {string.Join(", ", (from.Options ?? []).Select(o => o.Code).Where(c => to.Options?.Exists(t => t.Code == c) != true))} that input '{to.Id}' does not have (it takes: {string.Join(", ", (to.Options ?? []).Select(o => o.Code))})"
            : $"'{source}' is of type {TypeName(from.Type)} and does not fit input '{to.Id}' of type {TypeName(to.Type)}";
        var label = SourceLabel(bundle, source);
        problems.Add(new(at, message, new(
            $"步骤“{step.Matter.Zh}”的“{to.Label.Zh}”（{MappingTypes.Label(to.Type).Zh}）不能取自“{label.Zh}”（{MappingTypes.Label(from.Type).Zh}）：{fit.Note.Zh}",
            $"Step “{step.Matter.En}”: “{to.Label.En}” ({MappingTypes.Label(to.Type).En}) cannot come from “{label.En}” ({MappingTypes.Label(from.Type).En}): {fit.Note.En}")));
    }

    /// <summary>What a person calls the value a path reads: "section · field" of the form, or "step · result".</summary>
    private LocalizedText SourceLabel(BundleDefinition bundle, string text)
    {
        if (!ValuePath.TryParse(text, out var parsed))
        {
            return new(text, text);
        }

        var path = parsed.Value;
        if (path.Source == ValueSource.Form)
        {
            return bundle.Form.FindField(path.FieldPath) is { } found
                ? new($"{found.Section.Title.Zh} · {found.Field.Label.Zh}", $"{found.Section.Title.En} · {found.Field.Label.En}")
                : new(path.FieldPath, path.FieldPath);
        }

        var step = bundle.FindStep(path.Owner);
        var output = step is null ? null : systems.FindAction(step.Action)?.FindOutput(path.Name);
        return step is null ? new(text, text)
            : new($"{step.Matter.Zh} · {output?.Label.Zh ?? path.Name}", $"{step.Matter.En} · {output?.Label.En ?? path.Name}");
    }

    private static string TypeName(FieldType type) =>
        JsonSerializer.Serialize(type, JsonDefaults.Options).Trim('"');

    private void CheckPath(BundleDefinition bundle, StepDefinition step, LocalizedText place, string text, string at, HashSet<string> ancestors, List<BundleProblem> problems)
    {
        var where = new LocalizedText($"步骤“{step.Matter.Zh}”的“{place.Zh}”", $"Step “{step.Matter.En}”, “{place.En}”");
        if (!ValuePath.TryParse(text, out var parsed))
        {
            problems.Add(new(at, $"'{text}' is not a path (form.section.field or steps.step.output)",
                new($"{where.Zh}的来源既不是表单字段也不是前序步骤的结果", $"{where.En}: the source is neither a form field nor an earlier step's result")));
            return;
        }

        var path = parsed.Value;
        if (path.Source == ValueSource.Form)
        {
            if (bundle.Form.FindField(path.FieldPath) is null)
            {
                problems.Add(new(at, $"the form has no field '{path.FieldPath}'",
                    new($"{where.Zh}取自的表单字段已不存在", $"{where.En}: the form field it comes from no longer exists")));
            }

            return;
        }

        var source = bundle.FindStep(path.Owner);
        if (source is null)
        {
            problems.Add(new(at, $"unknown step '{path.Owner}'",
                new($"{where.Zh}取自的步骤已不存在", $"{where.En}: the step it comes from no longer exists")));
        }
        else if (!source.Outputs.Contains(path.Name))
        {
            var label = SourceLabel(bundle, text);
            problems.Add(new(at, $"step '{path.Owner}' has no output '{path.Name}'",
                new($"{where.Zh}取自“{label.Zh}”，但步骤“{source.Matter.Zh}”不登记这个结果", $"{where.En} comes from “{label.En}”, which step “{source.Matter.En}” does not record")));
        }
        else if (path.Owner == step.Id || !ancestors.Contains(path.Owner))
        {
            problems.Add(new(at, $"step '{step.Id}' uses an output of '{path.Owner}' but does not depend on it",
                new($"{where.Zh}用到“{source.Matter.Zh}”的结果，但没有等待该步骤完成（请连线）", $"{where.En} uses a result of “{source.Matter.En}” but does not wait for it (connect the steps)")));
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
                problems.Add(new($"$.form.sections[{s}].id", $"section id '{section.Id}' is used twice",
                    new($"表单分组“{section.Title.Zh}”的标识与另一分组重复", $"Form section “{section.Title.En}” has the same identifier as another section")));
            }

            var fields = new HashSet<string>(StringComparer.Ordinal);
            for (var f = 0; f < section.Fields.Count; f++)
            {
                if (!fields.Add(section.Fields[f].Id))
                {
                    problems.Add(new($"$.form.sections[{s}].fields[{f}].id", $"field id '{section.Fields[f].Id}' is used twice in section '{section.Id}'",
                        new($"表单分组“{section.Title.Zh}”中字段“{section.Fields[f].Label.Zh}”的标识重复", $"Field “{section.Fields[f].Label.En}” in section “{section.Title.En}” has a duplicate identifier")));
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
                    problems.Add(new($"$.form.rules[{r}]", $"rule '{rule.Id}' refers to '{path}', which is not a field of the form",
                        new($"第 {r + 1} 条校验规则用到的表单字段已不存在", $"Check rule {r + 1} uses a form field that no longer exists")));
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
