using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using RpaRunner.Bots.Web;
using RpaRunner.Workflows.Catalog;
using RpaRunner.Workflows.Model;

namespace RpaRunner.Bots.Scripts;

/// <summary>
/// Department systems as data (<see cref="SystemPackage"/>): a system as this runner knows it, packed for a designer to
/// edit; the checks a package passes before it is published (its catalog entry, every script as the library loads it,
/// the commit-point rules against the catalog as it would be); and putting a published package into the running
/// catalog and script library at once, so the next step dispatched uses it — no restart, no rebuild.
/// </summary>
public sealed class SystemPackages(SystemCatalog catalog, ScriptLibrary library, IOptionsMonitorCache<DepartmentSystemEndpoint>? endpoints = null)
{
    public SystemCatalog Catalog => catalog;

    /// <summary>The system as this runner holds it now (shipped, from the catalog folder, or published); null for an unknown one.</summary>
    public SystemPackage? Export(string systemId)
    {
        if (catalog.FindSystem(systemId) is not { } system)
        {
            return null;
        }

        var scripts = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var action in system.Actions)
        {
            if (library.SourceOfAction(action.Id) is { } json && JsonNode.Parse(json) is JsonObject script)
            {
                scripts[action.Id] = script;
            }
        }

        return new SystemPackage
        {
            System = system,
            Script = library.SourceOfSystem(systemId) is { } source ? JsonNode.Parse(source) as JsonObject : null,
            Scripts = scripts,
        };
    }

    /// <summary>Every problem of a package (empty when it may be published), each naming where it is.</summary>
    public IReadOnlyList<string> Check(SystemPackage package)
    {
        var problems = new List<string>(SystemPackageRules.Check(package, catalog));
        if (problems.Count > 0)
        {
            return problems;
        }

        var system = package.System;
        var actionIds = system.Actions.Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
        var drivenByScripts = system.Kind is DepartmentSystem.WebKind or DepartmentSystem.DesktopKind;
        if (drivenByScripts && package.Script is null)
        {
            problems.Add("script: 缺少系统脚本（登录、业务错误提示、弹窗） / the system script (login, business errors, pop-ups) is missing");
        }
        else if (package.Script is { } systemScript)
        {
            problems.AddRange(ScriptLibrary.Read(systemScript.ToJsonString(), out var read).Select(p => $"script {p}"));
            if (read is SystemScript { } s && s.System != system.Id)
            {
                problems.Add($"script.system: 系统脚本写的是系统 {s.System}，而不是 {system.Id} / the system script names system {s.System}, not {system.Id}");
            }
        }

        var scripts = new List<BotScript>();
        foreach (var (actionId, json) in package.Scripts.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!actionIds.Contains(actionId))
            {
                problems.Add($"scripts.{actionId}: 本系统没有此事项 / the system has no such action");
                continue;
            }

            var read = ScriptLibrary.Read(json.ToJsonString(), out var script);
            problems.AddRange(read.Select(p => $"scripts.{actionId} {p}"));
            if (script is BotScript action)
            {
                if (action.Action != actionId)
                {
                    problems.Add($"scripts.{actionId}.action: 脚本写的是事项 {action.Action} / the script names action {action.Action}");
                }
                else
                {
                    scripts.Add(action);
                }
            }
        }

        if (drivenByScripts)
        {
            foreach (var missing in system.Actions.Where(a => !package.Scripts.ContainsKey(a.Id)))
            {
                problems.Add($"scripts.{missing.Id}: 事项「{missing.Name.Zh}」缺少机器人脚本 / the action {missing.Name.En} has no bot script");
            }
        }

        problems.AddRange(ScriptLibrary.ProblemsOf(scripts, catalog.With(system)).Select(p => $"scripts.{p}"));
        return problems;
    }

    /// <summary>
    /// Replaces a system's scripts in <paramref name="library"/> with the package's: the actions the system had in
    /// <paramref name="current"/> and does not keep lose theirs.
    /// </summary>
    public static void PutScripts(SystemPackage package, SystemCatalog current, ScriptLibrary library)
    {
        var system = package.System;
        var actionIds = (current.FindSystem(system.Id)?.Actions ?? []).Concat(system.Actions).Select(a => a.Id).Distinct();
        library.PutSystem(system.Id, actionIds, package.Script?.ToJsonString(), package.Scripts.ToDictionary(p => p.Key, p => p.Value.ToJsonString(), StringComparer.Ordinal));
    }

    /// <summary>
    /// Puts a published version into the running catalog and script library (a version this runner holds already is
    /// ignored). The package was checked when it was published; it is read again here, and a package this runner cannot
    /// read is refused whole.
    /// </summary>
    public bool Apply(SystemPackage package, int version)
    {
        var system = package.System;
        if (catalog.VersionOf(system.Id) >= version)
        {
            return false;
        }

        PutScripts(package, catalog, library);
        var changed = catalog.Put(system, version);
        endpoints?.TryRemove(system.Id);
        return changed;
    }
}
