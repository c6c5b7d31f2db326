using RpaRunner.Workflows.Model;

namespace RpaRunner.Bots.Recorder;

/// <summary>
/// A value the designer may put in place of what they typed: one of the action's inputs ({{inputs.x}}) or one of the
/// values every step has (the idempotency key the system keeps as 综窗受理编号, the action's id as the search's 业务类型).
/// </summary>
/// <param name="Placeholder">The placeholder's name as a script writes it between braces ("inputs.name", "key").</param>
/// <param name="Label">How the designer sees it, and what a field's label is matched with.</param>
public sealed record PlaceholderChoice(string Placeholder, string Label)
{
    /// <summary>The values of every step that a page may ask for, with the labels systems give them.</summary>
    private static readonly PlaceholderChoice[] s_context =
    [
        new("key", "综窗受理编号"),
        new("caseCode", "办件编码"),
        new("action", "业务类型"),
    ];

    /// <summary>The script text for this choice: {{inputs.x}}.</summary>
    public string Template => "{{" + Placeholder + "}}";

    /// <summary>The action's inputs first (the designer's usual pick), then the values of every step.</summary>
    public static IReadOnlyList<PlaceholderChoice> For(SystemAction action) =>
        [.. action.Inputs.Select(i => new PlaceholderChoice($"{SystemAction.InputsSection}.{i.Id}", i.Label.Zh)), .. s_context];
}
