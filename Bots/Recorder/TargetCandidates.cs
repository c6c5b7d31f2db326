using System.Text.RegularExpressions;
using RpaRunner.Bots.Scripts;

namespace RpaRunner.Bots.Recorder;

/// <summary>
/// The targets of a recorded element, in the order the bot tries them: the element's id (fastest, and what a system
/// rarely changes), its label, its role and accessible name, its test id, its text — the same order the shipped scripts
/// use, so the first is the one expected to hold and a fallback that wins is reported as selector drift.
/// </summary>
public static partial class TargetCandidates
{
    /// <summary>Roles the bot's web driver can look elements up by.</summary>
    private static readonly HashSet<string> s_roles = new(StringComparer.Ordinal)
    {
        "button", "link", "checkbox", "radio", "textbox", "combobox", "tab", "menuitem", "option", "switch", "cell", "status", "listbox",
    };

    /// <summary>Texts longer than this are content, not the name of a thing to click.</summary>
    private const int MaxClickText = 20;

    /// <summary>Targets for an element the bot acts on (fill, select, check, click).</summary>
    public static List<Target> ForAction(RecordedElement element)
    {
        var formControl = element.Tag is "input" or "select" or "textarea";
        var targets = new List<Target>();
        Add(targets, Css(element));
        Add(targets, string.IsNullOrWhiteSpace(element.Label) ? null : new Target { Label = element.Label.Trim() });

        // A field named by its label is found by it already; its role and name would say the same again.
        if (!(formControl && targets.Any(t => t.Label is not null)) && element.Role is { } role && s_roles.Contains(role) && !string.IsNullOrWhiteSpace(element.Name))
        {
            Add(targets, new Target { Role = role, Name = element.Name.Trim() });
        }

        Add(targets, string.IsNullOrWhiteSpace(element.TestId) ? null : new Target { TestId = element.TestId });
        if (!formControl && element.Text?.Trim() is { Length: > 0 and <= MaxClickText } text)
        {
            Add(targets, new Target { Text = text });
        }

        return targets;
    }

    /// <summary>Targets for an element an output is read from: its id, the label in front of it, its test id (never its text: that is the value).</summary>
    public static List<Target> ForOutput(RecordedElement element)
    {
        var targets = new List<Target>();
        Add(targets, Css(element));
        Add(targets, string.IsNullOrWhiteSpace(element.LabelBefore) ? null : new Target { ValueAfterLabel = element.LabelBefore.Trim() });
        Add(targets, string.IsNullOrWhiteSpace(element.TestId) ? null : new Target { TestId = element.TestId });
        return targets;
    }

    /// <summary>
    /// "#id" for an id a system writes the same way each time. Ids with long runs of digits or a framework's marks are
    /// generated per page view (ext-comp-1043, :r3:, j_id12345) and would not be there on the bot's visit.
    /// </summary>
    internal static Target? Css(RecordedElement element)
    {
        if (string.IsNullOrWhiteSpace(element.Id) || GeneratedId().IsMatch(element.Id))
        {
            return null;
        }

        return new Target { Css = PlainId().IsMatch(element.Id) ? "#" + element.Id : $"[id=\"{element.Id.Replace("\"", "\\\"", StringComparison.Ordinal)}\"]" };
    }

    private static void Add(List<Target> targets, Target? target)
    {
        if (target is not null && !targets.Any(t => t.ToString() == target.ToString()))
        {
            targets.Add(target);
        }
    }

    [GeneratedRegex(@"\d{4,}|^:|^ext-|^ember|^j_id|^react-|^mui-|^el-id-", RegexOptions.CultureInvariant)]
    private static partial Regex GeneratedId();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex PlainId();
}
