namespace RpaRunner.Designer.Design;

/// <summary>What the flowchart canvas draws (sent to the browser as JSON).</summary>
public sealed record CanvasModel(IReadOnlyList<CanvasNode> Nodes, IReadOnlyList<CanvasEdge> Edges);

/// <param name="Warning">A chip on the node for a risk of the step (无法查重), with <paramref name="WarningTip"/> as its tooltip; null when none.</param>
public sealed record CanvasNode(string Id, double X, double Y, string Title, string Subtitle, bool Problem, bool Selected, string? Warning = null, string? WarningTip = null);

/// <summary>Source must finish before target (target depends on source).</summary>
public sealed record CanvasEdge(string Source, string Target);

/// <summary>The part of the canvas the designer sees, in canvas coordinates, and the size of a node there.</summary>
public sealed record CanvasView(double X, double Y, double Width, double Height, double NodeWidth, double NodeHeight)
{
    private const double Gap = 40;

    /// <summary>
    /// Where a new step goes so the designer sees it: below the selected step when that spot is in view, else the
    /// centre of the view; moved down, then right, past nodes already there, and never outside the view.
    /// </summary>
    public NodePosition PlaceNewNode(IReadOnlyDictionary<string, NodePosition> layout, string? nearStepId)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var centre = new NodePosition(X + (Width - NodeWidth) / 2, Y + (Height - NodeHeight) / 2);
        var start = nearStepId is not null && layout.TryGetValue(nearStepId, out var near) && Inside(near with { Y = near.Y + NodeHeight + Gap })
            ? near with { Y = near.Y + NodeHeight + Gap }
            : centre;
        for (var column = 0; column < 4; column++)
        {
            for (var row = 0; row < 6; row++)
            {
                var spot = new NodePosition(start.X + column * (NodeWidth + Gap), start.Y + row * (NodeHeight + Gap));
                if (Inside(spot) && !layout.Values.Any(p => Overlaps(p, spot)))
                {
                    return new NodePosition(Math.Round(spot.X), Math.Round(spot.Y));
                }
            }
        }

        return new NodePosition(Math.Round(centre.X), Math.Round(centre.Y));
    }

    private bool Inside(NodePosition p) =>
        p.X >= X && p.Y >= Y && p.X + NodeWidth <= X + Width && p.Y + NodeHeight <= Y + Height;

    private bool Overlaps(NodePosition a, NodePosition b) =>
        Math.Abs(a.X - b.X) < NodeWidth + 10 && Math.Abs(a.Y - b.Y) < NodeHeight + 10;
}
