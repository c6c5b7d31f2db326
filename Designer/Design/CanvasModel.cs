namespace RpaRunner.Designer.Design;

/// <summary>What the flowchart canvas draws (sent to the browser as JSON).</summary>
public sealed record CanvasModel(IReadOnlyList<CanvasNode> Nodes, IReadOnlyList<CanvasEdge> Edges);

/// <param name="Warning">A chip on the node for a risk of the step (无法查重), with <paramref name="WarningTip"/> as its tooltip; null when none.</param>
public sealed record CanvasNode(string Id, double X, double Y, string Title, string Subtitle, bool Problem, bool Selected, string? Warning = null, string? WarningTip = null);

/// <summary>Source must finish before target (target depends on source).</summary>
public sealed record CanvasEdge(string Source, string Target);
