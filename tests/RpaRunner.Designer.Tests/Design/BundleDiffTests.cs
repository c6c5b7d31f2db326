using RpaRunner.Designer.Design;

namespace RpaRunner.Designer.Tests.Design;

public sealed class BundleDiffTests
{
    private const string Old = """
        {"id":"b","version":1,"steps":[{"id":"a","inputs":{"x":"form.s.x"}},{"id":"c","inputs":{}}],"form":{"sections":[{"id":"s","fields":[{"id":"x","required":true}]}]}}
        """;

    [Fact]
    public void Compare_SameContentOtherVersion_HasNoChanges()
    {
        Assert.Empty(BundleDiff.Compare(Old, Old.Replace("\"version\":1", "\"version\":2", StringComparison.Ordinal)));
    }

    [Fact]
    public void Compare_ChangedMapping_IsOneChangeAtTheStepById()
    {
        var changed = Old.Replace("form.s.x", "form.s.y", StringComparison.Ordinal);

        var entry = Assert.Single(BundleDiff.Compare(Old, changed));

        Assert.Equal(new DiffEntry("steps[a].inputs.x", DiffKind.Changed, "form.s.x", "form.s.y"), entry);
    }

    [Fact]
    public void Compare_StepsReorderedAndOneAdded_MatchesStepsById()
    {
        var changed = """
            {"id":"b","version":2,"steps":[{"id":"c","inputs":{}},{"id":"new","inputs":{}},{"id":"a","inputs":{"x":"form.s.x"}}],"form":{"sections":[{"id":"s","fields":[{"id":"x","required":true}]}]}}
            """;

        var entries = BundleDiff.Compare(Old, changed);

        Assert.Contains(entries, e => e is { Path: "steps[new]", Kind: DiffKind.Added });
        Assert.Contains(entries, e => e is { Path: "steps", Kind: DiffKind.Reordered, Old: "a, c", New: "c, a" });
        Assert.Equal(2, entries.Count);
    }

    [Fact]
    public void Compare_FieldRemoved_IsOneRemoval()
    {
        var changed = Old.Replace("""{"id":"x","required":true}""", string.Empty, StringComparison.Ordinal);

        var entry = Assert.Single(BundleDiff.Compare(Old, changed));

        Assert.Equal("form.sections[s].fields", entry.Path);
    }
}
