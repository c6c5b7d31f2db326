using System.Text.Json.Nodes;
using RpaRunner.Workflows;

namespace RpaRunner.Designer.Systems;

/// <summary>
/// The words of the bot-script language (Bots/Scripts/bot-script.schema.json) as the step editor shows them: each verb
/// with its Chinese name and what it takes, each kind of target likewise. A script is edited as its JSON so whatever
/// the list does not show (a frame's name, checkCodes, a target's "within") survives an edit untouched.
/// </summary>
public static class ScriptSteps
{
    /// <summary>What a verb's own property holds.</summary>
    public enum Operand
    {
        /// <summary>Where on the page or window (a list of targets in priority order).</summary>
        Targets,

        /// <summary>A text: an address for goto, a key for press.</summary>
        Text,

        /// <summary>One of a few words (tab).</summary>
        Choice,

        /// <summary>Only the raw JSON edits it (checkCodes).</summary>
        Raw,
    }

    public sealed record Verb(string Key, LocalizedText Label, Operand Operand, bool TakesValue, IReadOnlyList<string>? Choices = null);

    /// <summary>Every verb the schema knows, in the order a designer meets them.</summary>
    public static readonly IReadOnlyList<Verb> Verbs =
    [
        new("goto", new("打开网址", "Go to address"), Operand.Text, false),
        new("fill", new("填写", "Fill in"), Operand.Targets, true),
        new("select", new("选择下拉项", "Choose an option"), Operand.Targets, true),
        new("date", new("填写日期", "Enter a date"), Operand.Targets, true),
        new("check", new("勾选", "Tick"), Operand.Targets, false),
        new("checkCodes", new("按代码勾选多项", "Tick by codes"), Operand.Raw, true),
        new("click", new("点击", "Click"), Operand.Targets, false),
        new("waitFor", new("等待出现", "Wait for"), Operand.Targets, false),
        new("expect", new("确认页面显示", "Expect to see"), Operand.Targets, false),
        new("frame", new("切换框架", "Switch frame"), Operand.Targets, false),
        new("upload", new("上传材料", "Upload a material"), Operand.Targets, false),
        new("press", new("按键", "Press a key"), Operand.Text, false),
        new("tab", new("切换窗口", "Switch window"), Operand.Choice, false, ["new", "main", "close"]),
        new("ask", new("询问工作人员", "Ask a person"), Operand.Targets, false),
    ];

    public static readonly IReadOnlyDictionary<string, LocalizedText> TabChoices = new Dictionary<string, LocalizedText>(StringComparer.Ordinal)
    {
        ["new"] = new("新打开的窗口", "the new window"),
        ["main"] = new("回到主窗口", "back to the main window"),
        ["close"] = new("关闭当前窗口", "close this window"),
    };

    /// <summary>The kinds of target, in the order the bot tries them when a target has several.</summary>
    public static readonly IReadOnlyList<(string Key, LocalizedText Label)> TargetKinds =
    [
        ("css", new("CSS 选择器", "CSS selector")),
        ("testId", new("测试标识", "Test id")),
        ("label", new("标签文字", "Label")),
        ("role", new("角色", "Role")),
        ("name", new("名称", "Name")),
        ("text", new("显示文字", "Text")),
        ("valueAfterLabel", new("标签后的值", "Value after label")),
        ("pattern", new("文字匹配（正则）", "Text pattern")),
        ("row", new("表格行（含文字）", "Table row holding")),
        ("cell", new("单元格（第几列）", "Cell (column)")),
        ("extract", new("提取（正则）", "Extract (regex)")),
        ("automationId", new("自动化标识（桌面）", "Automation id (desktop)")),
        ("index", new("第几个（桌面，从 0 起）", "Index (desktop, from 0)")),
        ("path", new("控件路径（桌面）", "Tree path (desktop)")),
        ("exact", new("精确匹配", "Exact")),
    ];

    private static readonly HashSet<string> s_numberKinds = ["cell", "index"];

    public static Verb? VerbOf(JsonObject step) => Verbs.FirstOrDefault(v => step.ContainsKey(v.Key));

    public static LocalizedText TargetKindLabel(string key) =>
        TargetKinds.FirstOrDefault(k => k.Key == key).Label ?? new(key, key);

    /// <summary>A new step of a verb with an empty operand the designer fills.</summary>
    public static JsonObject NewStep(string verb)
    {
        var v = Verbs.First(x => x.Key == verb);
        var step = new JsonObject { [verb] = EmptyOperand(v) };
        if (v.TakesValue)
        {
            step["value"] = string.Empty;
        }

        return step;
    }

    /// <summary>
    /// Changes a step's verb in place, keeping its place in the object and its targets when both verbs take targets;
    /// a value is added or dropped as the new verb needs.
    /// </summary>
    public static void ChangeVerb(JsonObject step, string verb)
    {
        var old = VerbOf(step);
        var v = Verbs.First(x => x.Key == verb);
        if (old?.Key == verb)
        {
            return;
        }

        var operand = old is not null && old.Operand == v.Operand && v.Operand == Operand.Targets
            ? step[old.Key]?.DeepClone()
            : EmptyOperand(v);
        var properties = step.Select(p => (p.Key, Value: p.Value?.DeepClone())).ToList();
        step.Clear();
        var placed = false;
        foreach (var (key, value) in properties)
        {
            if (key == old?.Key)
            {
                step[verb] = operand;
                placed = true;
            }
            else if (key != "value" || v.TakesValue)
            {
                step[key] = value;
            }
        }

        if (!placed)
        {
            step[verb] = operand;
        }

        if (v.TakesValue && !step.ContainsKey("value"))
        {
            step["value"] = string.Empty;
        }
    }

    /// <summary>The targets of a step's verb (a new empty list when it holds something else).</summary>
    public static JsonArray TargetsOf(JsonObject step, string verb)
    {
        if (step[verb] is JsonArray targets)
        {
            return targets;
        }

        var made = new JsonArray();
        step[verb] = made;
        return made;
    }

    /// <summary>Moves an item of a list one place up (-1) or down (+1); false when it is already at that end.</summary>
    public static bool Move(JsonArray list, int index, int by)
    {
        var to = index + by;
        if (index < 0 || index >= list.Count || to < 0 || to >= list.Count)
        {
            return false;
        }

        var node = list[index];
        list.RemoveAt(index);
        list.Insert(to, node);
        return true;
    }

    /// <summary>The placeholder a template uses for an action's input ("{{inputs.name}}").</summary>
    public static string Placeholder(string inputId) => $"{{{{inputs.{inputId}}}}}";

    /// <summary>The placeholder for the idempotency key the runner gives every step (受理编号).</summary>
    public const string KeyPlaceholder = "{{key}}";

    /// <summary>Appends a placeholder to a template, with no space added: "{{inputs.a}}{{inputs.b}}" is what the designer asked for.</summary>
    public static string Insert(string? template, string placeholder) => (template ?? string.Empty) + placeholder;

    /// <summary>A target property's value as the editor shows it.</summary>
    public static string Show(JsonNode? value) => value switch
    {
        null => string.Empty,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => value.ToJsonString(),
    };

    /// <summary>A target property's value as the schema wants it: numbers for cell and index, true/false for exact, else text.</summary>
    public static JsonNode? Parse(string kind, string? text)
    {
        text ??= string.Empty;
        if (s_numberKinds.Contains(kind) && int.TryParse(text.Trim(), System.Globalization.CultureInfo.InvariantCulture, out var n))
        {
            return JsonValue.Create(n);
        }

        if (kind == "exact" && bool.TryParse(text.Trim(), out var b))
        {
            return JsonValue.Create(b);
        }

        return JsonValue.Create(text);
    }

    /// <summary>Changes a target's property kind, keeping its value and its place among the others.</summary>
    public static void ChangeKind(JsonObject target, string oldKind, string newKind)
    {
        if (oldKind == newKind || target.ContainsKey(newKind))
        {
            return;
        }

        var properties = target.Select(p => (p.Key, Value: p.Value?.DeepClone())).ToList();
        target.Clear();
        foreach (var (key, value) in properties)
        {
            target[key == oldKind ? newKind : key] = key == oldKind ? Parse(newKind, Show(value)) : value;
        }
    }

    private static JsonNode? EmptyOperand(Verb v) => v.Operand switch
    {
        Operand.Targets => new JsonArray(new JsonObject { ["css"] = string.Empty }),
        Operand.Choice => JsonValue.Create(v.Choices![0]),
        Operand.Raw => new JsonObject(),
        _ => JsonValue.Create(string.Empty),
    };
}
