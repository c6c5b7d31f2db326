using RpaRunner.Bots.Scripts;
using RpaRunner.Workflows.Model;

namespace RpaRunner.Bots.Recorder;

/// <summary>Which block of the script the designer is recording.</summary>
public enum RecordingPhase
{
    /// <summary>Entering the matter: the script's steps.</summary>
    Create,

    /// <summary>Looking the record up by the idempotency key: searchBeforeCreate's steps, until "found" is marked.</summary>
    Search,

    /// <summary>After "found" was marked: the steps that open the record found (searchBeforeCreate.open).</summary>
    Open,
}

/// <summary>
/// One recording of one action, turned into a bot script as it goes: each event the page reports becomes a step with
/// its targets ranked (<see cref="TargetCandidates"/>), a typed value gets the input placeholder whose label the field's
/// label names (the designer may pick another or keep the literal), marked elements become outputs. The first address
/// of each block becomes its goto. The click the designer marks as the commit point is it; without a mark, the last
/// click before the result page's first output.
/// </summary>
public sealed class Recording(SystemAction action, Uri baseUrl)
{
    private readonly List<Entry> _entries = [];
    private readonly IReadOnlyList<PlaceholderChoice> _choices = PlaceholderChoice.For(action);
    private readonly Dictionary<RecordingPhase, string> _gotos = [];

    public SystemAction Action => action;

    public RecordingPhase Phase { get; private set; } = RecordingPhase.Create;

    /// <summary>What a typed value may be replaced by, as the recorder's panel lists it.</summary>
    public IReadOnlyList<PlaceholderChoice> Choices => _choices;

    /// <summary>What was recorded so far, in order.</summary>
    public IReadOnlyList<Entry> Entries => _entries;

    /// <summary>How many steps and outputs the recording holds so far.</summary>
    public int Count => _entries.Count;

    /// <summary>A page of the target system was loaded: the first of each block is where the block starts.</summary>
    public void PageLoaded(string url)
    {
        if (!_gotos.ContainsKey(Phase) && Phase != RecordingPhase.Open)
        {
            _gotos[Phase] = Relative(url);
        }
    }

    /// <summary>The designer starts recording the search (after the matter), or goes back to the matter's steps.</summary>
    public void Switch(RecordingPhase phase) => Phase = phase;

    /// <summary>Adds what the page reported; returns the entry with its preselected placeholder or output.</summary>
    public Entry Add(RecordedEvent recorded)
    {
        // Typing into a field again corrects it: one fill with the last value.
        if (recorded.Kind is "fill" or "select" && _entries.LastOrDefault() is { } last && last.Event.Kind == recorded.Kind && last.Phase == Phase
            && TargetCandidates.ForAction(last.Event.Element).FirstOrDefault()?.ToString() == TargetCandidates.ForAction(recorded.Element).FirstOrDefault()?.ToString())
        {
            last.Event.Value = recorded.Value;
            last.Event.OptionText = recorded.OptionText;
            return last;
        }

        var entry = new Entry(_entries.Count + 1, recorded, Phase);
        switch (recorded.Kind)
        {
            case "fill" or "select":
                var best = LabelMatch.Best(recorded.Element.Label, [.. _choices.Select(c => c.Label)]);
                entry.Choice = best >= 0 ? _choices[best].Placeholder : null;
                break;
            case "output":
                var taken = _entries.Where(e => e.Event.Kind == "output").Select(e => e.Choice).ToHashSet(StringComparer.Ordinal);
                var labels = action.Outputs.Select(o => o.Label.Zh).ToList();
                var named = LabelMatch.Best(recorded.Element.LabelBefore ?? recorded.Element.Label, labels);
                entry.Choice = named >= 0 ? action.Outputs[named].Id : action.Outputs.FirstOrDefault(o => !taken.Contains(o.Id))?.Id;
                break;
            case "found":
                Phase = RecordingPhase.Open;
                break;
        }

        _entries.Add(entry);
        return entry;
    }

    /// <summary>
    /// The designer's pick for an entry: for a typed value, the placeholder ("inputs.name", "key") or null to keep what was
    /// typed; for an output, the output's id. A pick the action does not know is refused.
    /// </summary>
    public void Assign(int seq, string? choice)
    {
        var entry = _entries.Find(e => e.Seq == seq) ?? throw new ArgumentException($"no recorded step {seq}", nameof(seq));
        if (entry.Event.Kind == "output")
        {
            entry.Choice = action.FindOutput(choice ?? string.Empty)?.Id ?? throw new ArgumentException($"{action.Id} has no output {choice}", nameof(choice));
            return;
        }

        entry.Choice = string.IsNullOrEmpty(choice) ? null
            : _choices.FirstOrDefault(c => c.Placeholder == choice)?.Placeholder ?? throw new ArgumentException($"{choice} is not a value of {action.Id}", nameof(choice));
    }

    /// <summary>The script as recorded so far.</summary>
    public BotScript ToScript()
    {
        var create = _entries.Where(e => e.Phase == RecordingPhase.Create).ToList();
        var steps = Steps(RecordingPhase.Create, create);
        MarkCommit(create, steps);

        var outputs = new Dictionary<string, List<Target>>(StringComparer.Ordinal);
        foreach (var entry in _entries.Where(e => e.Event.Kind == "output" && e.Choice is not null))
        {
            outputs[entry.Choice!] = TargetCandidates.ForOutput(entry.Event.Element);
        }

        var script = new BotScript
        {
            Action = action.Id,
            Description = $"{action.Name.Zh}：录制的草稿，请核对后发布 / recorded draft of {action.Name.En}, to be checked before publishing",
            Steps = steps,
            Outputs = outputs,
        };
        var search = _entries.Where(e => e.Phase is RecordingPhase.Search or RecordingPhase.Open).ToList();
        if (search.Count > 0)
        {
            script.SearchBeforeCreate = new SearchBlock
            {
                Steps = Steps(RecordingPhase.Search, [.. search.Where(e => e.Phase == RecordingPhase.Search)]),
                Found = [.. search.Where(e => e.Event.Kind == "found").SelectMany(e => TargetCandidates.ForAction(e.Event.Element))],
                Open = Steps(RecordingPhase.Open, [.. search.Where(e => e.Phase == RecordingPhase.Open)]),
            };
        }

        return script;
    }

    private List<ScriptStep> Steps(RecordingPhase phase, List<Entry> entries)
    {
        var steps = new List<ScriptStep>();
        if (_gotos.TryGetValue(phase, out var address))
        {
            steps.Add(new ScriptStep { Goto = address });
        }

        foreach (var entry in entries)
        {
            if (Step(entry) is { } step)
            {
                entry.StepIndex = steps.Count;
                steps.Add(step);
            }
        }

        return steps;
    }

    private static ScriptStep? Step(Entry entry)
    {
        var targets = TargetCandidates.ForAction(entry.Event.Element);
        if (targets.Count == 0)
        {
            return null;
        }

        var title = entry.Event.Element.Label ?? entry.Event.Element.Name;
        var value = entry.Choice is null ? entry.Event.Value ?? string.Empty : "{{" + entry.Choice + "}}";
        return entry.Event.Kind switch
        {
            "fill" => new ScriptStep { Fill = targets, Value = value, Title = title },
            "select" => new ScriptStep { Select = targets, Value = value, Title = title },
            "check" => new ScriptStep { Check = targets, Title = title },
            "click" => new ScriptStep { Click = targets },
            "press" => new ScriptStep { Press = entry.Event.Value ?? "Enter", On = targets },
            _ => null,
        };
    }

    /// <summary>The marked click, else the last click or Enter before the first output was marked (the submit that led to the result page).</summary>
    private void MarkCommit(List<Entry> entries, List<ScriptStep> steps)
    {
        var clicks = entries.Where(e => e.Event.Kind is "click" or "press" && e.StepIndex is not null).ToList();
        var firstOutput = _entries.FirstOrDefault(e => e.Event.Kind == "output")?.Seq ?? int.MaxValue;
        var commit = clicks.LastOrDefault(e => e.Event.Commit) ?? clicks.LastOrDefault(e => e.Seq < firstOutput);
        if (commit is not null)
        {
            steps[commit.StepIndex!.Value].Commit = true;
        }
    }

    private string Relative(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var address))
        {
            return url;
        }

        var root = baseUrl.GetLeftPart(UriPartial.Path).TrimEnd('/');
        var full = address.GetLeftPart(UriPartial.Query);
        return full.StartsWith(root + "/", StringComparison.Ordinal) || full == root ? full[root.Length..] is { Length: > 0 } path ? path : "/" : full;
    }

    /// <summary>One recorded event with what the designer chose for it.</summary>
    public sealed class Entry(int seq, RecordedEvent recorded, RecordingPhase phase)
    {
        public int Seq => seq;

        public RecordedEvent Event => recorded;

        public RecordingPhase Phase => phase;

        /// <summary>For a typed value: the placeholder, or null for the literal. For an output: the output's id.</summary>
        public string? Choice { get; set; }

        internal int? StepIndex { get; set; }
    }
}
