using RpaRunner.Designer.Design;

namespace RpaRunner.Designer.Tests.Design;

public sealed class CanvasViewTests
{
    private static readonly CanvasView s_view = new(1000, 500, 800, 600, 210, 60);

    [Fact]
    public void PlaceNewNode_WithNothingSelected_GoesToTheCentreOfTheView()
    {
        var at = s_view.PlaceNewNode(new Dictionary<string, NodePosition>(), null);
        Assert.Equal(new NodePosition(1295, 770), at);
    }

    [Fact]
    public void PlaceNewNode_NextToTheSelectedStep_GoesBelowIt()
    {
        var layout = new Dictionary<string, NodePosition> { ["a"] = new(1100, 550) };
        Assert.Equal(new NodePosition(1100, 650), s_view.PlaceNewNode(layout, "a"));
    }

    [Fact]
    public void PlaceNewNode_WhenTheSelectedStepIsOutOfView_GoesToTheCentre()
    {
        var layout = new Dictionary<string, NodePosition> { ["far"] = new(40, 40) };
        Assert.Equal(new NodePosition(1295, 770), s_view.PlaceNewNode(layout, "far"));
    }

    [Fact]
    public void PlaceNewNode_PastNodesAlreadyThere_StaysInView()
    {
        var layout = new Dictionary<string, NodePosition> { ["a"] = new(1295, 770), ["b"] = new(1295, 870), ["c"] = new(1295, 970) };
        var at = s_view.PlaceNewNode(layout, null);
        Assert.DoesNotContain(layout.Values, p => Math.Abs(p.X - at.X) < 210 && Math.Abs(p.Y - at.Y) < 60);
        Assert.InRange(at.X, 1000, 1800 - 210);
        Assert.InRange(at.Y, 500, 1100 - 60);
    }
}
