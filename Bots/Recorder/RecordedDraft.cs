using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using RpaRunner.Bots.Scripts;
using RpaRunner.Workflows.Catalog;

namespace RpaRunner.Bots.Recorder;

/// <summary>
/// A recorded script as it is saved: a draft, which may still break the library's rules (a recording cannot infer a
/// search, a designer may leave an output unmarked). Its <see cref="Problems"/> are what the library and the catalog say
/// about it, so the designer reads them before the script is published, never after it failed a case.
/// </summary>
public sealed record RecordedDraft(string System, string Action, string Json, IReadOnlyList<string> Problems)
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly JsonSerializerOptions s_line = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The draft of <paramref name="script"/>, checked as ScriptLibrary checks a file and against the catalog's contract.</summary>
    public static RecordedDraft Of(string system, BotScript script, SystemCatalog systems)
    {
        var json = ToJson(script);
        var problems = new List<string>(ScriptLibrary.Validate(json));
        problems.AddRange(ScriptLibrary.Check(script));
        if (problems.Count == 0)
        {
            var library = new ScriptLibrary();
            library.Add(json, $"{script.Action} (recorded)");
            problems.AddRange(library.Problems(systems));
        }

        if (systems.FindAction(script.Action) is { } action)
        {
            problems.AddRange(action.Outputs.Where(o => !script.Outputs.ContainsKey(o.Id))
                .Select(o => $"{script.Action}: 输出 {o.Label.Zh}（{o.Id}）未标记，请在结果页用“标记输出”指出 / the output {o.Id} is not marked: point at it on the result page with \"mark output\""));
            problems.AddRange(action.Inputs.Where(i => i.Required && !json.Contains("{{inputs." + i.Id + "}}", StringComparison.Ordinal))
                .Select(i => $"{script.Action}: 必填输入 {i.Label.Zh}（{i.Id}）未用于任何步骤 / the required input {i.Id} is used by no step"));
        }

        return new RecordedDraft(system, script.Action, json, problems);
    }

    /// <summary>The script as a designer would write it: no default values, no empty lists (the schema wants none), indented.</summary>
    public static string ToJson(BotScript script)
    {
        var node = JsonSerializer.SerializeToNode(script, s_json)!;
        Tidy(node);
        var text = new StringBuilder();
        Write(text, node, 0, compact: false);
        return text.Append('\n').ToString();
    }

    /// <summary>
    /// Writes the script in the shipped scripts' layout: one line per step and per list of targets, so a designer reads
    /// the recorded steps as they read a hand-written script and a diff shows one changed step as one changed line.
    /// </summary>
    private static void Write(StringBuilder text, JsonNode? node, int depth, bool compact)
    {
        if (compact || node is not (JsonObject or JsonArray))
        {
            text.Append(node?.ToJsonString(s_line) ?? "null");
            return;
        }

        var pad = new string(' ', (depth + 1) * 2);
        if (node is JsonArray array)
        {
            text.Append("[\n");
            for (var i = 0; i < array.Count; i++)
            {
                text.Append(pad);
                Write(text, array[i], depth + 1, compact: true);
                text.Append(i < array.Count - 1 ? ",\n" : "\n");
            }

            text.Append(' ', depth * 2).Append(']');
            return;
        }

        var properties = ((JsonObject)node).ToList();
        text.Append("{\n");
        for (var i = 0; i < properties.Count; i++)
        {
            var (name, value) = properties[i];
            text.Append(pad).Append(JsonSerializer.Serialize(name, s_line)).Append(": ");

            // Blocks (the script, the search, the outputs) open up; steps and lists of targets stay on one line each.
            var opens = value is JsonObject && name is "searchBeforeCreate" or "outputs" || value is JsonArray && name is "steps" or "open";
            Write(text, value, depth + 1, compact: !opens);
            text.Append(i < properties.Count - 1 ? ",\n" : "\n");
        }

        text.Append(' ', depth * 2).Append('}');
    }

    private static void Tidy(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj.ToList())
                {
                    // "exact": true is every target's default; an empty list is "none" and the schema wants at least one.
                    if ((name == "exact" && value?.GetValueKind() == JsonValueKind.True) || (name != "steps" && value is JsonArray { Count: 0 }))
                    {
                        obj.Remove(name);
                        continue;
                    }

                    Tidy(value);
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Tidy(item);
                }

                break;
        }
    }
}

/// <summary>Where a finished recording is kept. The file is the first; a catalog of drafts is another.</summary>
public interface IRecordedScriptSink
{
    /// <summary>Keeps the draft; returns where it is, as the designer should be told.</summary>
    Task<string> SaveAsync(RecordedDraft draft, CancellationToken cancellationToken);
}

/// <summary>
/// Keeps a draft as a script file, with its problems beside it (&lt;file&gt;.problems.txt) while it has any: a file a
/// designer can put into the scripts folder (WebBots:ScriptsFolder) once its problems are settled.
/// </summary>
public sealed class RecordedScriptFileSink(string path) : IRecordedScriptSink
{
    /// <summary>The default place: &lt;data directory&gt;/recordings/&lt;system&gt;/&lt;action&gt;.json.</summary>
    public static string DefaultPath(string dataDirectory, string system, string action) =>
        Path.Combine(dataDirectory, "recordings", system, action[(action.IndexOf('.', StringComparison.Ordinal) + 1)..] + ".json");

    public async Task<string> SaveAsync(RecordedDraft draft, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        await File.WriteAllTextAsync(full, draft.Json, cancellationToken);
        var problems = full + ".problems.txt";
        if (draft.Problems.Count > 0)
        {
            await File.WriteAllLinesAsync(problems, draft.Problems, cancellationToken);
        }
        else if (File.Exists(problems))
        {
            File.Delete(problems);
        }

        return full;
    }
}
