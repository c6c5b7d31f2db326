using RpaRunner.Designer.Design;
using RpaRunner.Designer.Tests.TestSupport;

namespace RpaRunner.Designer.Tests.Design;

public sealed class DraftEditorTests
{
    private static DraftEditor CreateSut(string bundle = "newborn")
    {
        var catalog = UiTestContext.Catalog.Value;
        var source = catalog.SourceOf(bundle, 1)!;
        return new DraftEditor(DraftEditor.FromJson(source), null, catalog.Systems);
    }

    [Fact]
    public void Constructor_WithoutLayout_PlacesStepsInRowsByDependencyDepth()
    {
        var sut = CreateSut();

        Assert.Equal(40, sut.Layout["birthCertificate"].Y);
        Assert.True(sut.Layout["household"].Y > sut.Layout["birthCertificate"].Y);
        Assert.Equal(sut.Layout["household"].Y, sut.Layout["vaccination"].Y);
        Assert.True(sut.Layout["premium"].Y > sut.Layout["medicalInsurance"].Y);
    }

    [Fact]
    public void Connect_WouldCloseACycle_IsRefused()
    {
        var sut = CreateSut();

        Assert.False(sut.Connect("premium", "birthCertificate"));
        Assert.False(sut.CanUndo);
    }

    [Fact]
    public void Connect_ThenUndoThenRedo_RestoresEachState()
    {
        var sut = CreateSut();

        Assert.True(sut.Connect("vaccination", "socialSecurityCard"));
        Assert.Contains("vaccination", sut.Bundle.FindStep("socialSecurityCard")!.DependsOn);

        sut.Undo();
        Assert.DoesNotContain("vaccination", sut.Bundle.FindStep("socialSecurityCard")!.DependsOn);

        sut.Redo();
        Assert.Contains("vaccination", sut.Bundle.FindStep("socialSecurityCard")!.DependsOn);
    }

    [Fact]
    public void AddStep_FromPalette_TakesTheActionsOutputsAndMapsSameNamedFormFields()
    {
        var sut = CreateSut("retirement");
        var action = sut.Systems.Systems.SelectMany(s => s.Actions).First(a => a.InputIds.Contains("idNumber"));

        var step = sut.AddStep(action.Id, 100, 200);

        Assert.Equal(action.OutputIds, step.Outputs);
        Assert.Equal("form.applicant.idNumber", step.Inputs["idNumber"].Path);
        Assert.Equal(new NodePosition(100, 200), sut.Layout[step.Id]);
    }

    [Fact]
    public void RenameStep_UpdatesDependenciesAndMappings()
    {
        var sut = CreateSut();

        Assert.True(sut.RenameStep("household", "hukou"));

        Assert.Contains("hukou", sut.Bundle.FindStep("medicalInsurance")!.DependsOn);
        Assert.Equal("steps.hukou.childIdNumber", sut.Bundle.FindStep("medicalInsurance")!.Inputs["idNumber"].Path);
        Assert.True(sut.Layout.ContainsKey("hukou"));
    }

    [Fact]
    public void RemoveStep_RemovesItFromDependenciesAndLeavesBrokenMappingsToValidation()
    {
        var sut = CreateSut();

        sut.RemoveStep("household");

        Assert.DoesNotContain(sut.Bundle.Steps, s => s.DependsOn.Contains("household"));
        var problems = DraftProblems.Check(sut.Bundle, sut.Systems);
        Assert.NotEmpty(problems.OfStep("medicalInsurance"));
    }

    [Fact]
    public void Json_OfAShippedBundle_ValidatesWithoutProblems()
    {
        var sut = CreateSut("company-setup");

        Assert.True(DraftProblems.Check(sut.Bundle, sut.Systems).IsEmpty);
    }

    [Fact]
    public void Ancestors_AreTheTransitiveDependencies()
    {
        var sut = CreateSut();

        Assert.True(sut.Ancestors("premium").SetEquals(["medicalInsurance", "household", "birthCertificate"]));
    }
}
