using System.Text.Json;
using Bunit;
using RpaRunner.Designer.Design;
using RpaRunner.Designer.Tests.TestSupport;
using RpaRunner.Workflows.Model;

namespace RpaRunner.Designer.Tests.Design;

public sealed class ConditionEditorTests : IAsyncDisposable
{
    private readonly BunitContext _context = UiTestContext.Create();

    private IRenderedComponent<ConditionEditor> Render(StepCondition? condition, Action<StepCondition?> onChange)
    {
        var bundle = DraftEditor.FromJson(UiTestContext.Catalog.Value.SourceOf("retirement", 1)!);
        var step = bundle.FindStep("onlyChildReward")!;
        step.Condition = condition;
        return _context.RenderInChinese<ConditionEditor>(p => p
            .Add(x => x.Step, step)
            .Add(x => x.Form, bundle.Form)
            .Add(x => x.OnChange, c => onChange(c)));
    }

    [Fact]
    public void Render_TheShippedCondition_AsARowWithTheFieldsLabelAndAYesNoValue()
    {
        var bundle = DraftEditor.FromJson(UiTestContext.Catalog.Value.SourceOf("retirement", 1)!);
        var cut = Render(bundle.FindStep("onlyChildReward")!.Condition, _ => { });

        var row = cut.Find("[data-testid=condition-row]");
        var field = row.QuerySelector("[data-testid=condition-field]")!;
        Assert.Equal("form.onlyChild.hasCertificate", field.GetAttribute("value"));
        Assert.Equal("是否持有独生子女父母光荣证", field.QuerySelector("option[value='form.onlyChild.hasCertificate']")!.TextContent);
        Assert.Equal("true", row.QuerySelector("[data-testid=condition-value]")!.GetAttribute("value"));
        Assert.Empty(cut.FindAll("[data-testid=step-condition]"));
    }

    [Fact]
    public void Change_TheValue_RaisesTheConditionTypedByTheField()
    {
        StepCondition? raised = null;
        var cut = Render(JsonSerializer.Deserialize<StepCondition>("""{"path":"form.onlyChild.hasCertificate","equals":true}""", JsonDefaults.Options), c => raised = c);

        cut.Find("[data-testid=condition-value]").Change("false");

        Assert.Equal("""{"path":"form.onlyChild.hasCertificate","equals":false}""", JsonSerializer.Serialize(raised, JsonDefaults.Options));
    }

    [Fact]
    public void Change_ToAValueThatDoesNotFitTheField_ShowsWhyAndRaisesNothing()
    {
        var raised = 0;
        var cut = Render(JsonSerializer.Deserialize<StepCondition>("""{"path":"form.applicant.contributionYears","equals":15}""", JsonDefaults.Options), _ => raised++);

        cut.Find("[data-testid=condition-value]").Change("十五");

        Assert.Equal("请填写整数", cut.Find("[data-testid=condition-problem]").TextContent);
        Assert.Equal(0, raised);
    }

    [Fact]
    public void Render_ANestedCondition_OpensTheJsonViewWithANote()
    {
        var cut = Render(JsonSerializer.Deserialize<StepCondition>("""{"all":[{"any":[{"path":"form.applicant.sex","equals":"1"}]}]}""", JsonDefaults.Options), _ => { });

        Assert.Contains("只能在 JSON 中修改", cut.Find("[data-testid=condition-note]").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=condition-row]"));
    }

    public ValueTask DisposeAsync() => _context.DisposeAsync();
}
