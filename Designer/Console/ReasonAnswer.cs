namespace RpaRunner.Designer.Console;

/// <summary>What the reason dialog returns: the reason and the values typed (corrected inputs or hand-entered outputs).</summary>
public sealed record ReasonAnswer(string Reason, Dictionary<string, string?> Values);
