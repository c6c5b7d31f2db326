using System.Text.RegularExpressions;

namespace RpaRunner.Workflows.Forms;

/// <summary>Checks a form definition for problems a designer must fix before publishing.</summary>
internal static class FormDefinitionChecker
{
    private static readonly FieldType[] DateLike = [FieldType.Date, FieldType.IdNumber, FieldType.DocumentNumber];
    private static readonly FieldType[] IdLike = [FieldType.IdNumber, FieldType.DocumentNumber];

    public static IReadOnlyList<FieldError> Check(FormDefinition form)
    {
        ArgumentNullException.ThrowIfNull(form);
        var errors = new List<FieldError>();
        if (form.Sections is null || form.Sections.Count == 0)
        {
            errors.Add(new FieldError(string.Empty, FormErrorCodes.DefinitionMissingProperty, "表单没有任何分组", "The form has no sections"));
            return errors;
        }

        var sectionIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var section in form.Sections)
        {
            if (section is null || string.IsNullOrWhiteSpace(section.Id) || section.Title is null || section.Fields is null || section.Fields.Count == 0)
            {
                errors.Add(new FieldError(section?.Id ?? string.Empty, FormErrorCodes.DefinitionMissingProperty, "分组缺少编号、标题或字段", "A section has no id, no title or no fields"));
                continue;
            }

            if (!sectionIds.Add(section.Id))
            {
                errors.Add(new FieldError(section.Id, FormErrorCodes.DefinitionDuplicateId, $"分组编号 {section.Id} 重复", $"The section id {section.Id} is used twice"));
            }

            CheckFields(section, errors);
            CheckDocumentTypeFields(form, section, errors);
        }

        var ruleIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rule in form.Rules ?? [])
        {
            if (rule is null || string.IsNullOrWhiteSpace(rule.Id))
            {
                errors.Add(new FieldError("rules", FormErrorCodes.DefinitionMissingProperty, "规则缺少编号", "A rule has no id"));
                continue;
            }

            if (!ruleIds.Add(rule.Id))
            {
                errors.Add(new FieldError($"rules.{rule.Id}", FormErrorCodes.DefinitionDuplicateId, $"规则编号 {rule.Id} 重复", $"The rule id {rule.Id} is used twice"));
            }

            CheckRule(form, rule, errors);
        }

        return errors;
    }

    private static void CheckFields(FormSection section, List<FieldError> errors)
    {
        var fieldIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var field in section.Fields)
        {
            if (field is null || string.IsNullOrWhiteSpace(field.Id) || field.Label is null || field.Id.Contains('.', StringComparison.Ordinal))
            {
                errors.Add(new FieldError(section.Id, FormErrorCodes.DefinitionMissingProperty, $"分组 {section.Id} 中有字段缺少编号或标签", $"A field of section {section.Id} has no id or no label"));
                continue;
            }

            var path = $"{section.Id}.{field.Id}";
            if (!fieldIds.Add(field.Id))
            {
                errors.Add(new FieldError(path, FormErrorCodes.DefinitionDuplicateId, $"字段 {path} 重复", $"The field {path} is defined twice"));
            }

            if (field.Type == FieldType.Enum && (field.Options is null || field.Options.Count == 0 || field.Options.Exists(o => o is null || string.IsNullOrEmpty(o.Code) || o.Label is null)))
            {
                errors.Add(new FieldError(path, FormErrorCodes.DefinitionNoOptions, $"选项字段 {path} 没有有效的选项", $"The enum field {path} has no valid options"));
            }

            if (field.MinLength is < 0 || field.MaxLength is < 1 || (field.MinLength > field.MaxLength))
            {
                errors.Add(new FieldError(path, FormErrorCodes.DefinitionInvalidBound, $"字段 {path} 的长度限制无效", $"The length limits of {path} are invalid"));
            }

            if (field.Pattern is not null && !IsValidPattern(field.Pattern))
            {
                errors.Add(new FieldError(path, FormErrorCodes.DefinitionInvalidPattern, $"字段 {path} 的正则表达式无效", $"The pattern of {path} is not a valid regular expression"));
            }

            if (!BoundsAreValid(field))
            {
                errors.Add(new FieldError(path, FormErrorCodes.DefinitionInvalidBound, $"字段 {path} 的取值范围（min/max）无效", $"The min/max of {path} are invalid"));
            }
        }
    }

    /// <summary>A documentNumber field names a documentType field; a chineseName field may.</summary>
    private static void CheckDocumentTypeFields(FormDefinition form, FormSection section, List<FieldError> errors)
    {
        foreach (var field in section.Fields)
        {
            if (field is null || string.IsNullOrWhiteSpace(field.Id))
            {
                continue;
            }

            var path = $"{section.Id}.{field.Id}";
            if (field.DocumentTypeField is null)
            {
                if (field.Type == FieldType.DocumentNumber)
                {
                    errors.Add(new FieldError(path, FormErrorCodes.DefinitionNoDocumentType, $"证件号码字段 {path} 未指定证件类型字段（documentTypeField）", $"The document number field {path} names no document type field (documentTypeField)"));
                }

                continue;
            }

            if (field.Type is not (FieldType.DocumentNumber or FieldType.ChineseName))
            {
                errors.Add(new FieldError(path, FormErrorCodes.DefinitionWrongFieldType, $"只有证件号码和姓名字段可以指定证件类型字段（{path}）", $"Only document number and name fields may name a document type field ({path})"));
            }
            else if (form.FindField(field.DocumentTypeField) is not { } found)
            {
                errors.Add(new FieldError(path, FormErrorCodes.DefinitionUnknownPath, $"字段 {path} 的证件类型字段 {field.DocumentTypeField} 不存在", $"The document type field {field.DocumentTypeField} of {path} does not exist"));
            }
            else if (found.Field.Type != FieldType.DocumentType)
            {
                errors.Add(new FieldError(path, FormErrorCodes.DefinitionWrongFieldType, $"字段 {path} 指定的 {field.DocumentTypeField} 不是证件类型字段", $"The field {field.DocumentTypeField} named by {path} is not a document type field"));
            }
        }
    }

    private static bool IsValidPattern(string pattern)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static bool BoundsAreValid(FormField field)
    {
        switch (field.Type)
        {
            case FieldType.Date:
                var day = DateOnly.FromDayNumber(0);
                if (!FormBounds.TryDateBound(field.Min, day, out var minDate, out var minToday) || !FormBounds.TryDateBound(field.Max, day, out var maxDate, out var maxToday))
                {
                    return false;
                }

                return minToday || maxToday || minDate is null || maxDate is null || minDate <= maxDate;
            case FieldType.Money:
            case FieldType.Integer:
                if (!FormBounds.TryNumberBound(field.Min, out var min) || !FormBounds.TryNumberBound(field.Max, out var max))
                {
                    return false;
                }

                return min is null || max is null || min <= max;
            default:
                return field.Min is null && field.Max is null;
        }
    }

    private static void CheckRule(FormDefinition form, FormRule rule, List<FieldError> errors)
    {
        var path = $"rules.{rule.Id}";

        void Require(string? fieldPath, string property, params FieldType[] types)
        {
            if (fieldPath is null)
            {
                errors.Add(new FieldError(path, FormErrorCodes.DefinitionMissingProperty, $"规则 {rule.Id} 缺少 {property}", $"The rule {rule.Id} has no {property}"));
                return;
            }

            var found = form.FindField(fieldPath);
            if (found is null)
            {
                errors.Add(new FieldError(path, FormErrorCodes.DefinitionUnknownPath, $"规则 {rule.Id} 的 {property} 指向不存在的字段 {fieldPath}", $"The {property} of rule {rule.Id} names the unknown field {fieldPath}"));
            }
            else if (types.Length > 0 && !types.Contains(found.Value.Field.Type))
            {
                errors.Add(new FieldError(path, FormErrorCodes.DefinitionWrongFieldType, $"规则 {rule.Id} 的 {property}（{fieldPath}）字段类型不适用", $"The {property} of rule {rule.Id} ({fieldPath}) has an unsuitable field type"));
            }
        }

        void RequireNumber(int? value, string property)
        {
            if (value is null or < 0)
            {
                errors.Add(new FieldError(path, FormErrorCodes.DefinitionMissingProperty, $"规则 {rule.Id} 缺少有效的 {property}", $"The rule {rule.Id} has no valid {property}"));
            }
        }

        switch (rule.Kind)
        {
            case RuleKind.NotFuture:
                Require(rule.Field, "field", DateLike);
                break;
            case RuleKind.IdBirthDate:
                Require(rule.IdField, "idField", IdLike);
                Require(rule.DateField, "dateField", FieldType.Date);
                break;
            case RuleKind.IdSex:
                Require(rule.IdField, "idField", IdLike);
                Require(rule.SexField, "sexField", FieldType.Enum, FieldType.Text);
                break;
            case RuleKind.DateOrder:
                Require(rule.Earlier, "earlier", DateLike);
                Require(rule.Later, "later", DateLike);
                break;
            case RuleKind.RequiredWhen:
                Require(rule.Field, "field");
                Require(rule.When?.Path, "when.path");
                break;
            case RuleKind.Distinct:
                if (rule.Fields is null || rule.Fields.Count < 2)
                {
                    errors.Add(new FieldError(path, FormErrorCodes.DefinitionMissingProperty, $"规则 {rule.Id} 至少需要两个字段", $"The rule {rule.Id} needs at least two fields"));
                    break;
                }

                foreach (var f in rule.Fields)
                {
                    Require(f, "fields");
                }

                break;
            case RuleKind.MinAge:
                Require(rule.IdField, "idField", DateLike);
                RequireNumber(rule.Years, "years");
                if (rule.AtField is not null)
                {
                    Require(rule.AtField, "atField", DateLike);
                }

                break;
            case RuleKind.SumEquals:
                Require(rule.Field, "field", FieldType.Money);
                if (rule.Fields is null || rule.Fields.Count < 1)
                {
                    errors.Add(new FieldError(path, FormErrorCodes.DefinitionMissingProperty, $"规则 {rule.Id} 至少需要一个相加的字段", $"The rule {rule.Id} needs at least one field to add up"));
                    break;
                }

                foreach (var f in rule.Fields)
                {
                    Require(f, "fields", FieldType.Money);
                }

                break;
            case RuleKind.FlexibleRetirement:
                Require(rule.Field, "field", FieldType.Date);
                Require(rule.IdField, "idField", FieldType.IdNumber);
                Require(rule.SexField, "sexField", FieldType.Enum, FieldType.Text);
                Require(rule.When?.Path, "when.path", FieldType.Enum);

                if (rule.Years is not null)
                {
                    RequireNumber(rule.Years, "years");
                }

                if (rule.EarlyWhen is not null)
                {
                    Require(rule.EarlyWhen.Path, "earlyWhen.path");
                }

                if (rule.LaterWhen is not null)
                {
                    Require(rule.LaterWhen.Path, "laterWhen.path");
                }

                break;
            case RuleKind.MaxYearsAfter:
                Require(rule.Field, "field", FieldType.Date);
                RequireNumber(rule.Years, "years");
                if (rule.AtField is not null)
                {
                    Require(rule.AtField, "atField", DateLike);
                }

                break;
            case RuleKind.MaxAgeDays:
                Require(rule.Field, "field", DateLike);
                RequireNumber(rule.Days, "days");
                if (rule.AtField is not null)
                {
                    Require(rule.AtField, "atField", DateLike);
                }

                break;
            default:
                errors.Add(new FieldError(path, FormErrorCodes.DefinitionMissingProperty, $"规则 {rule.Id} 的类型未知", $"The rule {rule.Id} has an unknown kind"));
                break;
        }
    }
}
