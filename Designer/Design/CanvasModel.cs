namespace RpaRunner.Designer.Design;

/// <summary>What the flowchart canvas draws (sent to the browser as JSON).</summary>
public sealed record CanvasModel(IReadOnlyList<CanvasNode> Nodes, IReadOnlyList<CanvasEdge> Edges);

public sealed record CanvasNode(string Id, double X, double Y, string Title, string Subtitle, bool Problem, bool Selected);

/// <summary>Source must finish before target (target depends on source).</summary>
public sealed record CanvasEdge(string Source, string Target);
