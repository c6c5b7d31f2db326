namespace RpaRunner.Workflows.Forms;

/// <summary>The stable machine codes of <see cref="FieldError"/>; clients key their behaviour on them.</summary>
public static class FormErrorCodes
{
    public const string Required = "required";
    public const string UnknownField = "unknownField";
    public const string SectionNotObject = "section.notObject";
    public const string WrongKind = "value.wrongKind";

    public const string TextTooLong = "text.tooLong";
    public const string TextTooShort = "text.tooShort";
    public const string TextUnsafe = "text.unsafe";
    public const string TextPattern = "text.pattern";

    public const string NameInvalid = "name.invalid";
    public const string NameLength = "name.length";
    public const string NameLatinInvalid = "name.latinInvalid";

    public const string IdFormat = "id.format";
    public const string IdRegion = "id.region";
    public const string IdBirthDate = "id.birthDate";
    public const string IdChecksum = "id.checksum";

    public const string CreditCodeFormat = "creditCode.format";
    public const string CreditCodeChecksum = "creditCode.checksum";
    public const string CreditCodeAuthority = "creditCode.authority";
    public const string CreditCodeOrganizationType = "creditCode.organizationType";
    public const string CreditCodeOrgCode = "creditCode.orgCode";

    public const string DocumentTypeUnknown = "document.type";
    public const string DocumentFormat = "document.format";
    public const string DocumentRegion = "document.region";
    public const string DocumentBirthDate = "document.birthDate";
    public const string DocumentChecksum = "document.checksum";

    public const string MobileInvalid = "mobile.invalid";

    public const string DateFormat = "date.format";
    public const string DateInvalid = "date.invalid";
    public const string DateFuture = "date.future";
    public const string DateRange = "date.range";

    public const string EnumUnknown = "enum.unknown";

    public const string MoneyFormat = "money.format";
    public const string MoneyPrecision = "money.precision";
    public const string MoneyRange = "money.range";

    public const string IntegerFormat = "integer.format";
    public const string IntegerRange = "integer.range";

    public const string BankCardFormat = "bankCard.format";
    public const string BankCardChecksum = "bankCard.checksum";

    public const string AddressNoChinese = "address.noChinese";

    public const string RuleNotFuture = "rule.notFuture";
    public const string RuleIdBirthDate = "rule.idBirthDate";
    public const string RuleIdSex = "rule.idSex";
    public const string RuleDateOrder = "rule.dateOrder";
    public const string RuleRequiredWhen = "rule.requiredWhen";
    public const string RuleDistinct = "rule.distinct";
    public const string RuleMinAge = "rule.minAge";
    public const string RuleMaxAgeDays = "rule.maxAgeDays";
    public const string RuleSumEquals = "rule.sumEquals";
    public const string RuleMaxYearsAfter = "rule.maxYearsAfter";
    public const string RuleFlexibleRetirement = "rule.flexibleRetirement";

    public const string DefinitionDuplicateId = "definition.duplicateId";
    public const string DefinitionMissingProperty = "definition.missingProperty";
    public const string DefinitionUnknownPath = "definition.unknownPath";
    public const string DefinitionWrongFieldType = "definition.wrongFieldType";
    public const string DefinitionInvalidBound = "definition.invalidBound";
    public const string DefinitionInvalidPattern = "definition.invalidPattern";
    public const string DefinitionNoOptions = "definition.noOptions";
    public const string DefinitionNoDocumentType = "definition.noDocumentType";
}
