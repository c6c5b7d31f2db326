using System.Text.Json;
using System.Text.Json.Nodes;
using RpaRunner.Workflows.Forms;

namespace RpaRunner.Workflows.Tests.Forms;

/// <summary>A document number checked by the type chosen in its sibling field, the name that follows it, and the ID rules.</summary>
public class DocumentFieldValidatorTests
{
    private static readonly DateOnly Today = new(2026, 11, 30);

    // The person's number comes before its type on purpose: the validator must not depend on field order.
    private const string FormJson = """
    {
      "sections": [
        { "id": "person", "title": { "zh": "父亲信息", "en": "Father" },
          "fields": [
            { "id": "name", "label": { "zh": "姓名", "en": "Name" }, "type": "chineseName", "required": true, "documentTypeField": "person.documentType" },
            { "id": "idNumber", "label": { "zh": "证件号码", "en": "Document number" }, "type": "documentNumber", "required": true, "documentTypeField": "person.documentType" },
            { "id": "documentType", "label": { "zh": "证件类型", "en": "Document type" }, "type": "documentType" },
            { "id": "birthDate", "label": { "zh": "出生日期", "en": "Date of birth" }, "type": "date" },
            { "id": "sex", "label": { "zh": "性别", "en": "Sex" }, "type": "enum",
              "options": [ { "code": "1", "label": { "zh": "男", "en": "Male" } }, { "code": "2", "label": { "zh": "女", "en": "Female" } } ] }
          ] }
      ],
      "rules": [
        { "id": "birth", "kind": "idBirthDate", "idField": "person.idNumber", "dateField": "person.birthDate" },
        { "id": "sex", "kind": "idSex", "idField": "person.idNumber", "sexField": "person.sex" },
        { "id": "adult", "kind": "minAge", "idField": "person.idNumber", "years": 18 }
      ]
    }
    """;

    private static FormValidationResult Validate(string? type, string number, string name = "张伟", string? birthDate = null, string? sex = null)
    {
        var form = JsonSerializer.Deserialize<FormDefinition>(FormJson)!;
        var person = new JsonObject { ["name"] = name, ["idNumber"] = number };
        if (type is not null)
        {
            person["documentType"] = type;
        }

        if (birthDate is not null)
        {
            person["birthDate"] = birthDate;
        }

        if (sex is not null)
        {
            person["sex"] = sex;
        }

        return FormValidator.Validate(form, new JsonObject { ["person"] = person }, Today);
    }

    private static string Describe(FormValidationResult result) => string.Join("; ", result.Errors.Select(e => $"{e.Path} {e.Code}"));

    [Fact]
    public void Validate_PassportAndLatinName_IsValidAndSkipsTheBirthDateSexAndAgeRules()
    {
        var result = Validate("passport", " e12345678 ", "  John   SMITH ", birthDate: "2020-01-01", sex: "2");

        Assert.True(result.IsValid, Describe(result));
        Assert.Equal("E12345678", result.Normalized["person"]!["idNumber"]!.GetValue<string>());
        Assert.Equal("John SMITH", result.Normalized["person"]!["name"]!.GetValue<string>());
        Assert.Equal("passport", result.Normalized["person"]!["documentType"]!.GetValue<string>());
    }

    [Fact]
    public void Validate_NoDocumentType_ReadsTheNumberAsAResidentId()
    {
        var result = Validate(null, "E12345678");

        var error = Assert.Single(result.Errors);
        Assert.Equal(("person.idNumber", "id.format"), (error.Path, error.Code));
    }

    [Fact]
    public void Validate_ResidentIdWithLatinName_RefusesTheName()
    {
        var result = Validate("residentId", "11010519491231002X", "John Smith");

        var error = Assert.Single(result.Errors);
        Assert.Equal(("person.name", "name.invalid"), (error.Path, error.Code));
    }

    [Fact]
    public void Validate_HkMacaoPermitWithLatinName_RefusesTheName()
    {
        var result = Validate("hkMacaoPermit", "H12345678", "Chan Tai Man");

        Assert.Equal(["person.name name.invalid"], result.Errors.Select(e => $"{e.Path} {e.Code}"));
    }

    [Fact]
    public void Validate_PassportWithBadName_ReportsLatinInvalidInBothLanguages()
    {
        var result = Validate("passport", "E12345678", "John2 Smith");

        var error = Assert.Single(result.Errors);
        Assert.Equal("name.latinInvalid", error.Code);
        Assert.Contains("护照", error.Message, StringComparison.Ordinal);
        Assert.Contains("passport", error.MessageEn, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_PassportNumberTooShort_ReportsDocumentFormatNamingTheDocument()
    {
        var result = Validate("passport", "E12", "John Smith");

        var error = Assert.Single(result.Errors);
        Assert.Equal(("person.idNumber", "document.format"), (error.Path, error.Code));
        Assert.Contains("护照号码应为 5 至 17 位字母或数字", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_PermanentResidence2023_FeedsTheBirthDateAndSexRules()
    {
        var result = Validate("foreignPermanentResidence", "91184019850312001X", "John Smith", birthDate: "1985-03-13", sex: "2");

        Assert.Equal(["person.idNumber rule.idBirthDate", "person.idNumber rule.idSex"], result.Errors.Select(e => $"{e.Path} {e.Code}"));
    }

    [Fact]
    public void Validate_ResidencePermitOfAMinor_FailsTheAgeRule()
    {
        var result = Validate("hkMacaoResidencePermit", "81000020150101123" + CitizenIdNumber.ComputeCheckCharacter("81000020150101123"));

        Assert.Equal(["person.idNumber rule.minAge"], result.Errors.Select(e => $"{e.Path} {e.Code}"));
    }

    [Fact]
    public void Validate_UnknownDocumentType_ReportsOnlyTheType()
    {
        var result = Validate("driverLicence", "E12345678", "John Smith");

        var error = Assert.Single(result.Errors);
        Assert.Equal(("person.documentType", "document.type"), (error.Path, error.Code));
    }

    [Fact]
    public void CheckDefinition_DocumentNumberWithoutTypeField_IsAProblem()
    {
        var form = JsonSerializer.Deserialize<FormDefinition>(FormJson.Replace("\"type\": \"documentNumber\", \"required\": true, \"documentTypeField\": \"person.documentType\"", "\"type\": \"documentNumber\", \"required\": true", StringComparison.Ordinal))!;

        Assert.Contains(form.CheckDefinition(), e => e.Code == "definition.noDocumentType" && e.Path == "person.idNumber");
    }

    [Fact]
    public void CheckDefinition_TypeFieldThatIsNotADocumentType_IsAProblem()
    {
        var form = JsonSerializer.Deserialize<FormDefinition>(FormJson.Replace("\"documentTypeField\": \"person.documentType\" }", "\"documentTypeField\": \"person.sex\" }", StringComparison.Ordinal))!;

        Assert.Contains(form.CheckDefinition(), e => e.Code == "definition.wrongFieldType" && e.Path == "person.idNumber");
    }
}
