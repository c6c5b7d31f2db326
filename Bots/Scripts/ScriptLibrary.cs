using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.RegularExpressions;
using NJsonSchema;
using RpaRunner.Workflows.Catalog;
using RpaRunner.Workflows.Model;

namespace RpaRunner.Bots.Scripts;

/// <summary>
/// The bot scripts this worker knows: those shipped in Bots/Scripts (embedded) and, when configured, a folder
/// of the operator's whose files override them — so a designer fixes a script without a new release.
/// Every file is checked against bot-script.schema.json when loaded.
/// </summary>
public sealed class ScriptLibrary
{
    private static readonly Lazy<JsonSchema> s_schema = new(() => JsonSchema.FromJsonAsync(ReadEmbedded("Scripts/bot-script.schema.json")).GetAwaiter().GetResult());
    private readonly ConcurrentDictionary<string, BotScript> _actions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SystemScript> _systems = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _actionSources = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _systemSources = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public BotScript? FindAction(string actionId) => _actions.GetValueOrDefault(actionId);

    public SystemScript? FindSystem(string systemId) => _systems.GetValueOrDefault(systemId);

    public IEnumerable<BotScript> Actions => _actions.Values;

    /// <summary>The JSON text an action's script was loaded from (shipped, from the scripts folder, or published).</summary>
    public string? SourceOfAction(string actionId) => _actionSources.GetValueOrDefault(actionId);

    /// <summary>The JSON text a system's script was loaded from.</summary>
    public string? SourceOfSystem(string systemId) => _systemSources.GetValueOrDefault(systemId);

    /// <summary>
    /// Replaces every script of one system with a published set (a designer's change arriving while the runner runs):
    /// each is checked as at load; an action of the system missing from the set loses its script. Throws with every
    /// problem when one is not valid, and then changes nothing.
    /// </summary>
    public void PutSystem(string systemId, IEnumerable<string> actionIds, string? systemScript, IReadOnlyDictionary<string, string> actionScripts)
    {
        var parsed = actionScripts.ToDictionary(p => p.Key, p => Parse(p.Value, $"{systemId}/{p.Key}"), StringComparer.Ordinal);
        (object Script, string Json)? system = systemScript is null ? null : Parse(systemScript, $"{systemId}/system.json");
        lock (_gate)
        {
            foreach (var id in actionIds.Where(id => !parsed.ContainsKey(id)))
            {
                _actions.TryRemove(id, out _);
                _actionSources.TryRemove(id, out _);
            }

            foreach (var (id, (script, json)) in parsed)
            {
                _actions[id] = (BotScript)script;
                _actionSources[id] = json;
            }

            if (system is { } s)
            {
                _systems[systemId] = (SystemScript)s.Script;
                _systemSources[systemId] = s.Json;
            }
            else
            {
                _systems.TryRemove(systemId, out _);
                _systemSources.TryRemove(systemId, out _);
            }
        }
    }

    public static ScriptLibrary Load(string? overrideFolder = null)
    {
        var library = new ScriptLibrary();
        var assembly = typeof(ScriptLibrary).Assembly;
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("Scripts/", StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal) && !n.EndsWith(".schema.json", StringComparison.Ordinal)))
        {
            library.Add(ReadEmbedded(name), name);
        }

        if (overrideFolder is not null && Directory.Exists(overrideFolder))
        {
            foreach (var file in Directory.EnumerateFiles(overrideFolder, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                library.Add(File.ReadAllText(file), file);
            }
        }

        return library;
    }

    /// <summary>Checks one script file; returns every problem with its path (empty when it is valid).</summary>
    public static IReadOnlyList<string> Validate(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            return [$"$: not valid JSON: {ex.Message}"];
        }

        using (document)
        {
            // A step with a word no step knows (a misspelt verb) is named plainly before the schema's own account of it.
            var unknown = UnknownStepWords(document.RootElement).ToList();
            if (unknown.Count > 0)
            {
                return unknown;
            }

            // A file is either a system's script (it names the system) or an action's: check it against that one.
            var kind = document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("system", out _) ? "system" : "action";
            var schema = s_schema.Value.Definitions[kind];
            return [.. SchemaErrors.Describe(schema.Validate(json)).Select(e => $"{e.Path}: {e.Message}")];
        }
    }

    /// <summary>
    /// What the schema cannot say in a designer's words: regular expressions that do not compile (pattern, extract, the
    /// system's error texts) and placeholders that name no value ({{inputs.x}}, {{key}}, {{caseCode}}, {{action}},
    /// {{username}}, {{password}}). Each problem names the step (第 N 步) or the output.
    /// </summary>
    public static IReadOnlyList<string> Check(BotScript script)
    {
        var problems = new List<string>();
        CheckSteps(problems, "steps", script.Steps);
        if (script.SearchBeforeCreate is { } search)
        {
            CheckSteps(problems, "searchBeforeCreate.steps", search.Steps);
            CheckSteps(problems, "searchBeforeCreate.open", search.Open);
            CheckTargets(problems, "searchBeforeCreate.found", search.Found);
            CheckTargets(problems, "searchBeforeCreate.notFound", search.NotFound);
        }

        foreach (var (name, targets) in script.Outputs)
        {
            CheckTargets(problems, $"outputs.{name}", targets);
        }

        return problems;
    }

    /// <inheritdoc cref="Check(BotScript)"/>
    public static IReadOnlyList<string> Check(SystemScript system)
    {
        var problems = new List<string>();
        CheckSteps(problems, "login.steps", system.Login?.Steps ?? []);
        CheckTargets(problems, "login.captcha", system.Login?.Captcha ?? []);
        CheckTargets(problems, "login.captchaImage", system.Login?.CaptchaImage ?? []);
        CheckTargets(problems, "businessError", system.BusinessError);
        CheckTargets(problems, "loggedOutWhenVisible", system.LoggedOutWhenVisible);
        CheckTargets(problems, "window", system.Window);
        foreach (var (rule, index) in system.Dismiss.Select((rule, index) => (rule, index)))
        {
            CheckTargets(problems, $"dismiss[{index}]", [.. rule.When, .. rule.Click]);
        }

        foreach (var (pattern, index) in system.TransientErrors.Select((p, i) => (p, i)))
        {
            CheckRegex(problems, $"transientErrors[{index}]", pattern);
        }

        foreach (var (pattern, index) in system.ApplicantRefusals.Select((p, i) => (p, i)))
        {
            CheckRegex(problems, $"applicantRefusals[{index}]", pattern);
        }

        return problems;
    }

    private static void CheckSteps(List<string> problems, string block, List<ScriptStep> steps)
    {
        foreach (var (step, index) in steps.Select((step, index) => (step, index)))
        {
            var where = $"{block}[{index}]（第 {index + 1} 步 {step.Verb}）";
            CheckTargets(problems, where, [.. step.AllTargets]);
            foreach (var text in new[] { step.Goto, step.Value, step.Text, step.Prompt, step.Reason }.OfType<string>())
            {
                CheckPlaceholders(problems, where, text);
            }

            if (step.On is not null && step.Press is null)
            {
                problems.Add($"{where}: \"on\" belongs to a press step / 只有 press 步骤可用 on");
            }

            if (step.Ask is not null && !Workflows.Engine.Storage.QuestionKinds.All.Contains(step.Prompt ?? string.Empty))
            {
                problems.Add($"{where}: ask 的 prompt 须为 {string.Join("、", Workflows.Engine.Storage.QuestionKinds.All)} / an ask step's prompt must be one of {string.Join(", ", Workflows.Engine.Storage.QuestionKinds.All)}");
            }

            if (step.Ask is not null && (step.Into is not { Count: > 0 }))
            {
                problems.Add($"{where}: ask 须指明答案填入处 into / an ask step needs \"into\", where the answer is typed");
            }

            if ((step.Into ?? step.Then ?? step.WrongWhen) is not null && step.Ask is null)
            {
                problems.Add($"{where}: into、then、wrongWhen 只用于 ask 步骤 / \"into\", \"then\" and \"wrongWhen\" belong to an ask step");
            }
        }
    }

    private static void CheckTargets(List<string> problems, string where, List<Target> targets)
    {
        foreach (var target in targets)
        {
            foreach (var text in target.Texts)
            {
                CheckPlaceholders(problems, where, text);
            }

            for (var t = target; t is not null; t = t.Within)
            {
                foreach (var pattern in new[] { t.Pattern, t.Extract }.OfType<string>())
                {
                    CheckRegex(problems, where, s_placeholder.Replace(pattern, "x"));
                }
            }
        }
    }

    private static void CheckPlaceholders(List<string> problems, string where, string text)
    {
        foreach (var name in ScriptValues.NamesIn(text).Where(n => !n.StartsWith("inputs.", StringComparison.Ordinal) && !ScriptValues.ContextNames.Contains(n)))
        {
            problems.Add($"{where}: 占位符 {{{{{name}}}}} 不存在 / the placeholder {{{{{name}}}}} names no value (use {{{{inputs.name}}}}, {string.Join(", ", ScriptValues.ContextNames.Select(c => "{{" + c + "}}"))})");
        }
    }

    private static void CheckRegex(List<string> problems, string where, string pattern)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException ex)
        {
            problems.Add($"{where}: \"{pattern}\" 不是正则表达式 / is not a regular expression ({ex.Message})");
        }
    }

    private static readonly string[] s_searchBlocks = ["steps", "open"];

    private static readonly Regex s_placeholder = new(@"\{\{[^}]*\}\}", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    /// <summary>Words in step objects (steps, search, open, login) that no step knows: a misspelt verb or option.</summary>
    private static IEnumerable<string> UnknownStepWords(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            yield break;
        }

        var known = s_schema.Value.Definitions["step"].Properties.Keys.ToHashSet(StringComparer.Ordinal);
        var blocks = new List<(string Path, JsonElement Steps)>();
        if (root.TryGetProperty("steps", out var steps))
        {
            blocks.Add(("steps", steps));
        }

        if (root.TryGetProperty("searchBeforeCreate", out var search) && search.ValueKind == JsonValueKind.Object)
        {
            foreach (var name in s_searchBlocks.Where(n => search.TryGetProperty(n, out _)))
            {
                blocks.Add(($"searchBeforeCreate.{name}", search.GetProperty(name)));
            }
        }

        if (root.TryGetProperty("login", out var login) && login.ValueKind == JsonValueKind.Object && login.TryGetProperty("steps", out var loginSteps))
        {
            blocks.Add(("login.steps", loginSteps));
        }

        foreach (var (path, array) in blocks.Where(b => b.Steps.ValueKind == JsonValueKind.Array))
        {
            var index = 0;
            foreach (var step in array.EnumerateArray())
            {
                if (step.ValueKind == JsonValueKind.Object)
                {
                    foreach (var word in step.EnumerateObject().Select(p => p.Name).Where(n => !known.Contains(n)))
                    {
                        yield return $"{path}[{index}]（第 {index + 1} 步）: 未知的动作或选项「{word}」/ unknown verb or option \"{word}\" (verbs: {string.Join(", ", ScriptStep.Verbs)})";
                    }
                }

                index++;
            }
        }
    }

    /// <summary>
    /// Checks the scripts against the system catalog and the commit-point rules; returns every problem (empty when
    /// all hold): a creating script marks exactly one commit step; an ending belongs to the commit step, and a window
    /// that closes ends the script; a script searches before it creates exactly when the catalog says its action
    /// can be searched (<see cref="SystemAction.Idempotent"/>).
    /// </summary>
    public IReadOnlyList<string> Problems(SystemCatalog systems) => ProblemsOf(_actions.Values, systems);

    /// <inheritdoc cref="Problems(SystemCatalog)"/>
    public static IReadOnlyList<string> ProblemsOf(IEnumerable<BotScript> scripts, SystemCatalog systems)
    {
        var problems = new List<string>();
        foreach (var script in scripts.OrderBy(a => a.Action, StringComparer.Ordinal))
        {
            var where = script.Action;
            var commits = script.Steps.Select((step, index) => (step, index)).Where(s => s.step.Commit).ToList();
            if (script.Amends is null && commits.Count == 0)
            {
                problems.Add($"{where}: declares no commit point: mark the step that stores the record (the submit click, OK) with \"commit\": true");
            }

            if (commits.Count > 1)
            {
                problems.Add($"{where}: steps {string.Join(", ", commits.Select(c => c.index))} are all marked as the commit point; a script has one");
            }

            var commitIndex = commits.Count > 0 ? commits[0].index : script.Steps.Count;
            foreach (var (step, index) in script.Steps.Select((step, index) => (step, index)).Where(s => s.step.Upload is not null && (s.step.Material is null || s.index >= commitIndex)))
            {
                problems.Add(step.Material is null
                    ? $"{where}: steps[{index}] uploads but names no material"
                    : $"{where}: steps[{index}] uploads at or after the commit point; a file belongs to the record it is submitted with");
            }

            foreach (var (step, index) in script.Steps.Select((step, index) => (step, index)).Where(s => s.step.Ending is not null && !s.step.Commit))
            {
                problems.Add($"{where}: steps[{index}] has an ending but is not the commit step");
            }

            if (commits.FirstOrDefault().step?.Ending is { Closed: true } && (commits[0].index < script.Steps.Count - 1 || script.Outputs.Count > 0))
            {
                problems.Add($"{where}: its commit step closes the window, so no step may follow it and no output can be read after it");
            }

            var action = systems.FindAction(script.Action);
            if (action is null)
            {
                problems.Add($"{where}: the system catalog (systems.json) has no such action");
                continue;
            }

            var declared = action.Inputs.Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
            foreach (var (step, index) in script.Steps.Select((step, index) => (step, index)))
            {
                var texts = new[] { step.Value, step.Goto, step.Prompt, step.Reason, step.Text }.OfType<string>().Concat(step.AllTargets.SelectMany(t => t.Texts));
                foreach (var input in texts.SelectMany(ScriptValues.NamesIn).Where(n => n.StartsWith("inputs.", StringComparison.Ordinal)).Select(n => n["inputs.".Length..]).Distinct().Where(n => !declared.Contains(n)))
                {
                    problems.Add($"{where}: steps[{index}]（第 {index + 1} 步 {step.Verb}）uses {{{{inputs.{input}}}}}, which the action in systems.json does not declare / 使用了未声明的输入 {input}");
                }

                if (step.AwaitWhen is not null && action.Awaits is null)
                {
                    problems.Add($"{where}: steps[{index}]（第 {index + 1} 步 {step.Verb}）declares awaitWhen, but the action in systems.json declares no \"awaits\" / 系统目录未声明该事项等待申请人办理");
                }
            }

            if (script.Amends is not null)
            {
                continue;
            }

            if (action.Idempotent && script.SearchBeforeCreate is null)
            {
                problems.Add($"{where}: cannot look its record up (no searchBeforeCreate), so an unknown outcome could not be settled and a retry could enter it twice: add searchBeforeCreate, or declare \"idempotent\": false on the action in systems.json");
            }
            else if (!action.Idempotent && script.SearchBeforeCreate is not null)
            {
                problems.Add($"{where}: systems.json declares the action cannot be searched (\"idempotent\": false), yet the script searches before it creates: remove one of the two");
            }
        }

        return problems;
    }

    public void Add(string json, string origin)
    {
        var (script, _) = Parse(json, origin);
        if (script is SystemScript system)
        {
            _systems[system.System] = system;
            _systemSources[system.System] = json;
        }
        else
        {
            var action = (BotScript)script;
            _actions[action.Action] = action;
            _actionSources[action.Action] = json;
        }
    }

    /// <summary>One script file checked as at load: the schema, then what the schema cannot say; throws with every problem.</summary>
    private static (object Script, string Json) Parse(string json, string origin)
    {
        var problems = Read(json, out var script);
        Refuse(origin, problems);
        return (script!, json);
    }

    /// <summary>
    /// Reads one script file as the library loads it: the schema, then what the schema cannot say. Returns every problem;
    /// when there is none, <paramref name="script"/> is a <see cref="SystemScript"/> or a <see cref="BotScript"/>.
    /// </summary>
    public static IReadOnlyList<string> Read(string json, out object? script)
    {
        script = null;
        var problems = Validate(json);
        if (problems.Count > 0)
        {
            return problems;
        }

        using var document = JsonDocument.Parse(json);
        if (document.RootElement.TryGetProperty("system", out _))
        {
            var system = JsonSerializer.Deserialize<SystemScript>(json, JsonDefaults.Options)!;
            problems = Check(system);
            script = problems.Count == 0 ? system : null;
            return problems;
        }

        var action = JsonSerializer.Deserialize<BotScript>(json, JsonDefaults.Options)!;
        problems = Check(action);
        script = problems.Count == 0 ? action : null;
        return problems;
    }

    private static void Refuse(string origin, IReadOnlyList<string> problems)
    {
        if (problems.Count > 0)
        {
            throw new InvalidDataException($"Bot script {origin} is not valid: {string.Join("; ", problems)}");
        }
    }

    private static string ReadEmbedded(string name)
    {
        using var stream = typeof(ScriptLibrary).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded {name} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
