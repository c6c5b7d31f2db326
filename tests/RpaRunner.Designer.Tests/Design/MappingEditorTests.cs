using Bunit;
using RpaRunner.Designer.Design;
using RpaRunner.Designer.Tests.TestSupport;
using RpaRunner.Workflows.Model;

namespace RpaRunner.Designer.Tests.Design;

public sealed class MappingEditorTests : IDisposable
{
    private readonly BunitContext _context = UiTestContext.Create();

    private static DraftEditor Newborn()
    {
        var catalog = UiTestContext.Catalog.Value;
        return new DraftEditor(DraftEditor.FromJson(catalog.SourceOf("newborn", 1)!), null, catalog.Systems);
    }

    private IRenderedComponent<MappingEditor> Render(DraftEditor editor, string stepId, Action<(string Input, InputSource? Source)>? onChange = null)
    {
        var step = editor.Bundle.FindStep(stepId)!;
        return _context.RenderInChinese<MappingEditor>(p => p
            .Add(x => x.Step, step)
            .Add(x => x.Action, editor.Systems.FindAction(step.Action))
            .Add(x => x.Sources, MappingSources.For(editor.Bundle, stepId, editor.Ancestors(stepId), editor.Systems))
            .Add(x => x.OnChange, change => onChange?.Invoke(change)));
    }

    [Fact]
    public void Render_OffersOnlyOutputsOfStepsThatRunFirst()
    {
        var cut = Render(Newborn(), "medicalInsurance");

        var options = cut.FindAll("tr[data-input='idNumber'] option").Select(o => o.GetAttribute("value")).ToList();
        Assert.Contains("steps.household.childIdNumber", options);
        Assert.Contains("steps.birthCertificate.birthCertificateNo", options);
        Assert.DoesNotContain("steps.vaccination.vaccinationCertificateNo", options);
        Assert.Contains("form.mother.idNumber", options);
    }

    [Fact]
    public void Select_AnotherFormField_RaisesTheNewPath()
    {
        (string Input, InputSource? Source)? raised = null;
        var cut = Render(Newborn(), "household", c => raised = c);

        cut.Find("tr[data-input='householdAddress'] select").Change("form.household.mailingAddress");

        Assert.Equal(("householdAddress", InputSource.FromPath("form.household.mailingAddress")), raised);
    }

    [Fact]
    public void AMappingWithAFallback_ShowsIt_AndChoosingAnotherSourceKeepsTheConditionAndTheFallback()
    {
        var catalog = UiTestContext.Catalog.Value;
        var editor = new DraftEditor(DraftEditor.FromJson(catalog.SourceOf("newborn", 3)!), null, catalog.Systems);
        (string Input, InputSource? Source)? raised = null;
        var cut = Render(editor, "vaccination", c => raised = c);

        var note = cut.Find("tr[data-input='birthCertificateNo'] [data-testid=mapping-condition]").TextContent;
        Assert.Contains("否则取", note, StringComparison.Ordinal);
        Assert.DoesNotContain("steps.birthCertificate", note, StringComparison.Ordinal);

        cut.Find("tr[data-input='birthCertificateNo'] select").Change("steps.birthCertificate.birthCertificateNo");
        var source = raised!.Value.Source!;
        Assert.Equal("steps.birthCertificate.birthCertificateNo", source.Path);
        Assert.NotNull(source.When);
        Assert.Equal("steps.birthCertificate.birthCertificateNo", source.Otherwise);
    }

    [Fact]
    public void Select_NotMapped_RaisesNullAndRequiredInputIsMarked()
    {
        var editor = Newborn();
        (string Input, InputSource? Source)? raised = null;
        var cut = Render(editor, "household", c => raised = c);

        cut.Find("tr[data-input='childName'] select").Change(string.Empty);
        Assert.Equal(("childName", (InputSource?)null), raised);

        editor.Bundle.FindStep("household")!.Inputs.Remove("childName");
        cut.Render();
        Assert.Contains("mapping-missing", cut.Find("tr[data-input='childName']").ClassName, StringComparison.Ordinal);
    }

    [Fact]
    public void Select_FixedValue_ShowsAnInputForTheConstant()
    {
        var editor = Newborn();
        var step = editor.Bundle.FindStep("household")!;
        step.Inputs["householdAddress"] = new InputSource(null, System.Text.Json.Nodes.JsonValue.Create("长沙市"));

        var cut = Render(editor, "household");

        Assert.Equal("长沙市", cut.Find("tr[data-input='householdAddress'] input.mapping-constant").GetAttribute("value"));
    }

    [Fact]
    public void Render_ADateMappedIntoABankCard_SaysTheTypesDoNotFit()
    {
        var editor = Newborn();
        var step = editor.Bundle.FindStep("birthCertificate")!;
        step.Action = "weijian.grantOnlyChildReward";
        step.Inputs["bankCardNo"] = InputSource.FromPath("form.child.birthDate");

        var cut = Render(editor, "birthCertificate");

        var fit = cut.Find("tr[data-input='bankCardNo'] [data-testid='mapping-fit']");
        Assert.Equal("error", fit.GetAttribute("data-fit"));
        Assert.Equal("✗ 日期不能填入银行卡号字段", fit.TextContent.Trim());
    }

    [Fact]
    public void Render_ANameIntoFreeText_SaysItFitsByFormat_AndASameTypeSaysNothing()
    {
        var editor = Newborn();
        editor.Bundle.FindStep("birthCertificate")!.Inputs["birthPlace"] = InputSource.FromPath("form.mother.name");

        var cut = Render(editor, "birthCertificate");

        Assert.Equal("≈ 姓名按文本格式填入", cut.Find("tr[data-input='birthPlace'] [data-testid='mapping-fit']").TextContent.Trim());
        Assert.Empty(cut.FindAll("tr[data-input='childName'] [data-testid='mapping-fit']"));
    }

    [Fact]
    public void Render_StepOutputsAreOfferedByTheirLabels()
    {
        var cut = Render(Newborn(), "medicalInsurance");

        var option = cut.Find("tr[data-input='idNumber'] option[value='steps.household.childIdNumber']");
        Assert.Equal("户口登记 · 新生儿公民身份号码", option.TextContent.Trim());
    }

    public void Dispose() => _context.Dispose();
}
