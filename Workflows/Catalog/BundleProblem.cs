namespace RpaRunner.Workflows.Catalog;

/// <summary>One problem in a bundle definition, located by its JSON path (e.g. <c>$.steps[2].inputs.childName</c>).</summary>
public sealed record BundleProblem(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}
