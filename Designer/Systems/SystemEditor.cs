using System.Text.Json;
using System.Text.Encodings.Web;
using System.Text.Json.Nodes;
using RpaRunner.Workflows;
using RpaRunner.Workflows.Catalog;
using RpaRunner.Workflows.Model;

namespace RpaRunner.Designer.Systems;

/// <summary>
/// A department system's draft as the designer edits it: the package held as a model (catalog entry, system script,
/// one bot script per action) so the pages change it in place, and its JSON — what is saved and what the checks read.
/// Every change goes through <see cref="Touch"/> so the page knows to re-check and that the draft is unsaved.
/// </summary>
public sealed class SystemEditor(SystemPackage package)
{
    public SystemPackage Package { get; private set; } = package;

    public DepartmentSystem System => Package.System;

    /// <summary>Raised after every change.</summary>
    public event Action? Changed;

    public string Json => Package.ToJson();

    public void Touch() => Changed?.Invoke();

    /// <summary>Replaces the whole package from its JSON (the raw view); the reason when it cannot be read, else null.</summary>
    public string? Replace(string json)
    {
        try
        {
            Package = SystemPackage.FromJson(json);
        }
        catch (JsonException ex)
        {
            return $"不是有效的系统包 JSON / not a valid system package: {ex.Message}";
        }

        Touch();
        return null;
    }

    /// <summary>A new system: its catalog entry without actions and a system script naming it, ready for the designer to fill.</summary>
    public static SystemPackage NewSystem(string id, LocalizedText name, string department, string kind, string pool, string? baseUrl) => new()
    {
        System = new DepartmentSystem
        {
            Id = id,
            Name = name,
            Department = department,
            Kind = kind,
            Pool = pool,
            BaseUrl = string.IsNullOrWhiteSpace(baseUrl) ? null : baseUrl.Trim(),
        },
        Script = new JsonObject { ["system"] = id },
    };

    /// <summary>Adds an action with a unique id and an empty script that names it; returns it.</summary>
    public SystemAction AddAction()
    {
        var n = System.Actions.Count + 1;
        while (System.Actions.Exists(a => a.Id == $"{System.Id}.action{n}"))
        {
            n++;
        }

        var action = new SystemAction { Id = $"{System.Id}.action{n}", Name = new("新事项", "New action") };
        System.Actions.Add(action);
        Package.Scripts[action.Id] = NewScript(action.Id);
        Touch();
        return action;
    }

    public void RemoveAction(SystemAction action)
    {
        System.Actions.Remove(action);
        Package.Scripts.Remove(action.Id);
        Touch();
    }

    /// <summary>Renames an action: its script follows it and names the new id.</summary>
    public void RenameAction(SystemAction action, string id)
    {
        if (id == action.Id)
        {
            return;
        }

        if (Package.Scripts.Remove(action.Id, out var script))
        {
            script["action"] = id;
            Package.Scripts[id] = script;
        }

        action.Id = id;
        Touch();
    }

    /// <summary>The bot script of an action, made (empty) when it has none yet.</summary>
    public JsonObject ScriptOf(SystemAction action)
    {
        if (!Package.Scripts.TryGetValue(action.Id, out var script))
        {
            script = NewScript(action.Id);
            Package.Scripts[action.Id] = script;
        }

        return script;
    }

    /// <summary>Replaces an action's script from its JSON (the raw view); the reason when it cannot be read, else null.</summary>
    public string? ReplaceScript(SystemAction action, string json)
    {
        try
        {
            if (JsonNode.Parse(json) is not JsonObject script)
            {
                return "脚本须为 JSON 对象 / a script is a JSON object";
            }

            Package.Scripts[action.Id] = script;
        }
        catch (JsonException ex)
        {
            return $"不是有效的 JSON / not valid JSON: {ex.Message}";
        }

        Touch();
        return null;
    }

    public static string Indented(JsonNode node) => node.ToJsonString(s_indented);

    private static JsonObject NewScript(string actionId) => new() { ["action"] = actionId, ["steps"] = new JsonArray(), ["outputs"] = new JsonObject() };

    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>How people call a system's kind; never the key.</summary>
    public static LocalizedText KindLabel(string? kind) => kind switch
    {
        DepartmentSystem.WebKind => new("网页系统", "Web system"),
        DepartmentSystem.DesktopKind => new("桌面客户端", "Desktop client"),
        DepartmentSystem.LicenceKind => new("电子证照库", "Certificate library"),
        _ => new("未知类型", "Unknown kind"),
    };
}
