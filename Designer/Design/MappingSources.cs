using RpaRunner.Workflows.Catalog;
using RpaRunner.Workflows.Forms;
using RpaRunner.Workflows.Model;

namespace RpaRunner.Designer.Design;

/// <summary>
/// Where a step's inputs may come from: any field of the unified form, or an output of a step that is
/// sure to have finished first (one of its dependencies, transitively). Other steps' outputs are not
/// offered, because at run time they may not exist yet. Each choice carries its typed field, so the
/// editor shows how it fits the input by the validator's rule.
/// </summary>
public static class MappingSources
{
    public static IReadOnlyList<MappingSource> For(BundleDefinition bundle, string stepId, ISet<string> ancestors, SystemCatalog systems)
    {
        var sources = new List<MappingSource>();
        foreach (var section in bundle.Form.Sections)
        {
            foreach (var field in section.Fields)
            {
                sources.Add(new MappingSource($"form.{section.Id}.{field.Id}", MappingGroup.Form, section.Title, field.Label, field));
            }
        }

        foreach (var step in bundle.Steps.Where(s => s.Id != stepId && ancestors.Contains(s.Id)))
        {
            var action = systems.FindAction(step.Action);
            foreach (var output in step.Outputs)
            {
                var field = action?.FindOutput(output);
                sources.Add(new MappingSource($"steps.{step.Id}.{output}", MappingGroup.StepOutput, step.Matter, field?.Label ?? new(output, output), field));
            }
        }

        return sources;
    }
}

public enum MappingGroup
{
    Form,
    StepOutput,
}

/// <summary>One choice for an input: the path, the two labels (section or step, then field or output) and its typed field.</summary>
public sealed record MappingSource(string Path, MappingGroup Group, Workflows.LocalizedText Owner, Workflows.LocalizedText Name, FormField? Field);
