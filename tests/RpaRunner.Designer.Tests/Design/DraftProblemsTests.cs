using RpaRunner.Designer.Design;
using RpaRunner.Designer.Tests.TestSupport;
using RpaRunner.Workflows.Catalog;

namespace RpaRunner.Designer.Tests.Design;

public sealed class DraftProblemsTests
{
    [Fact]
    public void Constructor_PlacesEachProblemOnItsStepFieldOrTheBundle()
    {
        var bundle = UiTestContext.Catalog.Value.Find("newborn")!;
        BundleProblem[] problems =
        [
            new("$.steps[2].inputs.childName", "bad mapping", new("bad mapping", "bad mapping")),
            new("$.form.sections[1].fields[1].id", "duplicate", new("duplicate", "duplicate")),
            new("$.form.sections[0]", "section problem", new("section problem", "section problem")),
            new("$.casePrefix", "bad prefix", new("bad prefix", "bad prefix")),
        ];

        var sut = new DraftProblems(problems, bundle);

        Assert.Equal("bad mapping", Assert.Single(sut.OfStep(bundle.Steps[2].Id)).Message);
        Assert.Equal("duplicate", Assert.Single(sut.OfField("mother.idNumber")).Message);
        Assert.Equal("section problem", Assert.Single(sut.OfField("child")).Message);
        Assert.Equal("bad prefix", Assert.Single(sut.General).Message);
    }

    [Fact]
    public void Check_MappingFromAStepThatDoesNotRunFirst_IsAProblemOfThatStep()
    {
        var catalog = UiTestContext.Catalog.Value;
        var editor = new DraftEditor(DraftEditor.FromJson(catalog.SourceOf("newborn", 1)!), null, catalog.Systems);
        editor.Change(b => b.FindStep("vaccination")!.Inputs["childName"] = Workflows.Model.InputSource.FromPath("steps.household.childIdNumber"));

        var sut = DraftProblems.Check(editor.Bundle, catalog.Systems);

        Assert.NotEmpty(sut.OfStep("vaccination"));
    }
}
