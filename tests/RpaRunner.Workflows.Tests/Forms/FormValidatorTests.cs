using System.Text.Json.Nodes;
using RpaRunner.Workflows.Forms;
using static RpaRunner.Workflows.Tests.Forms.FormTestData;

namespace RpaRunner.Workflows.Tests.Forms;

public class FormValidatorTests
{
    private static FieldError Single(FormValidationResult result)
    {
        Assert.False(result.IsValid);
        return Assert.Single(result.Errors);
    }

    private static void AssertCodes(FormValidationResult result, params (string Path, string Code)[] expected) =>
        Assert.Equal(expected, Codes(result));

    private static void AssertSingle(FormValidationResult result, string path, string code)
    {
        var error = Single(result);
        Assert.Equal((path, code), (error.Path, error.Code));
    }

    // ---- whole form ----

    [Fact]
    public void Validate_ValidData_IsValid()
    {
        var result = Validate(ValidData());

        Assert.True(result.IsValid, string.Join("; ", result.Errors.Select(e => $"{e.Path} {e.Code} {e.Message}")));
        Assert.Empty(result.Errors);
    }

    [Fact]
    public void Validate_MessyButValidData_IsNormalized()
    {
        var data = ValidData();
        data["child"]!["name"] = "  张小明 ";
        data["mother"]!["idNumber"] = MotherId.ToLowerInvariant();
        data["mother"]!["mobile"] = "+86 138 1234 5678";
        data["father"]!["idNumber"] = " " + FatherId + " ";
        data["company"]!["creditCode"] = "91350100m000100y43";
        data["company"]!["capital"] = " 1234.5 ";
        data["company"]!["years"] = "12";
        data["company"]!["bankCard"] = "4111 1111 1111 1111";

        var result = Validate(data);

        Assert.True(result.IsValid, string.Join("; ", result.Errors.Select(e => $"{e.Path} {e.Code}")));
        var n = result.Normalized;
        Assert.Equal("张小明", n["child"]!["name"]!.GetValue<string>());
        Assert.Equal(MotherId, n["mother"]!["idNumber"]!.GetValue<string>());
        Assert.Equal("13812345678", n["mother"]!["mobile"]!.GetValue<string>());
        Assert.Equal(FatherId, n["father"]!["idNumber"]!.GetValue<string>());
        Assert.Equal("91350100M000100Y43", n["company"]!["creditCode"]!.GetValue<string>());
        Assert.Equal("1234.5", n["company"]!["capital"]!.ToJsonString());
        Assert.Equal("12", n["company"]!["years"]!.ToJsonString());
        Assert.Equal("\"4111111111111111\"", n["company"]!["bankCard"]!.ToJsonString());
        Assert.Equal("true", n["applicant"]!["hasOnlyChildCertificate"]!.ToJsonString());
        Assert.Equal("\"2026-11-20\"", n["child"]!["birthDate"]!.ToJsonString());
    }

    [Fact]
    public void Validate_MotherIdWithLowerCaseX_IsValidAndUpperCased()
    {
        var lowerX = "11010519491231002x";
        var data = ValidData();
        data["mother"]!["idNumber"] = lowerX;
        data["mother"]!["birthDate"] = "1949-12-31";

        var result = Validate(data);

        Assert.True(result.IsValid, string.Join("; ", result.Errors.Select(e => $"{e.Path} {e.Code}")));
        Assert.Equal("11010519491231002X", result.Normalized["mother"]!["idNumber"]!.GetValue<string>());
    }

    [Fact]
    public void Validate_NormalizedHoldsOnlyKnownValidFields()
    {
        var data = ValidData();
        data["child"]!["nickname"] = "小明";
        data["mother"]!["mobile"] = "12345";

        var result = Validate(data);

        Assert.False(result.Normalized["child"]!.AsObject().ContainsKey("nickname"));
        Assert.False(result.Normalized["mother"]!.AsObject().ContainsKey("mobile"));
        Assert.True(result.Normalized["mother"]!.AsObject().ContainsKey("name"));
        Assert.Equal(new[] { "child", "mother", "father", "applicant", "company" }, result.Normalized.Select(p => p.Key));
    }

    [Fact]
    public void Validate_EmptyData_ReportsEveryMissingRequiredFieldWithPath()
    {
        var result = Validate([]);

        AssertCodes(result, ("child.name", "required"), ("child.birthDate", "required"), ("child.sex", "required"), ("mother.name", "required"), ("mother.idNumber", "required"));
    }

    [Fact]
    public void Validate_NullData_ReportsMissingRequiredFields()
    {
        var result = Validate(null);

        Assert.Equal(5, result.Errors.Count);
        Assert.All(result.Errors, e => Assert.Equal("required", e.Code));
    }

    [Fact]
    public void Validate_SeveralRequiredFieldsBlankOrNull_AllReported()
    {
        var data = ValidData();
        data["child"]!["name"] = "   ";
        data["child"]!["sex"] = null;
        data["mother"]!.AsObject().Remove("idNumber");

        var result = Validate(data);

        AssertCodes(result, ("child.name", "required"), ("child.sex", "required"), ("mother.idNumber", "required"));
    }

    [Fact]
    public void Validate_OptionalFieldMissing_IsValid()
    {
        var result = ValidateWith("mother", "mobile", null);

        Assert.True(result.IsValid);
    }

    [Fact]
    public void Validate_UnknownSectionAndField_ReportsUnknownField()
    {
        var data = ValidData();
        data["pet"] = new JsonObject { ["name"] = "旺财" };
        data["child"]!["nickname"] = "小明";

        var result = Validate(data);

        AssertCodes(result, ("pet", "unknownField"), ("child.nickname", "unknownField"));
    }

    [Fact]
    public void Validate_SectionNotAnObject_ReportsSectionNotObjectAndMissingFields()
    {
        var data = ValidData();
        data["father"] = "张伟";
        data["child"] = new JsonArray();

        var result = Validate(data);

        Assert.Contains(("child", "section.notObject"), Codes(result));
        Assert.Contains(("father", "section.notObject"), Codes(result));
        Assert.Contains(("child.name", "required"), Codes(result));
    }

    [Fact]
    public void Validate_ManyProblemsAtOnce_ReportsEveryOne()
    {
        var data = ValidData();
        data["child"]!["name"] = "Tom";
        data["child"]!["birthDate"] = "2023-02-30";
        data["mother"]!["idNumber"] = IdWithWrongCheck("110105", "19900315", "002");
        data["mother"]!["mobile"] = "12345";
        data["applicant"]!["note"] = "<script>alert(1)</script>";
        data["company"]!["years"] = 99;

        var result = Validate(data);

        AssertCodes(
            result,
            ("child.name", "name.invalid"),
            ("child.birthDate", "date.invalid"),
            ("mother.idNumber", "id.checksum"),
            ("mother.mobile", "mobile.invalid"),
            ("applicant.note", "text.unsafe"),
            ("company.years", "integer.range"));
    }

    [Fact]
    public void Validate_EveryError_HasChineseAndEnglishMessagesWithLabels()
    {
        var data = ValidData();
        data["child"]!["birthDate"] = "2023-02-30";
        data["mother"]!["idNumber"] = IdWithWrongCheck("110105", "19900315", "002");
        data["company"]!["capital"] = "-5";

        var result = Validate(data);

        Assert.Equal(3, result.Errors.Count);
        var date = result.Errors[0];
        Assert.Contains("新生儿信息「出生日期」", date.Message, StringComparison.Ordinal);
        Assert.Contains("Newborn – Date of birth", date.MessageEn, StringComparison.Ordinal);
        Assert.All(result.Errors, e =>
        {
            Assert.False(string.IsNullOrWhiteSpace(e.Message));
            Assert.False(string.IsNullOrWhiteSpace(e.MessageEn));
            Assert.Matches("[\u4e00-\u9fff]", e.Message);
            Assert.DoesNotMatch("[\u4e00-\u9fff]", e.MessageEn);
        });
    }

    // ---- citizen ID fields ----

    [Fact]
    public void Validate_WrongIdCheckCharacter_ReportsChecksumWithPath()
    {
        var valid = Id("110105", "19900315", "002");
        var wrong = IdWithWrongCheck("110105", "19900315", "002");

        var error = Single(ValidateWith("mother", "idNumber", wrong));

        Assert.Equal(("mother.idNumber", "id.checksum"), (error.Path, error.Code));
        Assert.Equal($"母亲信息「公民身份号码」：公民身份号码校验位错误，应为 {valid[17]}", error.Message);
        Assert.Equal($"Mother – Citizen ID number: the check character of the citizen ID number is wrong; expected {valid[17]}", error.MessageEn);
    }

    [Fact]
    public void Validate_IdWithMonth13_ReportsIdBirthDate()
    {
        var error = Single(ValidateWith("father", "idNumber", Id("430102", "20231301", "011")));

        Assert.Equal(("father.idNumber", "id.birthDate"), (error.Path, error.Code));
        Assert.Contains("20231301", error.Message, StringComparison.Ordinal);
        Assert.Contains("not a real date", error.MessageEn, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_IdBornAfterToday_ReportsIdBirthDate()
    {
        var error = Single(ValidateWith("father", "idNumber", Id("430102", "20261202", "011")));

        Assert.Equal(("father.idNumber", "id.birthDate"), (error.Path, error.Code));
        Assert.Contains("after today", error.MessageEn, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_IdBornBefore1900_ReportsIdBirthDate()
    {
        var error = Single(ValidateWith("father", "idNumber", Id("430102", "18991231", "011")));

        Assert.Equal(("father.idNumber", "id.birthDate"), (error.Path, error.Code));
        Assert.Contains("1900", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_IdWithUnknownProvince_ReportsRegion()
    {
        AssertSingle(ValidateWith("father", "idNumber", Id("990102", "19880101", "011")), "father.idNumber", "id.region");
    }

    [Theory]
    [InlineData("4301021988010101")]
    [InlineData("43010219880101011AB")]
    [InlineData("43010219880101O11X")]
    public void Validate_IdWithBadShape_ReportsFormat(string text)
    {
        AssertSingle(ValidateWith("father", "idNumber", text), "father.idNumber", "id.format");
    }

    // ---- other field types ----

    [Theory]
    [InlineData("Tom", "name.invalid")]
    [InlineData("张3", "name.invalid")]
    [InlineData("张 三", "name.invalid")]
    [InlineData("张", "name.length")]
    public void Validate_BadChineseName_ReportsCode(string name, string code)
    {
        AssertSingle(ValidateWith("father", "name", name), "father.name", code);
    }

    [Fact]
    public void Validate_MinorityNameWithLookAlikeDot_IsNormalized()
    {
        var result = ValidateWith("father", "name", "买买提・艾力");

        Assert.True(result.IsValid);
        Assert.Equal("买买提·艾力", result.Normalized["father"]!["name"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("2023-02-30", "date.invalid")]
    [InlineData("2025-13-01", "date.invalid")]
    [InlineData("2023/02/01", "date.format")]
    [InlineData("20230201", "date.format")]
    [InlineData("1899-12-31", "date.range")]
    [InlineData("2026-12-02", "date.future")]
    public void Validate_BadChildBirthDate_ReportsCode(string date, string code)
    {
        AssertSingle(ValidateWith("child", "birthDate", date), "child.birthDate", code);
    }

    [Fact]
    public void Validate_DateWithoutMin_Before1900_ReportsRange()
    {
        var data = ValidData();
        data["mother"]!["birthDate"] = "1899-01-01";
        data["mother"]!["idNumber"] = MotherId;

        var result = Validate(data);

        AssertCodes(result, ("mother.birthDate", "date.range"));
    }

    [Fact]
    public void Validate_DateFuture_MessageNamesToday()
    {
        var error = Single(ValidateWith("child", "birthDate", "2027-01-01"));

        Assert.Contains("2026-12-01", error.Message, StringComparison.Ordinal);
        Assert.Contains("after today", error.MessageEn, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UnknownEnumCode_ReportsEnumUnknownListingOptions()
    {
        var error = Single(ValidateWith("child", "sex", "3"));

        Assert.Equal(("child.sex", "enum.unknown"), (error.Path, error.Code));
        Assert.Contains("1（男）", error.Message, StringComparison.Ordinal);
        Assert.Contains("2 (Female)", error.MessageEn, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("12.345", "money.precision")]
    [InlineData("-1", "money.range")]
    [InlineData("100000000000.01", "money.range")]
    [InlineData("abc", "money.format")]
    [InlineData("1e5", "money.format")]
    [InlineData("1,000", "money.format")]
    public void Validate_BadMoneyString_ReportsCode(string value, string code)
    {
        AssertSingle(ValidateWith("company", "capital", value), "company.capital", code);
    }

    [Fact]
    public void Validate_MoneyNumberWithThreeDecimals_ReportsPrecision()
    {
        AssertSingle(ValidateWith("company", "capital", 10.125m), "company.capital", "money.precision");
    }

    [Fact]
    public void Validate_MoneyAtBounds_IsValidAndANumber()
    {
        var zero = ValidateWith("company", "capital", 0);
        var max = ValidateWith("company", "capital", "100000000000.00");

        Assert.True(zero.IsValid);
        Assert.True(max.IsValid);
        Assert.Equal("100000000000.00", max.Normalized["company"]!["capital"]!.ToJsonString());
    }

    [Theory]
    [InlineData(61, "integer.range")]
    [InlineData(-1, "integer.range")]
    public void Validate_IntegerOutOfRange_ReportsRange(int value, string code)
    {
        AssertSingle(ValidateWith("company", "years", value), "company.years", code);
    }

    [Theory]
    [InlineData("1.5")]
    [InlineData("ten")]
    [InlineData("1-2")]
    public void Validate_NotAnInteger_ReportsFormat(string value)
    {
        AssertSingle(ValidateWith("company", "years", value), "company.years", "integer.format");
    }

    [Fact]
    public void Validate_FractionalNumberForInteger_ReportsFormat()
    {
        AssertSingle(ValidateWith("company", "years", 1.5), "company.years", "integer.format");
    }

    [Theory]
    [InlineData("4111111111111112", "bankCard.checksum")]
    [InlineData("41111111111", "bankCard.format")]
    [InlineData("4111-1111-1111-1111", "bankCard.format")]
    public void Validate_BadBankCard_ReportsCode(string value, string code)
    {
        AssertSingle(ValidateWith("company", "bankCard", value), "company.bankCard", code);
    }

    [Theory]
    [InlineData("91350100M000100Y44", "creditCode.checksum")]
    [InlineData("91350100M000100I43", "creditCode.format")]
    [InlineData("9135010", "creditCode.format")]
    public void Validate_BadCreditCode_ReportsCode(string value, string code)
    {
        AssertSingle(ValidateWith("company", "creditCode", value), "company.creditCode", code);
    }

    [Fact]
    public void Validate_WrongCreditCodeCheck_MessageGivesExpectedCharacter()
    {
        var error = Single(ValidateWith("company", "creditCode", "91350100M000100Y44"));

        Assert.EndsWith("应为 3", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("expected 3", error.MessageEn, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("12812345678")]
    [InlineData("1381234567")]
    [InlineData("+85213812345678")]
    public void Validate_BadMobile_ReportsMobileInvalid(string value)
    {
        AssertSingle(ValidateWith("mother", "mobile", value), "mother.mobile", "mobile.invalid");
    }

    [Theory]
    [InlineData("长沙市", "text.tooShort")]
    [InlineData("12 Main Street, Springfield", "address.noChinese")]
    public void Validate_BadAddress_ReportsCode(string value, string code)
    {
        AssertSingle(ValidateWith("mother", "address", value), "mother.address", code);
    }

    [Fact]
    public void Validate_AddressLongerThan120_ReportsTooLong()
    {
        AssertSingle(ValidateWith("mother", "address", new string('路', 121)), "mother.address", "text.tooLong");
        Assert.True(ValidateWith("mother", "address", new string('路', 120)).IsValid);
    }

    [Fact]
    public void Validate_TextNotMatchingPattern_ReportsPatternWithHelp()
    {
        var error = Single(ValidateWith("applicant", "onlyChildCertificateNo", "hn-2026"));

        Assert.Equal(("applicant.onlyChildCertificateNo", "text.pattern"), (error.Path, error.Code));
        Assert.Contains("仅限大写字母和数字", error.Message, StringComparison.Ordinal);
        Assert.Contains("capital letters and digits only", error.MessageEn, StringComparison.Ordinal);
    }

    // ---- safety ----

    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("a < b")]
    [InlineData("line1\nline2")]
    [InlineData("tab\there")]
    [InlineData("nul\0byte")]
    [InlineData("bidi\u202Eoverride")]
    public void Validate_UnsafeText_ReportsTextUnsafe(string value)
    {
        AssertSingle(ValidateWith("applicant", "note", value), "applicant.note", "text.unsafe");
    }

    [Fact]
    public void Validate_ScriptInNameField_ReportsTextUnsafeNotNameInvalid()
    {
        AssertSingle(ValidateWith("child", "name", "<b>张三</b>"), "child.name", "text.unsafe");
    }

    [Fact]
    public void Validate_TextOverDefault200_ReportsTooLong()
    {
        var error = Single(ValidateWith("applicant", "note", new string('字', 201)));

        Assert.Equal(("applicant.note", "text.tooLong"), (error.Path, error.Code));
        Assert.Contains("200", error.Message, StringComparison.Ordinal);
        Assert.True(ValidateWith("applicant", "note", new string('字', 200)).IsValid);
    }

    [Fact]
    public void Validate_TextOverFieldMaxLength_ReportsTooLong()
    {
        AssertSingle(ValidateWith("applicant", "onlyChildCertificateNo", new string('A', 31)), "applicant.onlyChildCertificateNo", "text.tooLong");
    }

    [Fact]
    public void Validate_HugeScriptLadenText_ReportsBothTooLongAndUnsafe()
    {
        var result = ValidateWith("applicant", "note", "<script>" + new string('x', 5000) + "</script>");

        AssertCodes(result, ("applicant.note", "text.tooLong"), ("applicant.note", "text.unsafe"));
    }

    [Fact]
    public void Validate_OversizedIdNumber_ReportsTooLong()
    {
        AssertSingle(ValidateWith("mother", "idNumber", new string('1', 1000)), "mother.idNumber", "text.tooLong");
    }

    public static TheoryData<string, string, JsonNode> WrongKinds => new()
    {
        { "child", "name", JsonValue.Create(123) },
        { "child", "sex", JsonValue.Create(1) },
        { "child", "birthDate", new JsonObject { ["y"] = 2026 } },
        { "mother", "idNumber", JsonValue.Create(110105199003150021L) },
        { "applicant", "hasOnlyChildCertificate", JsonValue.Create("true") },
        { "applicant", "hasOnlyChildCertificate", JsonValue.Create(1) },
        { "applicant", "note", new JsonArray("a") },
        { "company", "capital", JsonValue.Create(true) },
        { "company", "years", new JsonArray(1) },
    };

    [Theory]
    [MemberData(nameof(WrongKinds))]
    public void Validate_WrongJsonKind_ReportsWrongKind(string section, string field, JsonNode value)
    {
        AssertSingle(ValidateWith(section, field, value), $"{section}.{field}", "value.wrongKind");
    }

    // ---- rules ----

    [Fact]
    public void Validate_NotFuture_FutureDate_ReportsRule()
    {
        var data = ValidData();
        data["mother"]!.AsObject().Remove("birthDate");
        data["mother"]!["birthDate"] = "2026-12-24";
        data["mother"]!["idNumber"] = Id("110105", "19900315", "002");

        var result = Validate(data);

        Assert.Contains(("mother.birthDate", "rule.notFuture"), Codes(result));
    }

    [Fact]
    public void Validate_IdBirthDateMismatch_ReportsRuleOnIdField()
    {
        var error = Single(ValidateWith("mother", "birthDate", "1990-03-16"));

        Assert.Equal(("mother.idNumber", "rule.idBirthDate"), (error.Path, error.Code));
        Assert.Contains("1990-03-15", error.Message, StringComparison.Ordinal);
        Assert.Contains("1990-03-16", error.MessageEn, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_IdSexMismatch_ReportsRule()
    {
        var error = Single(ValidateWith("child", "sex", "2"));

        Assert.Equal(("child.idNumber", "rule.idSex"), (error.Path, error.Code));
        Assert.Contains("男", error.Message, StringComparison.Ordinal);
        Assert.Contains("male", error.MessageEn, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_CrossFieldError_NamesEachFieldItConcerns_AndShowsAtEach()
    {
        var result = ValidateWith("child", "sex", "2");
        var error = Single(result);

        Assert.Equal(["child.idNumber", "child.sex"], error.Fields);
        Assert.Contains(error, result.ErrorsAt("child.sex"));
        Assert.Contains(error, result.ErrorsAt("child.idNumber"));
        Assert.DoesNotContain(error, result.ErrorsAt("child.name"));
    }

    [Fact]
    public void Validate_OneFieldError_NamesNoOtherField()
    {
        var error = Single(ValidateWith("mother", "mobile", "12345"));

        Assert.Null(error.Fields);
    }

    [Fact]
    public void Validate_IdSexMatchesFemale_IsValid()
    {
        var data = ValidData();
        data["child"]!["idNumber"] = Id("430102", "20261120", "022");
        data["child"]!["sex"] = "2";

        Assert.True(Validate(data).IsValid);
    }

    [Fact]
    public void Validate_DateOrderViolated_ReportsRuleOnEarlierField()
    {
        var data = ValidData();
        data["child"]!["birthDate"] = "2026-11-20";
        data["mother"]!["birthDate"] = "2026-11-21";
        data["mother"]!["idNumber"] = Id("110105", "20261121", "002");

        var result = Validate(data);

        Assert.Contains(("mother.birthDate", "rule.dateOrder"), Codes(result));
    }

    [Fact]
    public void Validate_RequiredWhenConditionHolds_ReportsMissingField()
    {
        var error = Single(ValidateWith("applicant", "onlyChildCertificateNo", null));

        Assert.Equal(("applicant.onlyChildCertificateNo", "rule.requiredWhen"), (error.Path, error.Code));
        Assert.Contains("是否持有独生子女证", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RequiredWhenConditionFalse_IsValid()
    {
        var data = ValidData();
        data["applicant"]!["hasOnlyChildCertificate"] = false;
        data["applicant"]!.AsObject().Remove("onlyChildCertificateNo");

        Assert.True(Validate(data).IsValid);
    }

    [Fact]
    public void Validate_RequiredWhenConditionFieldAbsent_IsValid()
    {
        var data = ValidData();
        data["applicant"]!.AsObject().Remove("hasOnlyChildCertificate");
        data["applicant"]!.AsObject().Remove("onlyChildCertificateNo");

        Assert.True(Validate(data).IsValid);
    }

    [Fact]
    public void Validate_ParentsWithSameId_ReportsDistinctOnFirstField()
    {
        AssertSingle(ValidateWith("father", "idNumber", MotherId.ToLowerInvariant()), "mother.idNumber", "rule.distinct");
    }

    [Fact]
    public void Validate_DistinctWithOneFieldEmpty_IsValid()
    {
        Assert.True(ValidateWith("father", "idNumber", null).IsValid);
    }

    [Fact]
    public void Validate_MotherUnder16AtBirth_ReportsMinAge()
    {
        var data = ValidData();
        data["mother"]!["idNumber"] = Id("110105", "20101121", "002");
        data["mother"]!["birthDate"] = "2010-11-21";

        var result = Validate(data);

        var error = Assert.Single(result.Errors);
        Assert.Equal(("mother.idNumber", "rule.minAge"), (error.Path, error.Code));
        Assert.Contains("15", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MotherTurned16OnBirthDay_IsValid()
    {
        var data = ValidData();
        data["mother"]!["idNumber"] = Id("110105", "20101120", "002");
        data["mother"]!["birthDate"] = "2010-11-20";

        Assert.True(Validate(data).IsValid);
    }

    [Fact]
    public void Validate_BirthMoreThan365DaysAgo_ReportsMaxAgeDays()
    {
        var data = ValidData();
        data["child"]!["birthDate"] = "2025-11-30";
        data["child"]!["idNumber"] = Id("430102", "20251130", "021");

        var result = Validate(data);

        AssertCodes(result, ("child.birthDate", "rule.maxAgeDays"));
    }

    [Fact]
    public void Validate_BirthExactly365DaysAgo_IsValid()
    {
        var data = ValidData();
        data["child"]!["birthDate"] = "2025-12-01";
        data["child"]!["idNumber"] = Id("430102", "20251201", "021");

        Assert.True(Validate(data).IsValid);
    }

    [Fact]
    public void Validate_InvalidFieldInRule_SkipsTheRule()
    {
        var data = ValidData();
        data["mother"]!["idNumber"] = IdWithWrongCheck("110105", "20101121", "002");
        data["mother"]!["birthDate"] = "2011-01-01";
        data["father"]!["idNumber"] = data["mother"]!["idNumber"]!.GetValue<string>();

        var result = Validate(data);

        AssertCodes(result, ("mother.idNumber", "id.checksum"), ("father.idNumber", "id.checksum"));
    }

    [Fact]
    public void Validate_RuleMessageOverride_IsUsed()
    {
        var form = Form();
        form.Rules.Single(r => r.Id == "parentsDiffer").Message = new LocalizedText("父母身份证号不能相同", "Parents must have different ID numbers");
        var data = ValidData();
        data["father"]!["idNumber"] = MotherId;

        var error = Assert.Single(FormValidator.Validate(form, data, Today).Errors);

        Assert.Equal("父母身份证号不能相同", error.Message);
        Assert.Equal("Parents must have different ID numbers", error.MessageEn);
    }

    [Fact]
    public void Validate_RequiredWhenOnEnumValue_MatchesCode()
    {
        var form = Form();
        form.Rules.Add(new FormRule
        {
            Id = "girlNeedsNote",
            Kind = RuleKind.RequiredWhen,
            Field = "applicant.note",
            When = new RuleCondition { Path = "child.sex", EqualTo = System.Text.Json.JsonDocument.Parse("\"2\"").RootElement },
        });
        var data = ValidData();
        data["child"]!["sex"] = "2";
        data["child"]!.AsObject().Remove("idNumber");
        data["applicant"]!.AsObject().Remove("note");

        var error = Assert.Single(FormValidator.Validate(form, data, Today).Errors);

        Assert.Equal(("applicant.note", "rule.requiredWhen"), (error.Path, error.Code));
        Assert.Contains("「女」", error.Message, StringComparison.Ordinal);
    }

    // ---- definition problems ----

    [Fact]
    public void Validate_FormWithRuleToUnknownField_RefusesDataWithDefinitionError()
    {
        var form = Form();
        form.Rules.Add(new FormRule { Id = "broken", Kind = RuleKind.NotFuture, Field = "child.ghost" });

        var result = FormValidator.Validate(form, ValidData(), Today);

        Assert.False(result.IsValid);
        AssertCodes(result, ("rules.broken", "definition.unknownPath"));
    }
}
