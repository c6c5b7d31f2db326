using NJsonSchema;

namespace RpaRunner.Workflows.Catalog;

/// <summary>The published JSON Schema of bundle files (Workflows/Schema/bundle.schema.json).</summary>
public static class BundleSchema
{
    private static readonly Lazy<string> s_text = new(() =>
    {
        using var stream = typeof(BundleSchema).Assembly.GetManifestResourceStream("Schema/bundle.schema.json")
            ?? throw new InvalidOperationException("The embedded bundle schema is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    private static readonly Lazy<JsonSchema> s_schema = new(() => JsonSchema.FromJsonAsync(s_text.Value).GetAwaiter().GetResult());

    public static string Text => s_text.Value;

    internal static JsonSchema Schema => s_schema.Value;
}
