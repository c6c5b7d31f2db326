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

            if (node.TryGetPropertyValue("from", out var from) && from is JsonValue v && v.TryGetValue<string>(out var path))
            {
                return InputSource.FromPath(path);
            }
        }

        throw new JsonException("An input is either a path string (form.section.field, steps.step.output) or {\"value\": constant}.");
    }

    public override void Write(Utf8JsonWriter writer, InputSource value, JsonSerializerOptions options)
    {
        if (value.Path is not null)
        {
            writer.WriteStringValue(value.Path);
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
