using System.Text.Json;
using System.Text.Json.Nodes;
using RpaRunner.Workflows.Engine.Storage;
using RpaRunner.Workflows.Model;
using RpaRunner.Workflows.Privacy;

namespace RpaRunner.Workflows.Engine.Transitions;

/// <summary>How the engine reads stored values and writes text for people and the audit trail: masked, bounded.</summary>
internal static class EngineText
{
    /// <summary>The longest error text kept on a step or attempt.</summary>
    public const int MaxMessage = 2000;

    /// <summary>A department system's message for the audit trail: it may quote the applicant, so the case's names are masked too.</summary>
    public static string MaskFor(CaseRecord record, string message) =>
        PersonalDataMasker.MaskText(message, PersonalDataMasker.NamesIn(JsonNode.Parse(record.FormJson)));

    public static Dictionary<string, string?> MaskAll(Dictionary<string, string?> values) =>
        values.ToDictionary(v => v.Key, v => PersonalDataMasker.MaskValue(v.Key, v.Value));

    /// <summary>A stored JSON object of named text values (a step's inputs, outputs, corrections).</summary>
    public static Dictionary<string, string?> ReadStrings(string? json) =>
        json is null ? new(StringComparer.Ordinal) : new(JsonSerializer.Deserialize<Dictionary<string, string?>>(json, JsonDefaults.Options)!, StringComparer.Ordinal);

    public static string? AsText(JsonNode? node) => StepValueText.Of(node);

    public static string? Truncate(string? text, int max) => text is { Length: > 0 } && text.Length > max ? text[..max] : text;
}
