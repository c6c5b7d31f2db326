using System.Text.Json;
using System.Text.Json.Serialization;

namespace RpaRunner.Workflows.Forms;

/// <summary>一次表单: the unified form of a bundle, its sections and the cross-field rules.</summary>
public sealed class FormDefinition
{
    [JsonPropertyName("sections")]
    public List<FormSection> Sections { get; set; } = [];

    [JsonPropertyName("rules")]
    public List<FormRule> Rules { get; set; } = [];

    /// <summary>Finds the field of a "section.field" path, or null when there is none.</summary>
    public (FormSection Section, FormField Field)? FindField(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return null;
        }

        var dot = path.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || dot == path.Length - 1 || path.IndexOf('.', dot + 1) >= 0)
        {
            return null;
        }

        var sectionId = path[..dot];
        var fieldId = path[(dot + 1)..];
        var section = Sections.Find(s => string.Equals(s?.Id, sectionId, StringComparison.Ordinal));
        var field = section?.Fields?.Find(f => string.Equals(f?.Id, fieldId, StringComparison.Ordinal));
        return section is null || field is null ? null : (section, field);
    }

    /// <summary>
    /// Problems of the definition itself (duplicate ids, rules pointing nowhere, bad bounds or patterns).
    /// A designer must fix them before publishing; the validator refuses data for a form that has any.
    /// </summary>
    public IReadOnlyList<FieldError> CheckDefinition() => FormDefinitionChecker.Check(this);
}

/// <summary>One section of the unified form (e.g. the newborn, the mother).</summary>
public sealed class FormSection
{
    [JsonPropertyName("id")]
    public required string Id { get; set; }

    [JsonPropertyName("title")]
    public required LocalizedText Title { get; set; }

    [JsonPropertyName("fields")]
    public List<FormField> Fields { get; set; } = [];
}

/// <summary>One input of the unified form.</summary>
public sealed class FormField
{
    [JsonPropertyName("id")]
    public required string Id { get; set; }

    [JsonPropertyName("label")]
    public required LocalizedText Label { get; set; }

    [JsonPropertyName("type")]
    public FieldType Type { get; set; }

    [JsonPropertyName("required")]
    public bool Required { get; set; }

    [JsonPropertyName("minLength")]
    public int? MinLength { get; set; }

    [JsonPropertyName("maxLength")]
    public int? MaxLength { get; set; }

    /// <summary>A .NET regular expression the trimmed text must match (text fields).</summary>
    [JsonPropertyName("pattern")]
    public string? Pattern { get; set; }

    /// <summary>Lower bound: a number (money, integer) or "today" / yyyy-MM-dd (date).</summary>
    [JsonPropertyName("min")]
    public JsonElement? Min { get; set; }

    /// <summary>Upper bound: a number (money, integer) or "today" / yyyy-MM-dd (date).</summary>
    [JsonPropertyName("max")]
    public JsonElement? Max { get; set; }

    [JsonPropertyName("options")]
    public List<EnumOption>? Options { get; set; }

    [JsonPropertyName("help")]
    public LocalizedText? Help { get; set; }

    /// <summary>
    /// "section.field" of the documentType field that says which identity document this field is about: a
    /// documentNumber field is checked as a number of that document (required), and a chineseName field also
    /// takes a name in Latin letters when that document is a passport or a foreign permanent resident ID.
    /// </summary>
    [JsonPropertyName("documentTypeField")]
    public string? DocumentTypeField { get; set; }
}

/// <summary>One choice of an enum field; the code is what the data carries.</summary>
public sealed class EnumOption
{
    [JsonPropertyName("code")]
    public required string Code { get; set; }

    [JsonPropertyName("label")]
    public required LocalizedText Label { get; set; }
}

/// <summary>A cross-field rule; which properties apply depends on <see cref="Kind"/>.</summary>
public sealed class FormRule
{
    [JsonPropertyName("id")]
    public required string Id { get; set; }

    [JsonPropertyName("kind")]
    public RuleKind Kind { get; set; }

    [JsonPropertyName("field")]
    public string? Field { get; set; }

    [JsonPropertyName("idField")]
    public string? IdField { get; set; }

    [JsonPropertyName("dateField")]
    public string? DateField { get; set; }

    [JsonPropertyName("sexField")]
    public string? SexField { get; set; }

    [JsonPropertyName("earlier")]
    public string? Earlier { get; set; }

    [JsonPropertyName("later")]
    public string? Later { get; set; }

    [JsonPropertyName("fields")]
    public List<string>? Fields { get; set; }

    [JsonPropertyName("when")]
    public RuleCondition? When { get; set; }

    [JsonPropertyName("years")]
    public int? Years { get; set; }

    [JsonPropertyName("days")]
    public int? Days { get; set; }

    /// <summary>The date at which an age is measured (minAge, maxAgeDays); today when absent.</summary>
    [JsonPropertyName("atField")]
    public string? AtField { get; set; }

    /// <summary>flexibleRetirement: when this holds, the chosen date must come before the statutory date (弹性提前退休).</summary>
    [JsonPropertyName("earlyWhen")]
    public RuleCondition? EarlyWhen { get; set; }

    /// <summary>flexibleRetirement: when this holds, the chosen date must come after the statutory date (弹性延迟退休).</summary>
    [JsonPropertyName("laterWhen")]
    public RuleCondition? LaterWhen { get; set; }

    /// <summary>Overrides the default message of the rule.</summary>
    [JsonPropertyName("message")]
    public LocalizedText? Message { get; set; }
}

/// <summary>The condition of a requiredWhen rule: the value at <see cref="Path"/> equals <see cref="EqualTo"/>.</summary>
public sealed class RuleCondition
{
    [JsonPropertyName("path")]
    public required string Path { get; set; }

    [JsonPropertyName("equals")]
    public JsonElement? EqualTo { get; set; }
}

// The member names mirror the JSON type strings of the bundle files.
#pragma warning disable CA1720
[JsonConverter(typeof(JsonStringEnumConverter<FieldType>))]
public enum FieldType
{
    [JsonStringEnumMemberName("text")]
    Text,

    [JsonStringEnumMemberName("chineseName")]
    ChineseName,

    [JsonStringEnumMemberName("idNumber")]
    IdNumber,

    [JsonStringEnumMemberName("creditCode")]
    CreditCode,

    [JsonStringEnumMemberName("mobile")]
    Mobile,

    [JsonStringEnumMemberName("date")]
    Date,

    [JsonStringEnumMemberName("enum")]
    Enum,

    [JsonStringEnumMemberName("money")]
    Money,

    [JsonStringEnumMemberName("integer")]
    Integer,

    [JsonStringEnumMemberName("bankCard")]
    BankCard,

    [JsonStringEnumMemberName("address")]
    Address,

    [JsonStringEnumMemberName("boolean")]
    Boolean,

    /// <summary>有效身份证件类型: one of <see cref="DocumentTypes.Options"/>; empty means the resident ID.</summary>
    [JsonStringEnumMemberName("documentType")]
    DocumentType,

    /// <summary>证件号码: checked as a number of the document its <see cref="FormField.DocumentTypeField"/> names.</summary>
    [JsonStringEnumMemberName("documentNumber")]
    DocumentNumber,
}
#pragma warning restore CA1720

[JsonConverter(typeof(JsonStringEnumConverter<RuleKind>))]
public enum RuleKind
{
    /// <summary>The date (or the birth date of an ID number) is not after today.</summary>
    [JsonStringEnumMemberName("notFuture")]
    NotFuture,

    /// <summary>The birth date inside the ID number (or a document number that carries one) equals the date field.</summary>
    [JsonStringEnumMemberName("idBirthDate")]
    IdBirthDate,

    /// <summary>The sex encoded in the ID number (or a document number that carries one) equals the sex field (codes 1 male, 2 female).</summary>
    [JsonStringEnumMemberName("idSex")]
    IdSex,

    /// <summary>The earlier date is not after the later date.</summary>
    [JsonStringEnumMemberName("dateOrder")]
    DateOrder,

    /// <summary>The field is required when the condition holds.</summary>
    [JsonStringEnumMemberName("requiredWhen")]
    RequiredWhen,

    /// <summary>The fields that are filled in all differ.</summary>
    [JsonStringEnumMemberName("distinct")]
    Distinct,

    /// <summary>The person of the ID number (or birth date) is at least Years old at AtField (or today).</summary>
    [JsonStringEnumMemberName("minAge")]
    MinAge,

    /// <summary>The date is at most Days days before AtField (or today).</summary>
    [JsonStringEnumMemberName("maxAgeDays")]
    MaxAgeDays,

    /// <summary>The amounts of Fields that are filled in add up to Field (e.g. the shareholders' subscriptions to the registered capital).</summary>
    [JsonStringEnumMemberName("sumEquals")]
    SumEquals,

    /// <summary>The date is at most Years years after AtField (or today), e.g. capital paid in within five years of establishment.</summary>
    [JsonStringEnumMemberName("maxYearsAfter")]
    MaxYearsAfter,

    /// <summary>
    /// The chosen retirement date (Field) lies in the flexible window of the person of IdField and SexField, a woman
    /// being a cadre when When holds (the category field says 干部): at most Years (3) before the statutory date but not
    /// below the former age, at most Years after it; before the statutory date when EarlyWhen holds, after it when
    /// LaterWhen holds (<see cref="RetirementAge"/>).
    /// </summary>
    [JsonStringEnumMemberName("flexibleRetirement")]
    FlexibleRetirement,
}
