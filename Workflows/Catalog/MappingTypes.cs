using RpaRunner.Workflows.Forms;

namespace RpaRunner.Workflows.Catalog;

/// <summary>How well a mapped value fits the action field it fills.</summary>
public enum TypeFitKind
{
    /// <summary>The same type (and, for options, codes the target knows).</summary>
    Same,

    /// <summary>Another type the target takes as it is written (a name or a date into free text, an integer into money).</summary>
    ByFormat,

    /// <summary>The value cannot be what the target expects (a date into a bank card, a name into an approval number).</summary>
    Mismatch,
}

/// <summary>The verdict on one mapping, with a sentence a designer can read.</summary>
public sealed record TypeFit(TypeFitKind Kind, LocalizedText Note)
{
    public bool IsError => Kind == TypeFitKind.Mismatch;
}

/// <summary>
/// The one rule for whether a value of one field type may fill a field of another: used by the validator (and so
/// by the designer, <c>./rpa bundles validate</c> and publish) and shown next to each mapping in the designer.
/// A target that holds a number or code issued by a system (an approval number, a certificate number: a text with a
/// pattern, or whose id ends in "No") takes only codes; free text takes anything written as text but a yes/no.
/// </summary>
public static class MappingTypes
{
    /// <summary>The type's name for people.</summary>
    public static LocalizedText Label(FieldType type) => type switch
    {
        FieldType.Text => new("文本", "text"),
        FieldType.ChineseName => new("姓名", "Chinese name"),
        FieldType.IdNumber => new("身份证号", "ID number"),
        FieldType.CreditCode => new("统一社会信用代码", "credit code"),
        FieldType.Mobile => new("手机号", "mobile"),
        FieldType.Date => new("日期", "date"),
        FieldType.Enum => new("选项", "options"),
        FieldType.Money => new("金额", "money"),
        FieldType.Integer => new("整数", "integer"),
        FieldType.BankCard => new("银行卡号", "bank card"),
        FieldType.Address => new("地址", "address"),
        FieldType.Boolean => new("是/否", "yes/no"),
        FieldType.DocumentType => new("证件类型", "document type"),
        FieldType.DocumentNumber => new("证件号码", "document number"),
        _ => new(type.ToString(), type.ToString()),
    };

    /// <summary>Whether the target holds a number or code a system issued (编号), not free text.</summary>
    public static bool IsCode(FormField field)
    {
        ArgumentNullException.ThrowIfNull(field);
        return field.Type == FieldType.Text
            && (field.Pattern is not null || field.Id.EndsWith("No", StringComparison.Ordinal) || field.Id.EndsWith("Code", StringComparison.Ordinal));
    }

    public static TypeFit Fit(FormField from, FormField to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        var source = Label(from.Type);
        var target = Label(to.Type);
        if (from.Type == FieldType.Enum && to.Type == FieldType.Enum)
        {
            var targetCodes = (to.Options ?? []).Select(o => o.Code).ToHashSet(StringComparer.Ordinal);
            var foreign = (from.Options ?? []).Where(o => !targetCodes.Contains(o.Code)).ToList();
            if (foreign.Count == 0)
            {
                return new(TypeFitKind.Same, new("选项一致", "same options"));
            }

            var zh = string.Join("、", foreign.Select(o => o.Label.Zh));
            var en = string.Join(", ", foreign.Select(o => o.Label.En));
            return new(TypeFitKind.Mismatch, new($"选项“{zh}”是目标字段没有的", $"option(s) {en} are not options of the target"));
        }

        if (from.Type == to.Type)
        {
            return new(TypeFitKind.Same, new($"类型一致（{source.Zh}）", $"same type ({source.En})"));
        }

        if (from.Type == FieldType.DocumentNumber && to.Type == FieldType.IdNumber)
        {
            return new(TypeFitKind.ByFormat, new("证件为居民身份证时填入", "filled in when the document is a resident ID"));
        }

        if (IsCode(to))
        {
            return from.Type is FieldType.Text or FieldType.IdNumber or FieldType.CreditCode or FieldType.DocumentNumber
                ? new(TypeFitKind.ByFormat, new($"{source.Zh}按编号格式填入", $"{source.En} entered as a code"))
                : new(TypeFitKind.Mismatch, new($"{source.Zh}不能填入编号字段", $"a {source.En} cannot fill a code or number field"));
        }

        if (to.Type == FieldType.Text && from.Type != FieldType.Boolean)
        {
            return new(TypeFitKind.ByFormat, new($"{source.Zh}按文本格式填入", $"{source.En} entered as text"));
        }

        if (to.Type == FieldType.Money && from.Type == FieldType.Integer)
        {
            return new(TypeFitKind.ByFormat, new("整数按金额格式填入", "integer entered as money"));
        }

        return new(TypeFitKind.Mismatch, new($"{source.Zh}不能填入{target.Zh}字段", $"a {source.En} cannot fill a {target.En} field"));
    }
}
