using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using RpaRunner.Bots.Runtime;

namespace RpaRunner.Bots.Scripts;

/// <summary>
/// How a bot performs one department-system action, as a file a workflow designer can read and fix without
/// recompiling (Bots/Scripts/{web|desktop}/{system}/{action}.json, schema Bots/Scripts/bot-script.schema.json).
/// First <see cref="SearchBeforeCreate"/> looks the record up by the idempotency key; only when it is not
/// there do the <see cref="Steps"/> create it. <see cref="Outputs"/> are read from the page or window
/// that shows the result — after creating, or after opening the record that was found.
/// One step of a creating script is its commit point (<see cref="ScriptStep.Commit"/>): the steps before it may be
/// retried freely; from it on the record may exist, and an attempt that does not end cleanly has an unknown outcome.
/// </summary>
public sealed class BotScript
{
    [JsonPropertyName("$schema")]
    public string? Schema { get; set; }

    public required string Action { get; set; }

    public string? Description { get; set; }

    /// <summary>
    /// For a 更正 (amend) script: the action whose record it corrects. Such a script has no search-before-create;
    /// its steps find the record by the idempotency key the original action wrote, and the system itself makes a
    /// second identical correction harmless.
    /// </summary>
    public string? Amends { get; set; }

    public SearchBlock? SearchBeforeCreate { get; set; }

    public List<ScriptStep> Steps { get; set; } = [];

    /// <summary>Output name → where to read it (ordered fallbacks).</summary>
    public Dictionary<string, List<Target>> Outputs { get; set; } = [];

    /// <summary>
    /// The index of the commit point in <see cref="Steps"/>. A script without one (a 更正 script, which the system
    /// makes harmless to repeat) has its first step as the commit point.
    /// </summary>
    [JsonIgnore]
    public int CommitIndex => Math.Max(0, Steps.FindIndex(s => s.Commit));

    /// <summary>Whether an attempt that fails after the commit point has an unknown outcome: every creating script; a correction is harmless to repeat.</summary>
    [JsonIgnore]
    public bool HasUnknownOutcomes => Amends is null;
}

/// <summary>
/// How the commit step ends when it went well, when that is not a page or window the later steps can check: the
/// window closes (a dialog whose OK stores the record and closes it), or the page moves to an address.
/// </summary>
public sealed class CommitEnding
{
    /// <summary>Desktop: the window closes.</summary>
    public bool Closed { get; set; }

    /// <summary>Web: the page's address comes to contain this text.</summary>
    public string? Url { get; set; }

    public int? TimeoutMs { get; set; }

    public override string ToString() => Closed ? "the window closes" : $"the address contains \"{Url}\"";
}

/// <summary>Finds an existing record: run <see cref="Steps"/>; when <see cref="Found"/> matches, run <see cref="Open"/> and read the outputs.</summary>
public sealed class SearchBlock
{
    public List<ScriptStep> Steps { get; set; } = [];

    public List<Target> Found { get; set; } = [];

    /// <summary>
    /// What the system shows when the search found nothing ("未查询到相关记录"). With it the bot goes on the moment the
    /// answer is on the page, and a page that shows neither answer within the step's time is trouble, not "absent"
    /// (a slow or broken search must never lead to a second record). Without it the bot waits a short while for
    /// <see cref="Found"/> and takes its absence for "not there".
    /// </summary>
    public List<Target> NotFound { get; set; } = [];

    public List<ScriptStep> Open { get; set; } = [];
}

/// <summary>What a bot knows about one department system: how to log in and how the system shows trouble.</summary>
public sealed class SystemScript
{
    [JsonPropertyName("$schema")]
    public string? Schema { get; set; }

    public required string System { get; set; }

    public LoginBlock? Login { get; set; }

    /// <summary>A visible element here means the system refused the data; its text is the message for the operator.</summary>
    public List<Target> BusinessError { get; set; } = [];

    /// <summary>Pop-ups that may appear at any moment and must be closed (announcements).</summary>
    public List<DismissRule> Dismiss { get; set; } = [];

    /// <summary>The address shows the login page: the session has expired.</summary>
    public string? LoggedOutUrlContains { get; set; }

    /// <summary>
    /// A visible element here means the system shows its login form although the address did not change (an application
    /// that keeps the URL when the session ends): the session has expired, like <see cref="LoggedOutUrlContains"/>.
    /// </summary>
    public List<Target> LoggedOutWhenVisible { get; set; } = [];

    /// <summary>Desktop: the application's main window (ordered fallbacks; name is the window title).</summary>
    public List<Target> Window { get; set; } = [];

    /// <summary>Regular expressions: a business-error text that matches one means the system is down or busy (retry), not that it refused the data.</summary>
    public List<string> TransientErrors { get; set; } = [];

    /// <summary>
    /// Regular expressions over a refusal's message: a match means only the applicant can fix the data (a person the
    /// register does not hold, a restricted name), so the case waits for the applicant (补正) instead of an operator.
    /// </summary>
    public List<string> ApplicantRefusals { get; set; } = [];

    /// <summary>The failure a refusal with this message is: the applicant's when one of <see cref="ApplicantRefusals"/> matches, else an operator's.</summary>
    public BotFailureException Refusal(string message)
    {
        var pattern = ApplicantRefusals.FirstOrDefault(p => Regex.IsMatch(message, p, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)));
        return pattern is null ? new BusinessRuleException(message) : new ApplicantRefusalException(message, pattern);
    }
}

public sealed class LoginBlock
{
    public List<ScriptStep> Steps { get; set; } = [];

    /// <summary>
    /// The captcha's entry on the login page. When the login leaves the form showing with it (the account is not exempt),
    /// the bot asks a person (ADR 0028): it shows them <see cref="CaptchaImage"/>, then repeats the login's steps after its
    /// last goto with the answer typed here before the last step (the submit).
    /// </summary>
    public List<Target> Captcha { get; set; } = [];

    /// <summary>The captcha's picture a person reads (default: the whole page).</summary>
    public List<Target> CaptchaImage { get; set; } = [];
}

public sealed class DismissRule
{
    public List<Target> When { get; set; } = [];

    public List<Target> Click { get; set; } = [];
}

/// <summary>
/// One step. Exactly one verb is set: goto, fill, select, date, check, checkCodes, click, waitFor, expect, frame, upload,
/// press, tab, ask. Each verb that acts on an element takes an ordered list of targets: the first that resolves is used, and
/// using any but the first is reported as selector drift. Any step may carry a condition (<see cref="If"/>,
/// <see cref="Unless"/>), a declared refusal (<see cref="RefuseWhen"/>) and the answer to a native dialog it opens
/// (<see cref="Dialog"/>). Targets take the same placeholders as values.
/// </summary>
public sealed class ScriptStep
{
    public string? Goto { get; set; }

    public List<Target>? Fill { get; set; }

    public List<Target>? Select { get; set; }

    public List<Target>? Date { get; set; }

    public List<Target>? Check { get; set; }

    /// <summary>Code → the check box that stands for it; the codes in <see cref="Value"/> (comma-separated) are checked.</summary>
    public Dictionary<string, List<Target>>? CheckCodes { get; set; }

    public List<Target>? Click { get; set; }

    public List<Target>? WaitFor { get; set; }

    public List<Target>? Expect { get; set; }

    /// <summary>
    /// Switch into a frame: by its name (a string), by the frame element (a target: css, title, …, first that resolves),
    /// or back to the top with "top".
    /// </summary>
    [JsonConverter(typeof(FrameRefListConverter))]
    public List<FrameRef>? Frame { get; set; }

    /// <summary>
    /// Hand the case's <see cref="Material"/> to the system: the file input, or a button that opens the file chooser. With
    /// <see cref="Optional"/> a material the case does not hold yet (容缺, 告知承诺) is skipped and noted with the attempt;
    /// without it the step goes to a person naming the material. Optional never skips a file input that is not found.
    /// </summary>
    public List<Target>? Upload { get; set; }

    /// <summary>For <see cref="Upload"/>: the material's id as the bundle declares it.</summary>
    public string? Material { get; set; }

    /// <summary>Press a key ("Enter", "Tab", "Escape", "F2", "Control+A"): on <see cref="On"/> when given, else where the focus is.</summary>
    public string? Press { get; set; }

    /// <summary>For <see cref="Press"/>: the element to focus first.</summary>
    public List<Target>? On { get; set; }

    /// <summary>Pop-ups and tabs: "new" (wait for the window the page opened and work there), "main" (back to the first page), "close" (close this one and go back).</summary>
    public string? Tab { get; set; }

    /// <summary>
    /// Ask a person (ADR 0028): the region to show them (the captcha picture, the page asking for the SMS code); with
    /// <see cref="Prompt"/> the kind (captcha, sms, ukey-pin), <see cref="Into"/> where the answer is typed, <see cref="Then"/>
    /// what to click after it, and <see cref="WrongWhen"/> the system's word that the answer was wrong (ask again).
    /// </summary>
    public List<Target>? Ask { get; set; }

    /// <summary>For <see cref="Ask"/>: where the answer is typed.</summary>
    public List<Target>? Into { get; set; }

    /// <summary>For <see cref="Ask"/>: what to click once the answer is typed (optional).</summary>
    public List<Target>? Then { get; set; }

    /// <summary>For <see cref="Ask"/>: when one of these shows after the answer, the system refused it: ask again, up to Bots:AskAttempts.</summary>
    public List<Target>? WrongWhen { get; set; }

    /// <summary>The value to enter, with placeholders: {{inputs.name}}, {{key}}, {{caseCode}}, {{action}}, {{username}}, {{password}}.</summary>
    public string? Value { get; set; }

    /// <summary>For expect: text the element must contain.</summary>
    public string? Text { get; set; }

    /// <summary>For select: <see cref="Value"/> is the option's visible text, not its code.</summary>
    public bool ByText { get; set; }

    /// <summary>Run the step only when one of these targets shows now (checked without waiting; put a waitFor before it when the page is slow).</summary>
    public List<Target>? If { get; set; }

    /// <summary>Run the step only when none of these targets shows now.</summary>
    public List<Target>? Unless { get; set; }

    /// <summary>
    /// A refusal this step may meet: when one of these targets shows after the step (or instead of its target), the step
    /// fails as the system's refusal with <see cref="Reason"/> and the element's text, and the usual evidence.
    /// </summary>
    public List<Target>? RefuseWhen { get; set; }

    /// <summary>
    /// The department's word that the matter waits for the applicant (待缴费): when one of these targets shows after the
    /// step (or instead of its target), the attempt ends as awaiting — no failure, no evidence, looked at again later.
    /// Only for an action whose contract declares <c>awaits</c>.
    /// </summary>
    public List<Target>? AwaitWhen { get; set; }

    /// <summary>For <see cref="RefuseWhen"/> and <see cref="AwaitWhen"/>: the reason given to the operator (placeholders allowed).</summary>
    public string? Reason { get; set; }

    /// <summary>
    /// The native dialog (alert, confirm, prompt) this step opens and how to answer it: "accept", "dismiss", or "refuse" (a
    /// dialog that appears is the system's refusal, its text the message; no dialog means the step went through).
    /// </summary>
    public string? Dialog { get; set; }

    /// <summary>For <see cref="Dialog"/> "accept" on a prompt: the text to type (placeholders allowed). For <see cref="Ask"/>: what is asked (captcha, sms, ukey-pin).</summary>
    public string? Prompt { get; set; }

    /// <summary>How failure messages name the step (e.g. the field's label); default: the first target's label, name or text.</summary>
    public string? Title { get; set; }

    /// <summary>When the element never appears, go on instead of failing (e.g. a confirmation that is switched off).</summary>
    public bool Optional { get; set; }

    /// <summary>Skip the step when its value is empty (optional inputs).</summary>
    public bool SkipIfEmpty { get; set; }

    public int? TimeoutMs { get; set; }

    /// <summary>
    /// The commit point: this step stores the record (the submit click, OK). The bot confirms its lease and the engine
    /// notes the moment right before it; from then on nothing is retried on the spot.
    /// </summary>
    public bool Commit { get; set; }

    /// <summary>On the commit step: how it ends when it went well, checked instead of the system's health.</summary>
    public CommitEnding? Ending { get; set; }

    /// <summary>The verbs a step may have, in the order <see cref="Verb"/> looks for them.</summary>
    public static readonly IReadOnlyList<string> Verbs = ["goto", "fill", "select", "date", "check", "checkCodes", "click", "waitFor", "expect", "frame", "upload", "press", "tab", "ask"];

    [JsonIgnore]
    public string Verb =>
        Goto is not null ? "goto" : Fill is not null ? "fill" : Select is not null ? "select" : Date is not null ? "date"
        : Check is not null ? "check" : CheckCodes is not null ? "checkCodes" : Click is not null ? "click"
        : WaitFor is not null ? "waitFor" : Expect is not null ? "expect" : Frame is not null ? "frame"
        : Upload is not null ? "upload" : Press is not null ? "press" : Tab is not null ? "tab" : Ask is not null ? "ask" : "none";

    [JsonIgnore]
    public List<Target>? Targets => Fill ?? Select ?? Date ?? Check ?? Click ?? WaitFor ?? Expect ?? Upload ?? Ask ?? On;

    /// <summary>Every target list of the step (for checks and placeholders): the verb's, the check boxes', conditions, refusals, frames.</summary>
    [JsonIgnore]
    public IEnumerable<Target> AllTargets =>
        new[] { Targets, If, Unless, RefuseWhen, AwaitWhen, Into, Then, WrongWhen, Frame?.Where(f => f.Element is not null).Select(f => f.Element!).ToList() }
            .Concat(CheckCodes?.Values ?? Enumerable.Empty<List<Target>>())
            .Where(list => list is not null)
            .SelectMany(list => list!);

    /// <summary>How failure messages name the step: its title, or a target's label, name or text, or the first target's selector.</summary>
    [JsonIgnore]
    public string Subject =>
        Title
        ?? Targets?.Select(t => t.Label ?? t.Name ?? t.Text ?? t.ValueAfterLabel).FirstOrDefault(s => s is not null)
        ?? (Targets?.FirstOrDefault() is { } t ? t.TestId ?? t.AutomationId ?? t.Row ?? t.Css ?? t.Path ?? t.Pattern ?? string.Empty
            : Goto ?? Press ?? Tab ?? string.Join(" ", Frame?.Select(f => f.ToString()) ?? []));
}

/// <summary>A frame to switch into: by name (or "top"), or the frame element as a target.</summary>
public sealed record FrameRef(string? Name, Target? Element)
{
    public override string ToString() => Name ?? Element?.ToString() ?? string.Empty;
}

/// <summary>Reads a frame list whose items are names (strings) or targets (objects), and writes it back the same way.</summary>
public sealed class FrameRefListConverter : JsonConverter<List<FrameRef>>
{
    public override List<FrameRef> Read(ref System.Text.Json.Utf8JsonReader reader, Type typeToConvert, System.Text.Json.JsonSerializerOptions options)
    {
        var items = System.Text.Json.JsonSerializer.Deserialize<List<System.Text.Json.JsonElement>>(ref reader, options) ?? [];
        return [.. items.Select(item => item.ValueKind == System.Text.Json.JsonValueKind.String
            ? new FrameRef(item.GetString(), null)
            : new FrameRef(null, System.Text.Json.JsonSerializer.Deserialize<Target>(item, options)))];
    }

    public override void Write(System.Text.Json.Utf8JsonWriter writer, List<FrameRef> value, System.Text.Json.JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var frame in value)
        {
            if (frame.Name is { } name)
            {
                writer.WriteStringValue(name);
            }
            else
            {
                System.Text.Json.JsonSerializer.Serialize(writer, frame.Element, options);
            }
        }

        writer.WriteEndArray();
    }
}

/// <summary>
/// Where an element is. Web: css, label, role (+ name), testId, text, valueAfterLabel (read the cell after a
/// label), pattern (its text must match), row (the table row whose cell holds this text; with cell, that cell; with
/// other selectors, the element inside the row). Desktop: automationId, name, label (the element's name, or the label
/// that names it through the accessibility "labelled-by" relation), role (control type or AT-SPI role), text, pattern
/// (regular expression on the element's text), index (the n-th match, from 0), path (the tree path from the window).
/// <see cref="Within"/> narrows the search to a container (ancestry). Every text takes placeholders ({{key}}, {{inputs.x}}).
/// For outputs, <see cref="Extract"/> cuts the value out of the element's text.
/// </summary>
public sealed class Target
{
    public string? Css { get; set; }

    public string? Label { get; set; }

    public string? Role { get; set; }

    public string? Name { get; set; }

    public string? TestId { get; set; }

    public string? Text { get; set; }

    public string? ValueAfterLabel { get; set; }

    public string? AutomationId { get; set; }

    /// <summary>
    /// A regular expression the element's text must match (e.g. a status label's final states). Web: narrows the
    /// other selectors of the target, or alone finds an element by its text.
    /// </summary>
    public string? Pattern { get; set; }

    /// <summary>Web: the table row (tr) one of whose cells holds exactly this text (e.g. "{{key}}").</summary>
    public string? Row { get; set; }

    /// <summary>With <see cref="Row"/>: the cell of that row to use, counted from 1.</summary>
    public int? Cell { get; set; }

    /// <summary>Desktop: among the elements the rest of the target matches (inside <see cref="Within"/>), the one at this position, from 0.</summary>
    public int? Index { get; set; }

    /// <summary>
    /// Desktop: the path from the window, as the driver's log and tree dumps write it — segments role[name] or role#n (the
    /// n-th child, from 0) separated by "/", e.g. "filler#0/panel[申请人]/text#1".
    /// </summary>
    public string? Path { get; set; }

    /// <summary>
    /// For outputs: a regular expression over the element's text; the output is its group "value", else its first group,
    /// else the whole match (e.g. "受理号[:：]\\s*(\\w+)").
    /// </summary>
    public string? Extract { get; set; }

    public bool Exact { get; set; } = true;

    public Target? Within { get; set; }

    /// <summary>A copy with every text's placeholders replaced (regular expressions get their values escaped).</summary>
    public Target Expand(ScriptValues values)
    {
        string? Plain(string? text) => text is null ? null : values.Expand(text);
        string? Regular(string? text) => text is null ? null : values.Expand(text, Regex.Escape);
        return new Target
        {
            Css = Plain(Css), Label = Plain(Label), Role = Role, Name = Plain(Name), TestId = Plain(TestId), Text = Plain(Text),
            ValueAfterLabel = Plain(ValueAfterLabel), AutomationId = Plain(AutomationId), Row = Plain(Row), Path = Plain(Path),
            Pattern = Regular(Pattern), Extract = Regular(Extract), Cell = Cell, Index = Index, Exact = Exact, Within = Within?.Expand(values),
        };
    }

    /// <summary>Every text of the target that may hold placeholders, with its ancestry.</summary>
    [JsonIgnore]
    public IEnumerable<string> Texts =>
        new[] { Css, Label, Name, TestId, Text, ValueAfterLabel, AutomationId, Row, Path, Pattern, Extract }.OfType<string>()
            .Concat(Within?.Texts ?? []);

    public override string ToString() =>
        (Within is null ? string.Empty : $"{Within} » ")
        + string.Join(" ", new[]
        {
            Css is null ? null : $"css={Css}", Label is null ? null : $"label={Label}", Role is null ? null : $"role={Role}",
            Name is null ? null : $"name={Name}", TestId is null ? null : $"testId={TestId}", Text is null ? null : $"text={Text}",
            ValueAfterLabel is null ? null : $"valueAfterLabel={ValueAfterLabel}", AutomationId is null ? null : $"automationId={AutomationId}",
            Pattern is null ? null : $"pattern={Pattern}", Row is null ? null : $"row={Row}", Cell is null ? null : $"cell={Cell}",
            Index is null ? null : $"index={Index}", Path is null ? null : $"path={Path}",
        }.Where(p => p is not null));
}
