using System.Globalization;
using System.Text.Json;
using RpaRunner.Workflows;
using RpaRunner.Workflows.Forms;
using RpaRunner.Workflows.Model;

namespace RpaRunner.Designer.Design;

/// <summary>The inputs a cross-field rule may use; which ones apply depends on its kind.</summary>
public enum RuleInput
{
    Field,
    IdField,
    DateField,
    SexField,
    Earlier,
    Later,
    Fields,
    When,
    Years,
    Days,
    AtField,

    /// <summary>flexibleRetirement: the condition under which the date must fall before the statutory date.</summary>
    EarlyWhen,

    /// <summary>flexibleRetirement: the condition under which the date must fall after the statutory date.</summary>
    LaterWhen,
}

/// <summary>One cross-field rule as the structured editor shows it: field paths ("section.field") and numbers and values as typed.</summary>
public sealed record RuleRow(string Id, RuleKind Kind)
{
    public string? Field { get; init; }

    public string? IdField { get; init; }

    public string? DateField { get; init; }

    public string? SexField { get; init; }

    public string? Earlier { get; init; }

    public string? Later { get; init; }

    public IReadOnlyList<string> Fields { get; init; } = [];

    public string? WhenPath { get; init; }

    public string? WhenValue { get; init; }

    public string? Years { get; init; }

    public string? Days { get; init; }

    public string? AtField { get; init; }

    public string? EarlyPath { get; init; }

    public string? EarlyValue { get; init; }

    public string? LaterPath { get; init; }

    public string? LaterValue { get; init; }

    public string? MessageZh { get; init; }

    public string? MessageEn { get; init; }

    public string? Path(RuleInput input) => input switch
    {
        RuleInput.Field => Field,
        RuleInput.IdField => IdField,
        RuleInput.DateField => DateField,
        RuleInput.SexField => SexField,
        RuleInput.Earlier => Earlier,
        RuleInput.Later => Later,
        RuleInput.When => WhenPath,
        RuleInput.AtField => AtField,
        RuleInput.EarlyWhen => EarlyPath,
        RuleInput.LaterWhen => LaterPath,
        _ => null,
    };

    /// <summary>The value a condition input compares with (When, EarlyWhen, LaterWhen).</summary>
    public string? Value(RuleInput input) => input switch
    {
        RuleInput.When => WhenValue,
        RuleInput.EarlyWhen => EarlyValue,
        RuleInput.LaterWhen => LaterValue,
        _ => null,
    };

    public RuleRow WithValue(RuleInput input, string? value) => input switch
    {
        RuleInput.When => this with { WhenValue = value },
        RuleInput.EarlyWhen => this with { EarlyValue = value },
        RuleInput.LaterWhen => this with { LaterValue = value },
        _ => this,
    };

    public RuleRow WithPath(RuleInput input, string? path) => input switch
    {
        RuleInput.Field => this with { Field = path },
        RuleInput.IdField => this with { IdField = path },
        RuleInput.DateField => this with { DateField = path },
        RuleInput.SexField => this with { SexField = path },
        RuleInput.Earlier => this with { Earlier = path },
        RuleInput.Later => this with { Later = path },
        RuleInput.When => this with { WhenPath = path, WhenValue = null },
        RuleInput.AtField => this with { AtField = path },
        RuleInput.EarlyWhen => this with { EarlyPath = path, EarlyValue = null },
        RuleInput.LaterWhen => this with { LaterPath = path, LaterValue = null },
        _ => this,
    };
}

/// <summary>
/// Cross-field rules as rows of the structured editor: each kind with the inputs it uses, its fields picked among the form's
/// fields that fit. A rule that would not come back identical from its row (an unknown kind, a property its kind does not
/// use, a value of another type) cannot be shown (<see cref="CanShow"/>) and stays in the JSON view.
/// </summary>
public static class RuleRows
{
    public static LocalizedText Label(RuleKind kind) => kind switch
    {
        RuleKind.NotFuture => new("日期不晚于今天", "Date not in the future"),
        RuleKind.IdBirthDate => new("身份证号与出生日期一致", "ID number matches the birth date"),
        RuleKind.IdSex => new("身份证号与性别一致", "ID number matches the sex"),
        RuleKind.DateOrder => new("两个日期的先后", "Two dates in order"),
        RuleKind.RequiredWhen => new("满足条件时必填", "Required when"),
        RuleKind.Distinct => new("字段互不相同", "Fields all differ"),
        RuleKind.MinAge => new("最低年龄", "Minimum age"),
        RuleKind.MaxAgeDays => new("日期距今不超过天数", "Date at most some days ago"),
        RuleKind.SumEquals => new("金额合计等于", "Amounts add up to"),
        RuleKind.MaxYearsAfter => new("日期不晚于若干年后", "Date within some years"),
        RuleKind.FlexibleRetirement => new("弹性退休日期范围", "Flexible retirement window"),
        _ => new(kind.ToString(), kind.ToString()),
    };

    /// <summary>The inputs of a kind, in the order the editor shows them.</summary>
    public static IReadOnlyList<RuleInput> Inputs(RuleKind kind) => kind switch
    {
        RuleKind.NotFuture => [RuleInput.Field],
        RuleKind.IdBirthDate => [RuleInput.IdField, RuleInput.DateField],
        RuleKind.IdSex => [RuleInput.IdField, RuleInput.SexField],
        RuleKind.DateOrder => [RuleInput.Earlier, RuleInput.Later],
        RuleKind.RequiredWhen => [RuleInput.Field, RuleInput.When],
        RuleKind.Distinct => [RuleInput.Fields],
        RuleKind.MinAge => [RuleInput.IdField, RuleInput.Years, RuleInput.AtField],
        RuleKind.MaxAgeDays => [RuleInput.Field, RuleInput.Days, RuleInput.AtField],
        RuleKind.SumEquals => [RuleInput.Fields, RuleInput.Field],
        RuleKind.MaxYearsAfter => [RuleInput.Field, RuleInput.Years, RuleInput.AtField],
        RuleKind.FlexibleRetirement => [RuleInput.Field, RuleInput.IdField, RuleInput.SexField, RuleInput.When, RuleInput.Years, RuleInput.EarlyWhen, RuleInput.LaterWhen],
        _ => [],
    };

    public static LocalizedText InputLabel(RuleKind kind, RuleInput input) => (kind, input) switch
    {
        (RuleKind.NotFuture, RuleInput.Field) => new("日期（或身份证号）字段", "Date (or ID number) field"),
        (RuleKind.RequiredWhen, RuleInput.Field) => new("必填的字段", "Field required"),
        (RuleKind.MaxAgeDays or RuleKind.MaxYearsAfter, RuleInput.Field) => new("日期字段", "Date field"),
        (RuleKind.SumEquals, RuleInput.Field) => new("合计应等于的字段", "Field the amounts add up to"),
        (RuleKind.SumEquals, RuleInput.Fields) => new("相加的金额字段", "Amounts to add up"),
        (RuleKind.MaxYearsAfter, RuleInput.Years) => new("最多（年）", "At most (years)"),
        (RuleKind.FlexibleRetirement, RuleInput.Field) => new("选择的退休日期字段", "Chosen retirement date field"),
        (RuleKind.FlexibleRetirement, RuleInput.When) => new("按干部计算：当字段", "Counted as a cadre when field"),
        (RuleKind.FlexibleRetirement, RuleInput.Years) => new("提前、延迟最多（年）", "At most earlier or later (years)"),
        (_, RuleInput.EarlyWhen) => new("须早于法定日期：当字段", "Before the statutory date when field"),
        (_, RuleInput.LaterWhen) => new("须晚于法定日期：当字段", "After the statutory date when field"),
        (RuleKind.MinAge, RuleInput.IdField) => new("身份证号（或出生日期）字段", "ID number (or birth date) field"),
        (_, RuleInput.IdField) => new("身份证号字段", "ID number field"),
        (_, RuleInput.DateField) => new("出生日期字段", "Birth date field"),
        (_, RuleInput.SexField) => new("性别字段", "Sex field"),
        (_, RuleInput.Earlier) => new("较早的日期", "Earlier date"),
        (_, RuleInput.Later) => new("较晚的日期", "Later date"),
        (_, RuleInput.Fields) => new("互不相同的字段", "Fields that differ"),
        (_, RuleInput.When) => new("当字段", "When field"),
        (_, RuleInput.Years) => new("至少（周岁）", "At least (years)"),
        (_, RuleInput.Days) => new("最多（天）", "At most (days)"),
        (_, RuleInput.AtField) => new("计算日期（留空为当天）", "Measured on (empty: today)"),
        _ => new(input.ToString(), input.ToString()),
    };

    /// <summary>Whether a field of this type can be picked for the input (any type where the kind does not say).</summary>
    public static bool Fits(RuleKind kind, RuleInput input, FieldType type) => (kind, input) switch
    {
        (RuleKind.NotFuture, RuleInput.Field) or (RuleKind.MinAge, RuleInput.IdField) => type is FieldType.Date or FieldType.IdNumber or FieldType.DocumentNumber,
        (RuleKind.MaxAgeDays or RuleKind.MaxYearsAfter or RuleKind.FlexibleRetirement, RuleInput.Field) => type == FieldType.Date,
        (RuleKind.FlexibleRetirement, RuleInput.IdField) => type == FieldType.IdNumber,
        (RuleKind.FlexibleRetirement, RuleInput.When) => type == FieldType.Enum,
        (RuleKind.SumEquals, RuleInput.Field or RuleInput.Fields) => type == FieldType.Money,
        (_, RuleInput.IdField) => type is FieldType.IdNumber or FieldType.DocumentNumber,
        (_, RuleInput.DateField or RuleInput.Earlier or RuleInput.Later or RuleInput.AtField) => type == FieldType.Date,
        (_, RuleInput.SexField) => type == FieldType.Enum,
        _ => true,
    };

    /// <summary>The "section.field" paths of the form's fields that fit the input.</summary>
    public static IEnumerable<string> FittingPaths(FormDefinition form, RuleKind kind, RuleInput input)
    {
        ArgumentNullException.ThrowIfNull(form);
        return form.Sections.SelectMany(s => s.Fields.Where(f => Fits(kind, input, f.Type)).Select(f => $"{s.Id}.{f.Id}"));
    }

    public static RuleRow FromRule(FormRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return new RuleRow(rule.Id, rule.Kind)
        {
            Field = rule.Field,
            IdField = rule.IdField,
            DateField = rule.DateField,
            SexField = rule.SexField,
            Earlier = rule.Earlier,
            Later = rule.Later,
            Fields = rule.Fields ?? [],
            WhenPath = rule.When?.Path,
            WhenValue = rule.When?.EqualTo is { } v ? ConditionRows.Text(v) : null,
            Years = rule.Years?.ToString(CultureInfo.InvariantCulture),
            Days = rule.Days?.ToString(CultureInfo.InvariantCulture),
            AtField = rule.AtField,
            EarlyPath = rule.EarlyWhen?.Path,
            EarlyValue = rule.EarlyWhen?.EqualTo is { } early ? ConditionRows.Text(early) : null,
            LaterPath = rule.LaterWhen?.Path,
            LaterValue = rule.LaterWhen?.EqualTo is { } later ? ConditionRows.Text(later) : null,
            MessageZh = rule.Message?.Zh,
            MessageEn = rule.Message?.En,
        };
    }

    /// <summary>The rule the row means: only the inputs of its kind, the condition's value typed by its field.</summary>
    public static FormRule ToRule(RuleRow row, FormDefinition form)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(form);
        var uses = Inputs(row.Kind);
        string? Take(RuleInput input) => uses.Contains(input) ? Blank(row.Path(input)) : null;
        var whenPath = Take(RuleInput.When);
        RuleCondition? Condition(RuleInput input) => Take(input) is { } path
            ? new RuleCondition { Path = path, EqualTo = Blank(row.Value(input)) is { } value ? ConditionRows.Typed(value.Trim(), form.FindField(path)?.Field) : null }
            : null;
        return new FormRule
        {
            Id = row.Id,
            Kind = row.Kind,
            Field = Take(RuleInput.Field),
            IdField = Take(RuleInput.IdField),
            DateField = Take(RuleInput.DateField),
            SexField = Take(RuleInput.SexField),
            Earlier = Take(RuleInput.Earlier),
            Later = Take(RuleInput.Later),
            Fields = uses.Contains(RuleInput.Fields) ? [.. row.Fields] : null,
            When = whenPath is null ? null : new RuleCondition
            {
                Path = whenPath,
                EqualTo = Blank(row.WhenValue) is { } value ? ConditionRows.Typed(value.Trim(), form.FindField(whenPath)?.Field) : null,
            },
            Years = uses.Contains(RuleInput.Years) ? Number(row.Years) : null,
            Days = uses.Contains(RuleInput.Days) ? Number(row.Days) : null,
            AtField = Take(RuleInput.AtField),
            EarlyWhen = Condition(RuleInput.EarlyWhen),
            LaterWhen = Condition(RuleInput.LaterWhen),
            Message = Blank(row.MessageZh) is null && Blank(row.MessageEn) is null ? null : new LocalizedText(row.MessageZh ?? string.Empty, row.MessageEn ?? string.Empty),
        };
    }

    /// <summary>Whether the rule comes back identical from its row, so the structured editor can show it.</summary>
    public static bool CanShow(FormRule rule, FormDefinition form)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return Enum.IsDefined(rule.Kind)
            && JsonSerializer.Serialize(ToRule(FromRule(rule), form), JsonDefaults.Options) == JsonSerializer.Serialize(rule, JsonDefaults.Options);
    }

    /// <summary>What is wrong with one input of the row, or null when it is fine.</summary>
    public static LocalizedText? Problem(RuleRow row, RuleInput input, FormDefinition form)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(form);
        return input switch
        {
            RuleInput.Years or RuleInput.Days => Number(input == RuleInput.Years ? row.Years : row.Days) is null
                ? new LocalizedText("请填写不小于 0 的整数", "Enter a whole number, 0 or more") : null,
            RuleInput.Fields => row.Fields.Count < 2 || row.Fields.Any(string.IsNullOrEmpty) ? new LocalizedText("请至少选择两个字段", "Choose at least two fields") : null,
            RuleInput.When when Blank(row.WhenPath) is null => new LocalizedText("请选择字段", "Choose a field"),
            RuleInput.When when Blank(row.WhenValue) is not null =>
                ConditionRows.ValueProblem(new ConditionRow(row.WhenPath!, ConditionOperator.Equals, row.WhenValue), form.FindField(row.WhenPath)?.Field),
            RuleInput.When or RuleInput.AtField => null,
            RuleInput.EarlyWhen or RuleInput.LaterWhen => Blank(row.Path(input)) is null || Blank(row.Value(input)) is null
                ? null
                : ConditionRows.ValueProblem(new ConditionRow(row.Path(input)!, ConditionOperator.Equals, row.Value(input)), form.FindField(row.Path(input))?.Field),
            _ => Blank(row.Path(input)) is null ? new LocalizedText("请选择字段", "Choose a field") : null,
        };
    }

    public static bool IsValid(RuleRow row, FormDefinition form) => Inputs(row.Kind).All(i => Problem(row, i, form) is null);

    /// <summary>The row with another kind: fields already picked stay where they fit, the others take the first field that fits.</summary>
    public static RuleRow WithKind(RuleRow row, RuleKind kind, FormDefinition form)
    {
        ArgumentNullException.ThrowIfNull(row);
        var changed = row with { Kind = kind };
        foreach (var input in Inputs(kind))
        {
            var fitting = FittingPaths(form, kind, input).ToList();
            switch (input)
            {
                case RuleInput.Fields:
                    if (changed.Fields.Count < 2)
                    {
                        changed = changed with { Fields = [.. fitting.Take(2)] };
                    }

                    break;
                case RuleInput.Years or RuleInput.Days or RuleInput.AtField or RuleInput.EarlyWhen or RuleInput.LaterWhen:
                    break;
                case RuleInput.When:
                    changed = changed.WhenPath is null ? changed with { WhenPath = fitting.FirstOrDefault(), WhenValue = null } : changed;
                    break;
                default:
                    var current = changed.Path(input) ?? row.Field ?? row.IdField ?? row.DateField;
                    changed = changed.WithPath(input, current is not null && fitting.Contains(current) ? current : fitting.FirstOrDefault());
                    break;
            }
        }

        return changed;
    }

    /// <summary>A new rule's row, its id unique among the form's rules.</summary>
    public static RuleRow New(FormDefinition form, IEnumerable<string> ids)
    {
        var taken = new HashSet<string>(ids, StringComparer.Ordinal);
        var id = "rule";
        for (var i = 2; taken.Contains(id); i++)
        {
            id = "rule" + i.ToString(CultureInfo.InvariantCulture);
        }

        return WithKind(new RuleRow(id, RuleKind.NotFuture), RuleKind.NotFuture, form);
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;

    private static int? Number(string? text) =>
        int.TryParse(text?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
}
