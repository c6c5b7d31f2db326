using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using RpaRunner.Workflows.Forms;

namespace RpaRunner.Runner.Batch;

/// <summary>
/// Reads a file of cases for one bundle: JSON (an array of unified forms) or CSV (a header row of
/// <c>section.field</c> columns, one case per row; values are converted by the form's field types).
/// </summary>
public static class BatchFile
{
    public static List<BatchRow> Read(string path, FormDefinition form)
    {
        var text = File.ReadAllText(path, Encoding.UTF8);
        return Path.GetExtension(path).Equals(".csv", StringComparison.OrdinalIgnoreCase) ? ReadCsv(text, form) : ReadJson(text);
    }

    public static List<BatchRow> ReadJson(string text)
    {
        var root = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var items = root switch
        {
            JsonArray array => array,
            JsonObject { } o when o["cases"] is JsonArray cases => cases,
            _ => throw new InvalidDataException("A JSON batch is an array of forms, or {\"cases\": [...]}."),
        };
        return [.. items.Select((item, i) => item is JsonObject formData
            ? new BatchRow(i + 1, (JsonObject)formData.DeepClone(), null)
            : new BatchRow(i + 1, null, "not a JSON object"))];
    }

    public static List<BatchRow> ReadCsv(string text, FormDefinition form)
    {
        var lines = ParseCsv(text);
        if (lines.Count == 0)
        {
            return [];
        }

        var header = lines[0];
        var rows = new List<BatchRow>();
        for (var r = 1; r < lines.Count; r++)
        {
            var cells = lines[r];
            if (cells.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            var data = new JsonObject();
            string? problem = null;
            for (var c = 0; c < header.Count && c < cells.Count; c++)
            {
                var path = header[c].Trim();
                var value = cells[c];
                var parts = path.Split('.');
                if (parts.Length != 2)
                {
                    problem = $"column '{path}' is not section.field";
                    break;
                }

                if (string.IsNullOrEmpty(value))
                {
                    continue;
                }

                if (data[parts[0]] is not JsonObject section)
                {
                    section = [];
                    data[parts[0]] = section;
                }

                section[parts[1]] = Convert(form.FindField(path)?.Field.Type, value);
            }

            rows.Add(new BatchRow(r + 1, problem is null ? data : null, problem));
        }

        return rows;
    }

    private static JsonNode? Convert(FieldType? type, string value) => type switch
    {
        FieldType.Integer when long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) => n,
        FieldType.Money when decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var m) => m,
        FieldType.Boolean when bool.TryParse(value, out var b) => b,
        FieldType.Boolean when value is "是" or "1" => true,
        FieldType.Boolean when value is "否" or "0" => false,
        _ => value,
    };

    /// <summary>RFC 4180: quoted fields may hold commas, quotes ("") and line breaks.</summary>
    private static List<List<string>> ParseCsv(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (ch == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(ch);
                }

                continue;
            }

            switch (ch)
            {
                case '"':
                    quoted = true;
                    break;
                case ',':
                    row.Add(cell.ToString());
                    cell.Clear();
                    break;
                case '\r':
                    break;
                case '\n':
                    row.Add(cell.ToString());
                    cell.Clear();
                    rows.Add(row);
                    row = [];
                    break;
                case '\uFEFF' when i == 0:
                    break;
                default:
                    cell.Append(ch);
                    break;
            }
        }

        if (cell.Length > 0 || row.Count > 0)
        {
            row.Add(cell.ToString());
            rows.Add(row);
        }

        return rows;
    }
}

/// <summary>One case of a batch file: its line (or position), the form, or why it could not be read.</summary>
public sealed record BatchRow(int Line, JsonObject? Form, string? Problem);
