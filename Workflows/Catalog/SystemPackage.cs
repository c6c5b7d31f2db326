using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using RpaRunner.Workflows.Model;

namespace RpaRunner.Workflows.Catalog;

/// <summary>
/// One department system as data: its catalog entry (department, kind, pool, the address bots open, the actions with
/// their typed contracts), its system script (login, business errors, pop-ups) and one bot script per action. This is
/// what a designer creates, edits, validates and publishes, what the catalog folder holds for version control, and what
/// a farm's runners pick up — one file, so a system never half-changes.
/// </summary>
public sealed class SystemPackage
{
    public required DepartmentSystem System { get; set; }

    /// <summary>The system script (Bots/Scripts/bot-script.schema.json, definition "system"); none for a certificate library.</summary>
    public JsonObject? Script { get; set; }

    /// <summary>Action id → its bot script (definition "action").</summary>
    public Dictionary<string, JsonObject> Scripts { get; set; } = new(StringComparer.Ordinal);

    public static SystemPackage FromJson(string json) =>
        JsonSerializer.Deserialize<SystemPackage>(json, JsonDefaults.Options) ?? throw new JsonException("The system package is empty.");

    public string ToJson() => JsonSerializer.Serialize(this, s_indented);

    private static readonly JsonSerializerOptions s_indented = new(JsonDefaults.Options) { WriteIndented = true };
}

/// <summary>
/// The rules a system's catalog entry must keep before it is published (its scripts are checked by the bots' script
/// library, and the bundles that use it by the bundle validator). Each problem names where it is, in Chinese and English.
/// </summary>
public static partial class SystemPackageRules
{
    [GeneratedRegex("^[a-z][a-z0-9-]{1,39}$", RegexOptions.CultureInvariant)]
    public static partial Regex SystemId();

    [GeneratedRegex("^[a-zA-Z][a-zA-Z0-9]{0,59}$", RegexOptions.CultureInvariant)]
    private static partial Regex ActionName();

    /// <summary>The kinds a designer may give a new system: the product has a bot for each without code.</summary>
    public static readonly string[] DesignableKinds = [DepartmentSystem.WebKind, DepartmentSystem.DesktopKind];

    public static IReadOnlyList<string> Check(SystemPackage package, SystemCatalog current)
    {
        ArgumentNullException.ThrowIfNull(package);
        var problems = new List<string>();
        var system = package.System;
        if (system is null)
        {
            return ["system: 缺少系统目录条目 / the package has no system entry"];
        }

        if (string.IsNullOrEmpty(system.Id) || !SystemId().IsMatch(system.Id))
        {
            problems.Add($"system.id: 系统编号须为小写字母开头的 2–40 位小写字母、数字或“-” / the id must be 2–40 lower-case letters, digits or '-', starting with a letter: {system.Id}");
        }

        if (string.IsNullOrWhiteSpace(system.Department))
        {
            problems.Add("system.department: 请填写所属部门 / name the department");
        }

        if (system.Name is null || string.IsNullOrWhiteSpace(system.Name.Zh) || string.IsNullOrWhiteSpace(system.Name.En))
        {
            problems.Add("system.name: 请填写中文和英文名称 / give the name in Chinese and in English");
        }

        var shipped = current.FindSystem(system.Id ?? string.Empty);
        if (!DesignableKinds.Contains(system.Kind) && shipped?.Kind != system.Kind)
        {
            problems.Add($"system.kind: 类型须为 web（网页系统）或 desktop（桌面客户端） / the kind must be web or desktop: {system.Kind}");
        }

        if (!current.Systems.Any(s => s.Pool == system.Pool && s.Kind == system.Kind))
        {
            var pools = current.Systems.Where(s => s.Kind == system.Kind).Select(s => s.Pool).Distinct().Order(StringComparer.Ordinal);
            problems.Add($"system.pool: 没有运行 {system.Kind} 类系统的机器人池“{system.Pool}” / no bot pool '{system.Pool}' runs {system.Kind} systems; use one of: {string.Join(", ", pools)}");
        }

        if (system.BaseUrl is not null && !(Uri.TryCreate(system.BaseUrl, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"))
        {
            problems.Add($"system.baseUrl: 须为 http(s) 绝对地址 / must be an absolute http(s) address: {system.BaseUrl}");
        }

        if (system.Actions is null || system.Actions.Count == 0)
        {
            problems.Add("system.actions: 系统至少要有一个事项 / a system offers at least one action");
            return problems;
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (action, index) in system.Actions.Select((a, i) => (a, i)))
        {
            var where = $"system.actions[{index}]";
            var prefix = system.Id + ".";
            if (action.Id is null || !action.Id.StartsWith(prefix, StringComparison.Ordinal) || !ActionName().IsMatch(action.Id[prefix.Length..]))
            {
                problems.Add($"{where}.id: 事项编号须为“{prefix}”加英文名称（如 {prefix}registerRecord） / an action id is '{prefix}' and a name such as {prefix}registerRecord: {action.Id}");
                continue;
            }

            if (!ids.Add(action.Id))
            {
                problems.Add($"{where}.id: 事项编号 {action.Id} 重复 / the action id {action.Id} is used twice");
            }

            if (current.SystemOf(action.Id) is { } owner && owner.Id != system.Id)
            {
                problems.Add($"{where}.id: 事项 {action.Id} 已属于系统 {owner.Id} / the action belongs to system {owner.Id}");
            }

            if (action.Name is null || string.IsNullOrWhiteSpace(action.Name.Zh) || string.IsNullOrWhiteSpace(action.Name.En))
            {
                problems.Add($"{where}.name: 请填写事项的中文和英文名称 / give the action's name in Chinese and in English");
            }

            problems.AddRange(ActionContract.DefinitionProblems(action).Select(e => $"{where}（{action.Id}）{e.Path}: {e.Message} / {e.MessageEn}"));
        }

        foreach (var action in system.Actions.Where(a => a.Id is not null))
        {
            foreach (var (word, named) in new[] { ("amendedBy", action.AmendedBy), ("amends", action.Amends) }.Where(x => x.Item2 is not null))
            {
                if (!ids.Contains(named!))
                {
                    problems.Add($"{action.Id}.{word}: 本系统没有事项 {named} / this system has no action {named}");
                }
            }
        }

        return problems;
    }
}
