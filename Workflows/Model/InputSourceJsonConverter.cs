using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace RpaRunner.Workflows.Model;

internal sealed class InputSourceJsonConverter : JsonConverter<InputSource>
{
    public override InputSource Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return InputSource.FromPath(reader.GetString()!);
        }

        if (reader.TokenType == JsonTokenType.StartObject)
        {
            var node = JsonNode.Parse(ref reader)!.AsObject();
            if (node.TryGetPropertyValue("value", out var value))
            {
                return new InputSource(null, value?.DeepClone());
            }

            if ((node.TryGetPropertyValue("path", out var from) || node.TryGetPropertyValue("from", out from)) && from is JsonValue v && v.TryGetValue<string>(out var path))
            {
                var when = node.TryGetPropertyValue("when", out var condition) && condition is not null
                    ? condition.Deserialize<StepCondition>(options)
                    : null;
                var otherwise = node.TryGetPropertyValue("otherwise", out var other) && other is JsonValue o && o.TryGetValue<string>(out var otherPath) ? otherPath : null;
                return InputSource.FromPath(path) with { When = when, Otherwise = otherwise };
            }
        }

        throw new JsonException("An input is a path string (form.section.field, steps.step.output), {\"path\": path, \"when\": condition, \"otherwise\": path} or {\"value\": constant}.");
    }

    public override void Write(Utf8JsonWriter writer, InputSource value, JsonSerializerOptions options)
    {
        if (value.Path is not null && value.When is null)
        {
            writer.WriteStringValue(value.Path);
            return;
        }

        if (value.Path is not null)
        {
            writer.WriteStartObject();
            writer.WriteString("path", value.Path);
            writer.WritePropertyName("when");
            JsonSerializer.Serialize(writer, value.When, options);
            if (value.Otherwise is not null)
            {
                writer.WriteString("otherwise", value.Otherwise);
            }

            writer.WriteEndObject();
            return;
        }

        writer.WriteStartObject();
        writer.WritePropertyName("value");
        if (value.Value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            value.Value.WriteTo(writer, options);
        }

        writer.WriteEndObject();
    }
}
