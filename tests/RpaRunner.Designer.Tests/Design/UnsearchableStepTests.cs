using Bunit;
using RpaRunner.Designer.Access;
using RpaRunner.Designer.Design;
using RpaRunner.Designer.Tests.TestSupport;

namespace RpaRunner.Designer.Tests.Design;

/// <summary>A step on a system that cannot be searched (idempotent: false) shows its risk where the designer works on it.</summary>
public sealed class UnsearchableStepTests : IAsyncLifetime
{
    private const string ContactAction = "gongjijin-contact.registerContact";
    private readonly BunitContext _context = UiTestContext.Create();

    private static DraftEditor Retirement()
    {
        var catalog = UiTestContext.Catalog.Value;
        return new DraftEditor(DraftEditor.FromJson(catalog.SourceOf("retirement", 1)!), null, catalog.Systems);
    }

    [Fact]
    public void StepProperties_StepOnASystemThatCannotBeSearched_ShowsTheWarningChipAndWhatItMeans()
    {
        var editor = Retirement();
        var step = editor.AddStep(ContactAction, 40, 40);

        var cut = _context.RenderInChinese<StepProperties>(p => p.Add(x => x.Editor, editor).Add(x => x.Step, step));

        var warning = cut.Find("[data-testid=step-warning]");
        Assert.Equal("unsearchable", warning.GetAttribute("data-code"));
        Assert.Equal("无法查重", cut.Find("[data-testid=step-warning-chip]").TextContent.Trim());
        Assert.Equal("该系统无法按综窗受理编号查询；提交后结果不明时需人工核实，不会自动重试", cut.Find("[data-testid=step-warning-text]").TextContent.Trim());
    }

    [Fact]
    public void StepProperties_StepOnASearchableSystem_ShowsNoWarning()
    {
        var editor = Retirement();

        var cut = _context.RenderInChinese<StepProperties>(p => p.Add(x => x.Editor, editor).Add(x => x.Step, editor.Bundle.FindStep("housingFund")!));

        Assert.Empty(cut.FindAll("[data-testid=step-warning]"));
        Assert.Contains("无法查重", cut.Find($"[data-testid=step-action] option[value='{ContactAction}']").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Canvas_MarksOnlyTheNodeOfTheUnsearchableStep()
    {
        var editor = Retirement();
        var step = editor.AddStep(ContactAction, 40, 40);

        var model = FlowchartCanvas.ModelOf(editor, null, DraftProblems.None, UiText.Chinese);

        var node = model.Nodes.Single(n => n.Id == step.Id);
        Assert.Equal("无法查重", node.Warning);
        Assert.Contains("人工核实", node.WarningTip, StringComparison.Ordinal);
        Assert.All(model.Nodes.Where(n => n.Id != step.Id), n => Assert.Null(n.Warning));
        Assert.Equal("not searchable", FlowchartCanvas.ModelOf(editor, null, DraftProblems.None, UiText.English).Nodes.Single(n => n.Id == step.Id).Warning);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    // MudBlazor's chips hold services that are only disposed asynchronously.
    public Task DisposeAsync() => _context.DisposeAsync().AsTask();
}
