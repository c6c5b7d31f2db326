using RpaRunner.Bots.Scripts;
using RpaRunner.Workflows.Catalog;

namespace RpaRunner.Bots.Tests.Scripts;

public sealed class ScriptLibraryTests
{
    private static readonly ScriptLibrary s_library = ScriptLibrary.Load();
    private static readonly SystemCatalog s_systems = SystemCatalog.LoadEmbedded();

    public static TheoryData<string> WebActions() => [.. s_systems.Systems.Where(s => s.Kind == "web").SelectMany(s => s.Actions).Select(a => a.Id)];

    [Theory]
    [MemberData(nameof(WebActions))]
    public void EveryWebAction_HasAScript_ThatSearchesFirst_AndUsesEveryInputAndOutput(string actionId)
    {
        var script = s_library.FindAction(actionId);
        Assert.NotNull(script);
        // A 更正 script finds the record it corrects by the key instead of searching before creating.
        Assert.True(script.SearchBeforeCreate is not null || (script.Amends is not null && s_library.FindAction(script.Amends) is not null), $"{actionId} neither searches first nor amends a scripted action");
        var action = s_systems.FindAction(actionId)!;
        var values = string.Join(" ", script.Steps.Select(s => s.Value));
        Assert.All(action.InputIds, input => Assert.Contains("{{inputs." + input + "}}", values));
        Assert.Contains("{{key}}", values);
        Assert.Equal(action.OutputIds.Order(), script.Outputs.Keys.Order());
    }

    [Fact]
    public void EveryWebSystem_HasLoginAndTroubleSigns()
    {
        foreach (var system in s_systems.Systems.Where(s => s.Kind == "web"))
        {
            var script = s_library.FindSystem(system.Id);
            Assert.NotNull(script);
            Assert.NotNull(script.Login);
            Assert.NotEmpty(script.BusinessError);
            Assert.NotNull(script.LoggedOutUrlContains);
        }
    }

    [Fact]
    public void Validate_AStepWithTwoVerbsOrAnUnknownProperty_IsRefused()
    {
        var problems = ScriptLibrary.Validate("""
            { "action": "gongan.registerNewborn", "steps": [ { "goto": "/x", "click": [ { "css": "#a" } ] }, { "fill": [ { "colour": "red" } ], "value": "v" } ], "outputs": {} }
            """);
        Assert.NotEmpty(problems);
        Assert.Contains(problems, p => p.Contains("colour", StringComparison.Ordinal) || p.Contains("steps[1]", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_AFolderOfOverrides_ReplacesTheShippedScript()
    {
        var folder = Directory.CreateTempSubdirectory("rpa-scripts-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "fix.json"), """
                { "action": "gongan.registerNewborn", "description": "patched", "steps": [ { "goto": "/biz/registerNewborn" } ], "outputs": { "childIdNumber": [ { "css": "#out" } ] } }
                """);
            Assert.Equal("patched", ScriptLibrary.Load(folder).FindAction("gongan.registerNewborn")!.Description);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void ScriptValues_ExpandInputsKeysAndUrlEscaping()
    {
        var values = new ScriptValues(new Dictionary<string, string?> { ["name"] = "张三" }, new Dictionary<string, string?> { ["key"] = "NB1:step" });
        Assert.Equal("/s?k=NB1%3Astep&n=张三", values.Expand("/s?k={{key|url}}&n={{inputs.name}}"));
        Assert.Equal(string.Empty, values.Expand("{{inputs.missing}}"));
        Assert.Throws<RpaRunner.Bots.Runtime.NeedsPersonException>(() => values.Expand("{{nonsense}}"));
    }
}
