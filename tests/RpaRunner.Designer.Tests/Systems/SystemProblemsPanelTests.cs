using System.Text.Json.Nodes;
using Bunit;
using RpaRunner.Bots.Scripts;
using RpaRunner.Designer.Systems;
using RpaRunner.Designer.Tests.TestSupport;
using RpaRunner.Workflows.Catalog;

namespace RpaRunner.Designer.Tests.Systems;

public sealed class SystemProblemsPanelTests : IAsyncDisposable
{
    private readonly BunitContext _context = UiTestContext.Create();

    /// <summary>The checks a published package must pass, against the catalog and scripts RpaRunner ships.</summary>
    private static IReadOnlyList<string> Check(SystemPackage package) =>
        new SystemPackages(SystemCatalog.LoadEmbedded(), ScriptLibrary.Load()).Check(package);

    private static SystemEditor Permits()
    {
        var editor = new SystemEditor(SystemEditor.NewSystem("jiedao-permits", new("街道许可登记系统", "Permit register"), "街道办事处", "web", "web", "http://127.0.0.1:5999/"));
        var action = editor.AddAction();
        editor.RenameAction(action, "jiedao-permits.registerPermit");
        action.Name = new("许可登记", "Register a permit");
        action.Inputs.Add(new() { Id = "name", Label = new("申请人姓名", "Applicant's name"), Type = Workflows.Forms.FieldType.ChineseName, Required = true });
        var script = editor.ScriptOf(action);
        script["steps"] = new JsonArray(
            JsonNode.Parse("""{ "goto": "/permits/new" }"""),
            JsonNode.Parse("""{ "fill": [{ "css": "#holderName" }], "value": "{{inputs.name}}" }"""),
            JsonNode.Parse("""{ "click": [{ "css": "#submit" }], "commit": true }"""));
        return editor;
    }

    private IRenderedComponent<SystemProblemsPanel> Render(IReadOnlyList<string>? problems) =>
        _context.RenderInChinese<SystemProblemsPanel>(p => p.Add(x => x.Problems, problems));

    [Fact]
    public void Render_AScriptThatCannotFindItsRecord_SaysSoInChineseFirst()
    {
        var problems = Check(Permits().Package);
        var cut = Render(problems);

        var item = Assert.Single(cut.FindAll("[data-testid=problem]"));
        Assert.StartsWith("缺少“先查后建”", item.QuerySelector("[data-testid=problem-zh]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("searchBeforeCreate", item.QuerySelector("[data-testid=problem-en]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("scripts.jiedao-permits.registerPermit", item.QuerySelector("[data-testid=problem-where]")!.TextContent);
        Assert.Contains("有 1 个问题", cut.Find("[data-testid=problems-count]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_TheSameScriptWithItsSearch_ShowsNoProblem()
    {
        var editor = Permits();
        editor.ScriptOf(editor.System.Actions[0])["searchBeforeCreate"] = JsonNode.Parse("""
            { "steps": [{ "goto": "/permits?externalNo={{key|url}}" }], "found": [{ "role": "link", "name": "查看" }], "notFound": [{ "css": ".empty" }] }
            """);

        var cut = Render(Check(editor.Package));

        Assert.Empty(cut.FindAll("[data-testid=problem]"));
        Assert.Equal("检查通过，可以发布。", cut.Find("[data-testid=problems-none]").TextContent);
    }

    [Fact]
    public void Render_BilingualProblems_PutTheChineseBeforeTheEnglish()
    {
        var cut = Render(["system.department: 请填写所属部门 / name the department", "scripts.x.y steps[0]（第 1 步）: 未知的动作或选项「clik」/ unknown verb or option \"clik\""]);

        var items = cut.FindAll("[data-testid=problem]");
        Assert.Equal(["请填写所属部门", "未知的动作或选项「clik」"], items.Select(i => i.QuerySelector("[data-testid=problem-zh]")!.TextContent));
        Assert.Equal([" / name the department", " / unknown verb or option \"clik\""], items.Select(i => i.QuerySelector("[data-testid=problem-en]")!.TextContent));
        Assert.Equal(["system.department", "scripts.x.y steps[0]（第 1 步）"], items.Select(i => i.QuerySelector("[data-testid=problem-where]")!.TextContent));
        Assert.All(items, i => Assert.True(i.TextContent.IndexOf(i.QuerySelector("[data-testid=problem-zh]")!.TextContent, StringComparison.Ordinal) < i.TextContent.IndexOf(" / ", StringComparison.Ordinal)));
    }

    [Fact]
    public void Parse_AnEnglishMessageWithoutAGloss_SaysItIsTheOriginalInChinese()
    {
        var problem = SystemProblem.Parse("scripts.a.b: something new went wrong");

        Assert.Equal(new SystemProblem("scripts.a.b", "（以下为英文原文）", "something new went wrong"), problem);
    }

    public ValueTask DisposeAsync() => _context.DisposeAsync();
}
