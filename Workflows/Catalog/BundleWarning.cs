namespace RpaRunner.Workflows.Catalog;

/// <summary>
/// Something a bundle may do but whose risk its designer should know, located by its JSON path (e.g.
/// <c>$.steps[4].action</c>) and its step. A warning never stops a bundle from being validated or published.
/// </summary>
/// <param name="Code">What kind of risk: <see cref="Unsearchable"/>.</param>
/// <param name="Label">A few words for a chip (无法查重).</param>
/// <param name="Message">What it means for the people who run the bundle.</param>
public sealed record BundleWarning(string Path, string StepId, string Code, LocalizedText Label, LocalizedText Message)
{
    /// <summary>The step's system cannot be searched by the idempotency key (its action is <c>idempotent: false</c>).</summary>
    public const string Unsearchable = "unsearchable";

    public static readonly LocalizedText UnsearchableLabel = new("无法查重", "not searchable");

    public static readonly LocalizedText UnsearchableMessage = new(
        "该系统无法按综窗受理编号查询；提交后结果不明时需人工核实，不会自动重试",
        "this system cannot be searched by the acceptance number; after an unknown outcome a person checks it, nothing is re-entered automatically");

    public override string ToString() => $"{Path}: {Label.Zh}：{Message.Zh} / {Label.En}: {Message.En}";
}
