namespace RpaRunner.Workflows.Catalog;

/// <summary>
/// One problem in a bundle definition: <see cref="Text"/> says it in plain words with the step's and field's labels
/// (Chinese and English) for the designer; <see cref="Path"/> (e.g. <c>$.steps[2].inputs.childName</c>) and the
/// technical <see cref="Message"/> with keys locate it for the advanced view and the command line.
/// </summary>
public sealed record BundleProblem(string Path, string Message, LocalizedText Text)
{
    public override string ToString() => $"{Path}: {Message}";
}
