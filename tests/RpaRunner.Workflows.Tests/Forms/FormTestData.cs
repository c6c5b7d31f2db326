using System.Text.Json;
using System.Text.Json.Nodes;
using RpaRunner.Workflows.Forms;

namespace RpaRunner.Workflows.Tests.Forms;

/// <summary>A newborn-style form using every field type and rule kind, and ID numbers built with their check characters.</summary>
internal static class FormTestData
{
    public static readonly DateOnly Today = new(2026, 12, 1);

    public const string FormJson = """
    {
      "sections": [
        { "id": "child", "title": { "zh": "新生儿信息", "en": "Newborn" },
          "fields": [
            { "id": "name", "label": { "zh": "姓名", "en": "Name" }, "type": "chineseName", "required": true },
            { "id": "birthDate", "label": { "zh": "出生日期", "en": "Date of birth" }, "type": "date", "required": true, "min": "1900-01-01", "max": "today" },
            { "id": "sex", "label": { "zh": "性别", "en": "Sex" }, "type": "enum", "required": true,
              "options": [ { "code": "1", "label": { "zh": "男", "en": "Male" } }, { "code": "2", "label": { "zh": "女", "en": "Female" } } ] },
            { "id": "idNumber", "label": { "zh": "公民身份号码", "en": "Citizen ID number" }, "type": "idNumber" }
          ] },
        { "id": "mother", "title": { "zh": "母亲信息", "en": "Mother" },
          "fields": [
            { "id": "name", "label": { "zh": "姓名", "en": "Name" }, "type": "chineseName", "required": true },
            { "id": "idNumber", "label": { "zh": "公民身份号码", "en": "Citizen ID number" }, "type": "idNumber", "required": true },
            { "id": "birthDate", "label": { "zh": "出生日期", "en": "Date of birth" }, "type": "date" },
            { "id": "mobile", "label": { "zh": "手机号码", "en": "Mobile" }, "type": "mobile" },
            { "id": "address", "label": { "zh": "住址", "en": "Address" }, "type": "address" }
          ] },
        { "id": "father", "title": { "zh": "父亲信息", "en": "Father" },
          "fields": [
            { "id": "name", "label": { "zh": "姓名", "en": "Name" }, "type": "chineseName" },
            { "id": "idNumber", "label": { "zh": "公民身份号码", "en": "Citizen ID number" }, "type": "idNumber" }
          ] },
        { "id": "applicant", "title": { "zh": "申请人", "en": "Applicant" },
          "fields": [
            { "id": "hasOnlyChildCertificate", "label": { "zh": "是否持有独生子女证", "en": "Holds an only-child certificate" }, "type": "boolean" },
            { "id": "onlyChildCertificateNo", "label": { "zh": "独生子女证编号", "en": "Only-child certificate number" }, "type": "text",
              "maxLength": 30, "pattern": "^[A-Z0-9]+$", "help": { "zh": "仅限大写字母和数字", "en": "capital letters and digits only" } },
            { "id": "note", "label": { "zh": "备注", "en": "Note" }, "type": "text" }
          ] },
        { "id": "company", "title": { "zh": "企业信息", "en": "Company" },
          "fields": [
            { "id": "creditCode", "label": { "zh": "统一社会信用代码", "en": "Unified social credit code" }, "type": "creditCode" },
            { "id": "capital", "label": { "zh": "注册资本", "en": "Registered capital" }, "type": "money", "min": 0, "max": 100000000000 },
            { "id": "years", "label": { "zh": "经营年限", "en": "Years of operation" }, "type": "integer", "min": 0, "max": 60 },
            { "id": "bankCard", "label": { "zh": "银行卡号", "en": "Bank card number" }, "type": "bankCard" }
          ] }
      ],
      "rules": [
        { "id": "motherBornInPast", "kind": "notFuture", "field": "mother.birthDate" },
        { "id": "motherIdBirth", "kind": "idBirthDate", "idField": "mother.idNumber", "dateField": "mother.birthDate" },
        { "id": "childSexMatchesId", "kind": "idSex", "idField": "child.idNumber", "sexField": "child.sex" },
        { "id": "motherOlder", "kind": "dateOrder", "earlier": "mother.birthDate", "later": "child.birthDate" },
        { "id": "certRequired", "kind": "requiredWhen", "field": "applicant.onlyChildCertificateNo",
          "when": { "path": "applicant.hasOnlyChildCertificate", "equals": true } },
        { "id": "parentsDiffer", "kind": "distinct", "fields": ["mother.idNumber", "father.idNumber"] },
        { "id": "adult", "kind": "minAge", "idField": "mother.idNumber", "years": 16, "atField": "child.birthDate" },
        { "id": "recentBirth", "kind": "maxAgeDays", "field": "child.birthDate", "days": 365 }
      ]
    }
    """;

    public static FormDefinition Form() => JsonSerializer.Deserialize<FormDefinition>(FormJson)!;

    /// <summary>Builds a valid ID number from its parts, adding the check character.</summary>
    public static string Id(string region, string birthDate, string sequence)
    {
        var first17 = region + birthDate + sequence;
        return first17 + CitizenIdNumber.ComputeCheckCharacter(first17);
    }

    /// <summary>Same as <see cref="Id"/> but with a deliberately wrong check character.</summary>
    public static string IdWithWrongCheck(string region, string birthDate, string sequence)
    {
        var valid = Id(region, birthDate, sequence);
        var wrong = valid[17] == '1' ? '2' : '1';
        return valid[..17] + wrong;
    }

    public static readonly string MotherId = Id("110105", "19900315", "002");
    public static readonly string FatherId = Id("430102", "19880101", "011");
    public static readonly string ChildId = Id("430102", "20261120", "021");

    /// <summary>Valid data for every section; tests change one thing at a time.</summary>
    public static JsonObject ValidData() => new()
    {
        ["child"] = new JsonObject { ["name"] = "张小明", ["birthDate"] = "2026-11-20", ["sex"] = "1", ["idNumber"] = ChildId },
        ["mother"] = new JsonObject
        {
            ["name"] = "李娜", ["idNumber"] = MotherId, ["birthDate"] = "1990-03-15",
            ["mobile"] = "13812345678", ["address"] = "湖南省长沙市岳麓区麓山南路 1 号",
        },
        ["father"] = new JsonObject { ["name"] = "张伟", ["idNumber"] = FatherId },
        ["applicant"] = new JsonObject { ["hasOnlyChildCertificate"] = true, ["onlyChildCertificateNo"] = "HN2026001", ["note"] = "无" },
        ["company"] = new JsonObject
        {
            ["creditCode"] = "91350100M000100Y43", ["capital"] = 1000000, ["years"] = 5, ["bankCard"] = "4111111111111111",
        },
    };

    public static FormValidationResult Validate(JsonObject? data) => FormValidator.Validate(Form(), data, Today);

    /// <summary>Validates the valid data with one field replaced (null removes it).</summary>
    public static FormValidationResult ValidateWith(string section, string field, JsonNode? value)
    {
        var data = ValidData();
        var sectionObject = (JsonObject)data[section]!;
        if (value is null)
        {
            sectionObject.Remove(field);
        }
        else
        {
            sectionObject[field] = value;
        }

        return Validate(data);
    }

    public static (string Path, string Code)[] Codes(FormValidationResult result) =>
        result.Errors.Select(e => (e.Path, e.Code)).ToArray();
}
