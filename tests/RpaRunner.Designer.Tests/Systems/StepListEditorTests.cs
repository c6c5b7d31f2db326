using System.Text.Json.Nodes;
using Bunit;
using RpaRunner.Designer.Systems;
using RpaRunner.Designer.Tests.TestSupport;
using RpaRunner.Workflows.Forms;

namespace RpaRunner.Designer.Tests.Systems;

public sealed class StepListEditorTests : IAsyncDisposable
{
    private static readonly IReadOnlyList<FormField> Inputs =
    [
        new() { Id = "name", Label = new("申请人姓名", "Applicant's name"), Type = FieldType.ChineseName, Required = true },
        new() { Id = "idNumber", Label = new("身份证号码", "ID number"), Type = FieldType.IdNumber, Required = true },
    ];

    private readonly BunitContext _context = UiTestContext.Create();
    private int _changes;

    private IRenderedComponent<StepListEditor> Render(JsonArray steps) =>
        _context.RenderInChinese<StepListEditor>(p => p
            .Add(x => x.Steps, steps)
            .Add(x => x.Inputs, Inputs)
            .Add(x => x.OnChanged, () => _changes++));

    private static JsonArray Steps(params string[] json) => [.. json.Select(j => JsonNode.Parse(j))];

    [Fact]
    public void InsertInput_PickedByItsLabel_AppendsItsPlaceholderToTheValue()
    {
        var steps = Steps("""{ "fill": [{ "css": "#holderName" }], "value": "姓名：" }""");
        var cut = Render(steps);

        var picker = cut.Find("[data-testid=script-step] [data-testid=step-value] [data-testid=insert-input]");
        var offered = picker.QuerySelectorAll("option").Select(o => (o.TextContent, o.GetAttribute("value"))).ToList();
        Assert.Contains(("申请人姓名", "{{inputs.name}}"), offered);
        Assert.Contains(("身份证号码", "{{inputs.idNumber}}"), offered);
        Assert.DoesNotContain(offered, o => o.TextContent.Contains("inputs.", StringComparison.Ordinal));

        picker.Change("{{inputs.name}}");

        Assert.Equal("姓名：{{inputs.name}}", steps[0]!["value"]!.GetValue<string>());
        Assert.Equal("姓名：{{inputs.name}}", cut.Find("[data-testid=step-value] [data-testid=template-text]").GetAttribute("value"));
        Assert.Equal(1, _changes);
    }

    [Fact]
    public void InsertInput_TheSameFieldTwice_PickerComesBackEmptyAndInsertsAgain()
    {
        var steps = Steps("""{ "fill": [{ "css": "#a" }], "value": "" }""");
        var cut = Render(steps);

        cut.Find("[data-testid=insert-input]").Change("{{inputs.idNumber}}");
        cut.Find("[data-testid=insert-input]").Change("{{key}}");

        Assert.Equal("{{inputs.idNumber}}{{key}}", steps[0]!["value"]!.GetValue<string>());
    }

    [Fact]
    public void MoveDown_TheFirstStep_SwapsItWithTheSecond_AndTheEndsCannotMoveFurther()
    {
        var steps = Steps("""{ "goto": "/new" }""", """{ "click": [{ "css": "#submit" }], "commit": true }""", """{ "expect": [{ "css": ".ok" }] }""");
        var cut = Render(steps);

        Assert.True(cut.FindAll("[data-testid=step-up]")[0].HasAttribute("disabled"));
        Assert.True(cut.FindAll("[data-testid=step-down]")[2].HasAttribute("disabled"));

        cut.FindAll("[data-testid=step-down]")[0].Click();

        Assert.Equal(["click", "goto", "expect"], steps.Select(s => ScriptSteps.VerbOf(s!.AsObject())!.Key));
        Assert.Equal(["点击", "打开网址", "确认页面显示"], cut.FindAll("[data-testid=step-verb]").Select(s => s.QuerySelector("option[selected]")?.TextContent ?? SelectedText(s)));
        Assert.Equal(1, _changes);

        cut.FindAll("[data-testid=step-up]")[2].Click();
        Assert.Equal(["click", "expect", "goto"], steps.Select(s => ScriptSteps.VerbOf(s!.AsObject())!.Key));
    }

    [Fact]
    public void Verbs_AreOfferedInChinese_NeverAsTheirKeys()
    {
        var cut = Render(Steps("""{ "waitFor": [{ "css": "#x" }] }"""));

        var labels = cut.Find("[data-testid=step-verb]").QuerySelectorAll("option").Select(o => o.TextContent).ToList();
        Assert.Equal(ScriptSteps.Verbs.Count, labels.Count);
        Assert.Contains("等待出现", labels);
        Assert.All(labels, l => Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", l));
        Assert.DoesNotContain("waitFor", labels);
    }

    [Fact]
    public void ChangeVerb_FillToClick_KeepsTheTargetsAndDropsTheValue()
    {
        var steps = Steps("""{ "title": "提交", "fill": [{ "css": "#a" }, { "label": "姓名" }], "value": "{{inputs.name}}" }""");
        var cut = Render(steps);

        cut.Find("[data-testid=step-verb]").Change("click");

        Assert.Equal("""{"title":"提交","click":[{"css":"#a"},{"label":"姓名"}]}""", ScriptStepsTests.Text(steps[0]));
        Assert.Empty(cut.FindAll("[data-testid=step-value]"));
    }

    [Fact]
    public void CommitFlag_Ticked_MarksTheStep_AndUntickedRemovesTheProperty()
    {
        var steps = Steps("""{ "click": [{ "css": "#submit" }] }""");
        var cut = Render(steps);

        cut.Find("[data-testid=step-commit]").Change(true);
        Assert.True(steps[0]!["commit"]!.GetValue<bool>());
        Assert.Contains("script-step-commit", cut.Find("[data-testid=script-step]").ClassName, StringComparison.Ordinal);

        cut.Find("[data-testid=step-commit]").Change(false);
        Assert.False(steps[0]!.AsObject().ContainsKey("commit"));
    }

    [Fact]
    public void Targets_ReorderedAndGivenASecondCondition_KeepThePriorityOrderInTheScript()
    {
        var steps = Steps("""{ "click": [{ "css": "#submit" }, { "role": "button" }] }""");
        var cut = Render(steps);

        cut.FindAll("[data-testid=target-up]")[1].Click();
        cut.FindAll("[data-testid=target-add-condition]")[0].Click();
        cut.FindAll("[data-target-index='0'] [data-testid=target-value]")[1].Input("提交");

        Assert.Equal("""[{"role":"button","name":"提交"},{"css":"#submit"}]""", ScriptStepsTests.Text(steps[0]!["click"]));
    }

    [Fact]
    public void AddStep_OfTheChosenVerb_AppendsItWithAnEmptyTargetAndValue()
    {
        var steps = new JsonArray();
        var cut = Render(steps);
        Assert.NotNull(cut.Find("[data-testid=no-steps]"));

        cut.Find("[data-testid=new-step-verb]").Change("select");
        cut.Find("[data-testid=add-step]").Click();

        Assert.Equal("""{"select":[{"css":""}],"value":""}""", steps[0]!.ToJsonString());
        Assert.Single(cut.FindAll("[data-testid=script-step]"));
    }

    private static string SelectedText(AngleSharp.Dom.IElement select)
    {
        var value = select.GetAttribute("value");
        return select.QuerySelectorAll("option").First(o => o.GetAttribute("value") == value).TextContent;
    }

    public ValueTask DisposeAsync() => _context.DisposeAsync();
}
