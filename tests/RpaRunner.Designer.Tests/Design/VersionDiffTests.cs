using Bunit;
using RpaRunner.Designer.Design;
using RpaRunner.Designer.Tests.TestSupport;

namespace RpaRunner.Designer.Tests.Design;

public sealed class VersionDiffTests : IDisposable
{
    private readonly BunitContext _context = UiTestContext.Create();

    [Fact]
    public void Render_ChangedMapping_ShowsOneChangedRowWithOldAndNew()
    {
        var v1 = UiTestContext.Catalog.Value.SourceOf("newborn", 1)!;
        var v2 = v1.Replace("\"householdAddress\": \"form.household.address\"", "\"householdAddress\": \"form.household.mailingAddress\"", StringComparison.Ordinal);
        Assert.NotEqual(v1, v2);

        var cut = _context.RenderInChinese<VersionDiff>(p => p.Add(x => x.OldJson, v1).Add(x => x.NewJson, v2).Add(x => x.OldLabel, "v1").Add(x => x.NewLabel, "v2"));

        var row = cut.Find("tr[data-path='steps[household].inputs.householdAddress']");
        Assert.Equal("Changed", row.GetAttribute("data-kind"));
        Assert.Contains("form.household.mailingAddress", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("1 处改动", cut.Find("[data-testid='diff-count']").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_SameVersions_SaysTheyAreTheSame()
    {
        var v1 = UiTestContext.Catalog.Value.SourceOf("newborn", 1)!;

        var cut = _context.RenderInChinese<VersionDiff>(p => p.Add(x => x.OldJson, v1).Add(x => x.NewJson, v1));

        Assert.NotNull(cut.Find("[data-testid='diff-empty']"));
    }

    public void Dispose() => _context.Dispose();
}
