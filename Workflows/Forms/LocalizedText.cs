using System.Text.Json.Serialization;

namespace RpaRunner.Workflows;

/// <summary>A text shown to people, in Chinese (primary) and English.</summary>
public sealed record LocalizedText(
    [property: JsonPropertyName("zh")] string Zh,
    [property: JsonPropertyName("en")] string En);
