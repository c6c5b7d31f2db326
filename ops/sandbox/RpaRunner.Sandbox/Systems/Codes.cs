namespace RpaRunner.Sandbox.Systems;

/// <summary>Code tables shared by the forms (GB/T 2261.1 sex codes and the like).</summary>
internal static class Codes
{
    public static IReadOnlyList<CodeOption> Sex { get; } = [new("1", "男", "M", "male"), new("2", "女", "F", "female")];

    public static string SexLabel(string code) => Sex.FirstOrDefault(o => o.Code == code)?.Label ?? code;

    public static FieldDefinition SexField(string name, string label) => new(name, label, FieldKind.Code, Options: Sex);
}
