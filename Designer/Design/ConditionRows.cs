using System.Globalization;
using System.Text.Json;
using RpaRunner.Workflows;
using RpaRunner.Workflows.Forms;
using RpaRunner.Workflows.Model;

namespace RpaRunner.Designer.Design;

/// <summary>The comparisons a step condition supports, as the structured editor offers them.</summary>
public enum ConditionOperator
{
    /// <summary><c>{"path": p, "equals": v}</c></summary>
    Equals,

    /// <summary><c>{"not": {"path": p, "equals": v}}</c></summary>
    NotEquals,

    /// <summary><c>{"path": p, "in": [v, …]}</c>: values separated by commas.</summary>
    In,

    /// <summary><c>{"path": p, "notEmpty": true}</c></summary>
    NotEmpty,
}

/// <summary>One row of a condition: a field of the form, a comparison, and the value as the designer typed it.</summary>
public sealed record ConditionRow(string Path, ConditionOperator Operator, string? Value);

/// <summary>
/// A step condition as rows of (form field, operator, value) joined by "all" or "any": what the structured editor shows.
/// The model also nests all/any/not freely and may test an earlier step's result; such a condition cannot be shown as
/// rows (<see cref="TryRead"/> says so) and stays in the JSON view.
/// </summary>
public sealed record ConditionRows(IReadOnlyList<ConditionRow> Rows, bool MatchAll)
{
    public static ConditionRows Empty { get; } = new([], true);

    public static LocalizedText Label(ConditionOperator op) => op switch
    {
        ConditionOperator.Equals => new("等于", "equals"),
        ConditionOperator.NotEquals => new("不等于", "does not equal"),
        ConditionOperator.In => new("是其中之一", "is one of"),
        ConditionOperator.NotEmpty => new("已填写", "is filled in"),
        _ => new(op.ToString(), op.ToString()),
    };

    public static bool TryRead(StepCondition? condition, out ConditionRows rows)
    {
        rows = Empty;
        if (condition is null)
        {
            return true;
        }

        if (TryRow(condition, out var single))
        {
            rows = new([single], true);
            return true;
        }

        var onlyAll = condition is { Path: null, Any: null, Not: null, All: { Count: > 0 } };
        var onlyAny = condition is { Path: null, All: null, Not: null, Any: { Count: > 0 } };
        var list = onlyAll ? condition.All! : onlyAny ? condition.Any! : null;
        var read = new List<ConditionRow>();
        foreach (var part in list ?? [])
        {
            if (!TryRow(part, out var row))
            {
                return false;
            }

            read.Add(row);
        }

        if (list is null)
        {
            return false;
        }

        rows = new(read, onlyAll);
        return true;
    }

    /// <summary>The condition the rows mean (null when there are none); values are typed by each field's type.</summary>
    public StepCondition? ToCondition(FormDefinition form)
    {
        ArgumentNullException.ThrowIfNull(form);
        var parts = Rows.Select(r => ToCondition(r, form.FindField(FieldPathOf(r.Path))?.Field)).ToList();
        return parts.Count switch
        {
            0 => null,
            1 => parts[0],
            _ => MatchAll ? new StepCondition { All = parts } : new StepCondition { Any = parts },
        };
    }

    /// <summary>The problem with a row's value for its field's type, or null when it is fine.</summary>
    public static LocalizedText? ValueProblem(ConditionRow row, FormField? field)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (row.Operator == ConditionOperator.NotEmpty)
        {
            return null;
        }

        var values = Values(row);
        if (values.Count == 0)
        {
            return new("请填写要比较的值", "Enter the value to compare with");
        }

        foreach (var value in values)
        {
            var problem = field?.Type switch
            {
                FieldType.Boolean when !bool.TryParse(value, out _) => new LocalizedText("请选择“是”或“否”", "Choose yes or no"),
                FieldType.Enum when field.Options?.Exists(o => o.Code == value) != true => new LocalizedText($"“{value}”不是该字段的选项", $"“{value}” is not an option of the field"),
                FieldType.Integer when !long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _) => new LocalizedText("请填写整数", "Enter a whole number"),
                FieldType.Money when !decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out _) => new LocalizedText("请填写金额", "Enter an amount"),
                FieldType.Date when !DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _) => new LocalizedText("日期格式为 yyyy-MM-dd", "A date is written yyyy-MM-dd"),
                _ => null,
            };
            if (problem is not null)
            {
                return problem;
            }
        }

        return null;
    }

    private static string FieldPathOf(string path) => path.StartsWith("form.", StringComparison.Ordinal) ? path["form.".Length..] : path;

    private static List<string> Values(ConditionRow row) =>
        row.Operator == ConditionOperator.In
            ? [.. (row.Value ?? string.Empty).Split([',', '，'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)]
            : string.IsNullOrWhiteSpace(row.Value) ? [] : [row.Value.Trim()];

    private static StepCondition ToCondition(ConditionRow row, FormField? field) => row.Operator switch
    {
        ConditionOperator.Equals => new StepCondition { Path = row.Path, EqualTo = Typed(Values(row).FirstOrDefault(), field) },
        ConditionOperator.NotEquals => new StepCondition { Not = new StepCondition { Path = row.Path, EqualTo = Typed(Values(row).FirstOrDefault(), field) } },
        ConditionOperator.In => new StepCondition { Path = row.Path, In = [.. Values(row).Select(v => Typed(v, field))] },
        _ => new StepCondition { Path = row.Path, NotEmpty = true },
    };

    /// <summary>A yes/no field compares with JSON booleans, whole numbers with numbers, the rest with text.</summary>
    internal static JsonElement Typed(string? value, FormField? field)
    {
        value ??= string.Empty;
        return field?.Type switch
        {
            FieldType.Boolean when bool.TryParse(value, out var flag) => JsonSerializer.SerializeToElement(flag),
            FieldType.Integer when long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) => JsonSerializer.SerializeToElement(number),
            _ => JsonSerializer.SerializeToElement(value),
        };
    }

    private static bool TryRow(StepCondition c, out ConditionRow row)
    {
        row = default!;
        if (c is { Path: null, All: null, Any: null, Not: { Path: { } notPath, EqualTo: { } notValue, In: null, NotEmpty: null, All: null, Any: null, Not: null } }
            && notPath.StartsWith("form.", StringComparison.Ordinal))
        {
            row = new(notPath, ConditionOperator.NotEquals, Text(notValue));
            return true;
        }

        if (c.Path is null || !c.Path.StartsWith("form.", StringComparison.Ordinal) || c.All is not null || c.Any is not null || c.Not is not null)
        {
            return false;
        }

        var set = (c.EqualTo is not null ? 1 : 0) + (c.In is not null ? 1 : 0) + (c.NotEmpty is true ? 1 : 0);
        if (set != 1 || c.NotEmpty is false)
        {
            return false;
        }

        row = c.EqualTo is { } v ? new(c.Path, ConditionOperator.Equals, Text(v))
            : c.In is { } list ? new(c.Path, ConditionOperator.In, string.Join(", ", list.Select(Text)))
            : new(c.Path, ConditionOperator.NotEmpty, null);
        return true;
    }

    internal static string Text(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString() ?? string.Empty,
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => e.GetRawText(),
    };
}
