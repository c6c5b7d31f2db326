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

    public BotScript? FindAction(string actionId) => _actions.GetValueOrDefault(actionId);

    public SystemScript? FindSystem(string systemId) => _systems.GetValueOrDefault(systemId);

    public IEnumerable<BotScript> Actions => _actions.Values;

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
            // A file is either a system's script (it names the system) or an action's: check it against that one.
            var kind = document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("system", out _) ? "system" : "action";
            var schema = s_schema.Value.Definitions[kind];
            return [.. SchemaErrors.Describe(schema.Validate(json)).Select(e => $"{e.Path}: {e.Message}")];
        }
    }

    /// <summary>
    /// Checks the scripts against the system catalog and the commit-point rules; returns every problem (empty when
    /// all hold): a creating script marks exactly one commit step; an ending belongs to the commit step, and a window
    /// that closes ends the script; a script searches before it creates exactly when the catalog says its action
    /// can be searched (<see cref="SystemAction.Idempotent"/>).
    /// </summary>
    public IReadOnlyList<string> Problems(SystemCatalog systems)
    {
        var problems = new List<string>();
        foreach (var script in _actions.Values.OrderBy(a => a.Action, StringComparer.Ordinal))
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
        var problems = Validate(json);
        if (problems.Count > 0)
        {
            throw new InvalidDataException($"Bot script {origin} is not valid: {string.Join("; ", problems)}");
        }

        using var document = JsonDocument.Parse(json);
        if (document.RootElement.TryGetProperty("system", out _))
        {
            var system = JsonSerializer.Deserialize<SystemScript>(json, JsonDefaults.Options)!;
            foreach (var pattern in system.TransientErrors.Concat(system.ApplicantRefusals))
            {
                try
                {
                    _ = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
                }
                catch (ArgumentException ex)
                {
                    throw new InvalidDataException($"Bot script {origin} is not valid: \"{pattern}\" is not a regular expression ({ex.Message})", ex);
                }
            }

            _systems[system.System] = system;
        }
        else
        {
            var action = JsonSerializer.Deserialize<BotScript>(json, JsonDefaults.Options)!;
            _actions[action.Action] = action;
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
