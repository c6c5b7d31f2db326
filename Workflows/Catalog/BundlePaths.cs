using System.Text.RegularExpressions;

namespace RpaRunner.Workflows.Catalog;

/// <summary>The JSON paths of a bundle problem that point at a step or a form section and field.</summary>
public static partial class BundlePaths
{
    /// <summary><c>$.steps[i]…</c>: group 1 is the step's index.</summary>
    [GeneratedRegex(@"^\$\.steps\[(\d+)\]")]
    public static partial Regex Step();

    /// <summary><c>$.form.sections[s].fields[f]…</c>: group 1 the section's index, group 2 (optional) the field's.</summary>
    [GeneratedRegex(@"^\$\.form\.sections\[(\d+)\](?:\.fields\[(\d+)\])?")]
    public static partial Regex FormField();
}
