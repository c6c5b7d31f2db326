using System.Text.Json.Nodes;
using RpaRunner.Workflows.Catalog;
using RpaRunner.Tests.Shared;

namespace RpaRunner.Workflows.Tests.Catalog;

public sealed class BundleValidatorTests
{
    private static readonly string s_bundles = Path.Combine(RepoRoot(), "Workflows", "Bundles");

    [Theory]
    [InlineData("newborn.json", 6)]
    [InlineData("retirement.json", 4)]
    [InlineData("retirement.v2.json", 7)]
    [InlineData("company-setup.json", 5)]
    [InlineData("hiring.json", 6)]
    [InlineData("deregistration.json", 2)]
    [InlineData("after-death.json", 8)]
    public void Validate_ShippedBundle_HasNoProblems(string file, int steps)
    {
        var problems = CreateSut().Validate(File.ReadAllText(Path.Combine(s_bundles, file)), out var bundle);
        Assert.Empty(problems);
        Assert.Equal(steps, bundle!.Steps.Count);
    }

    [Fact]
    public void Validate_MissingRequiredProperty_ReportsSchemaErrorWithPath()
    {
        var problems = Validate("newborn.json", b => b["steps"]![2]!.AsObject().Remove("action"));
        Assert.Contains(problems, p => p.Path == "$.steps[2].action" && p.Message.Contains("required property 'action' is missing"));
    }

    [Fact]
    public void Validate_UnknownPropertyAndBadFieldType_ReportEachWithPath()
    {
        var problems = Validate("newborn.json", b =>
        {
            b["colour"] = "red";
            b["form"]!["sections"]![0]!["fields"]![1]!["type"] = "telepathy";
        });
        Assert.Contains(problems, p => p.Path == "$.colour" && p.Message.Contains("unknown property"));
        Assert.Contains(problems, p => p.Path == "$.form.sections[0].fields[1].type" && p.Message.Contains("chineseName"));
    }

    [Fact]
    public void Validate_DependencyCycle_IsReported()
    {
        var problems = Validate("newborn.json", b => b["steps"]![0]!["dependsOn"] = new JsonArray("premium"));
        Assert.Contains(problems, p => p.Path.StartsWith("$.steps[", StringComparison.Ordinal) && p.Message.Contains("dependency cycle") && p.Message.Contains("birthCertificate"));
    }

    [Fact]
    public void Validate_UnknownDependency_IsReported_AndItsDependentsAreUnreachable()
    {
        var problems = Validate("company-setup.json", b => b["steps"]![0]!["dependsOn"] = new JsonArray("notary"));
        Assert.Contains(problems, p => p.Path == "$.steps[0].dependsOn[0]" && p.Message.Contains("unknown step 'notary'"));
        Assert.Contains(problems, p => p.Path == "$.steps[1]" && p.Message.Contains("unreachable"));
    }

    [Fact]
    public void Validate_MappingFromAMissingFormField_IsReported()
    {
        var problems = Validate("newborn.json", b => b["steps"]![0]!["inputs"]!["childName"] = "form.child.nickname");
        Assert.Contains(problems, p => p.Path == "$.steps[0].inputs.childName" && p.Message.Contains("no field 'child.nickname'"));
    }

    [Fact]
    public void Validate_MappingFromAMissingOutput_IsReported()
    {
        var problems = Validate("newborn.json", b => b["steps"]![3]!["inputs"]!["idNumber"] = "steps.household.childPassportNo");
        Assert.Contains(problems, p => p.Path == "$.steps[3].inputs.idNumber" && p.Message.Contains("no output 'childPassportNo'"));
    }

    [Fact]
    public void Validate_ADateMappedIntoABankCardInput_IsReported()
    {
        var problems = Validate("retirement.json", b =>
        {
            b["form"]!["sections"]![0]!["fields"]!.AsArray().Add(JsonNode.Parse("""{ "id": "retiredOn", "label": { "zh": "退休日期", "en": "Retired on" }, "type": "date" }"""));
            b["steps"]![3]!["inputs"]!["bankCardNo"] = "form.applicant.retiredOn";
        });
        Assert.Contains(problems, p => p.Path == "$.steps[3].inputs.bankCardNo" && p.Message.Contains("type date") && p.Message.Contains("type bankCard"));
    }

    [Fact]
    public void Validate_ADateMappedIntoABankCardInput_SaysSoInChineseWithTheLabels()
    {
        var problems = Validate("newborn.json", b =>
        {
            b["steps"]![0]!["action"] = "weijian.grantOnlyChildReward";
            b["steps"]![0]!["inputs"] = JsonNode.Parse("""{ "idNumber": "form.mother.idNumber", "name": "form.mother.name", "onlyChildCertificateNo": "form.child.birthPlace", "bankCardNo": "form.child.birthDate", "retirementApprovalNo": "form.father.name" }""");
            b["steps"]![0]!["outputs"] = new JsonArray();
            foreach (var step in b["steps"]!.AsArray().Skip(1))
            {
                step!["dependsOn"] = new JsonArray();
                step["inputs"]!.AsObject().Remove("birthCertificateNo");
            }
        });
        var bankCard = Assert.Single(problems, p => p.Path == "$.steps[0].inputs.bankCardNo");
        Assert.Equal("步骤“出生医学证明签发”的“银行卡号”（银行卡号）不能取自“新生儿信息 · 出生日期”（日期）：日期不能填入银行卡号字段", bankCard.Text.Zh);
        Assert.Contains("“Bank card number” (bank card) cannot come from", bankCard.Text.En);
    }

    [Fact]
    public void Validate_AFathersNameMappedIntoAnApprovalNumber_IsReported()
    {
        var problems = Validate("retirement.json", b => b["steps"]![3]!["inputs"]!["retirementApprovalNo"] = "form.applicant.name");
        var problem = Assert.Single(problems, p => p.Path == "$.steps[3].inputs.retirementApprovalNo");
        Assert.Contains("type chineseName", problem.Message);
        Assert.Contains("姓名不能填入编号字段", problem.Text.Zh);
    }

    [Fact]
    public void Validate_ANameMappedIntoACertificateNumberWithoutPattern_IsReported()
    {
        // 独生子女父母光荣证编号 has no pattern: it is still a number a department issued, not a place for a name.
        var problems = Validate("retirement.json", b => b["steps"]![3]!["inputs"]!["onlyChildCertificateNo"] = "form.applicant.name");
        Assert.Contains(problems, p => p.Path == "$.steps[3].inputs.onlyChildCertificateNo" && p.Text.Zh.Contains("独生子女父母光荣证编号", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_AMatterCodeWhoseAgencyCodeFailsItsCheck_IsReportedInBothLanguages()
    {
        // The shape is right (18 credit-code characters and 13 digits) but 000000000000000000 has no registration authority.
        var problems = Validate("newborn.json", b => b["steps"]![0]!["matterCode"] = "000000000000000000" + "2010037001001");

        var problem = Assert.Single(problems, p => p.Path == "$.steps[0].matterCode");
        Assert.Contains("实施编码前 18 位不是有效的统一社会信用代码", problem.Text.Zh, StringComparison.Ordinal);
        Assert.Contains("implementing code", problem.Text.En, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_AMatterCodeOfTheWrongShape_IsReported()
    {
        var problems = Validate("newborn.json", b => b["steps"]![0]!["matterCode"] = "11430100MB1C900109-2010");

        Assert.Contains(problems, p => p.Path.StartsWith("$.steps[0].matterCode", StringComparison.Ordinal));
    }

    [Fact]
    public void MatterCode_SchemaPatternIsTheValidatorsPattern()
    {
        var schema = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoRoot(), "Workflows", "Schema", "bundle.schema.json")))!;

        Assert.Equal(MatterCode.Pattern, schema["definitions"]!["step"]!["properties"]!["matterCode"]!["pattern"]!.GetValue<string>());
    }

    [Fact]
    public void Validate_TypesCompatibleByFormat_AreAccepted()
    {
        // A credit code into the bank name (free text) fits as written.
        var problems = Validate("retirement.json", b => b["steps"]![2]!["inputs"]!["bankName"] = "form.applicant.employerCreditCode");
        Assert.Empty(problems);
    }

    [Fact]
    public void Validate_AMissingRequiredProperty_IsSaidInPlainChinese()
    {
        var problems = Validate("newborn.json", b => b["steps"]![2]!.AsObject().Remove("action"));
        var problem = Assert.Single(problems, p => p.Path == "$.steps[2].action");
        Assert.Equal("第 3 个步骤缺少必填项“action”", problem.Text.Zh);
    }

    [Fact]
    public void Validate_AnEnumWhoseCodesTheInputDoesNotHave_IsReported()
    {
        var problems = Validate("retirement.json", b => b["steps"]![0]!["inputs"]!["sex"] = "form.applicant.personType");
        Assert.DoesNotContain(problems, p => p.Path == "$.steps[0].inputs.sex");

        problems = Validate("retirement.json", b =>
            b["form"]!["sections"]![0]!["fields"]![2]!["options"]!.AsArray().Add(JsonNode.Parse("""{ "code": "9", "label": { "zh": "未说明", "en": "Unstated" } }""")));
        Assert.Contains(problems, p => p.Path == "$.steps[0].inputs.sex" && p.Message.Contains("code(s) 9"));
    }

    [Fact]
    public void Validate_AStepOutputOfAnotherTypeMappedIntoAnInput_IsReported()
    {
        var problems = Validate("retirement.json", b => b["steps"]![3]!["inputs"]!["idNumber"] = "steps.retirementApproval.retirementApprovalNo");
        Assert.Contains(problems, p => p.Path == "$.steps[3].inputs.idNumber" && p.Message.Contains("type idNumber"));
    }

    [Fact]
    public void Validate_MappingFromAStepItDoesNotDependOn_IsReported()
    {
        // vaccination runs beside household, so the child's ID number may not exist yet.
        var problems = Validate("newborn.json", b => b["steps"]![1]!["inputs"]!["childName"] = "steps.household.childIdNumber");
        Assert.Contains(problems, p => p.Path == "$.steps[1].inputs.childName" && p.Message.Contains("does not depend on it"));
    }

    [Fact]
    public void Validate_UnknownSystemActionAndInput_AndUnmappedRequiredInput_AreReported()
    {
        var problems = Validate("company-setup.json", b =>
        {
            b["steps"]![1]!["system"] = "notary-office";
            b["steps"]![2]!["action"] = "shuiwu.fileTaxReturn";
            b["steps"]![3]!["inputs"]!["shoeSize"] = "form.company.name";
            b["steps"]![4]!["inputs"]!.AsObject().Remove("contactPhone");
        });
        Assert.Contains(problems, p => p.Path == "$.steps[1].system");
        Assert.Contains(problems, p => p.Path == "$.steps[2].action");
        Assert.Contains(problems, p => p.Path == "$.steps[3].inputs.shoeSize");
        Assert.Contains(problems, p => p.Path == "$.steps[4].inputs" && p.Message.Contains("contactPhone"));
    }

    [Fact]
    public void Validate_ConditionThatCanNeverHold_MakesTheStepUnreachable()
    {
        var problems = Validate("retirement.json", b => b["steps"]![3]!["condition"] = new JsonObject { ["path"] = "form.applicant.personType", ["equals"] = "astronaut" });
        Assert.Contains(problems, p => p.Path == "$.steps[3].condition" && p.Message.Contains("unreachable"));
    }

    [Fact]
    public void Validate_NotJson_IsOneProblemAtTheRoot()
    {
        var problems = CreateSut().Validate("{ not json", out _);
        Assert.Equal("$", Assert.Single(problems).Path);
    }

    [Fact]
    public void Catalog_RejectsTheSameVersionWithOtherContent()
    {
        var catalog = BundleCatalog.LoadEmbedded();
        var changed = JsonNode.Parse(File.ReadAllText(Path.Combine(s_bundles, "newborn.json")))!;
        changed["name"]!["en"] = "Newborn (edited)";
        var ex = Assert.Throws<InvalidBundleException>(() => catalog.Add(changed.ToJsonString(), "edited.json"));
        Assert.Contains(ex.Problems, p => p.Path == "$.version");
        changed["version"] = 4;
        Assert.Equal(4, catalog.Add(changed.ToJsonString(), "edited.json").Version);
        Assert.Equal(4, catalog.Find("newborn")!.Version);
        Assert.Equal(1, catalog.Find("newborn", 1)!.Version);
    }

    [Fact]
    public void Warnings_AStepOnASystemThatCannotBeSearched_IsAWarningNotAProblem()
    {
        var bundle = JsonNode.Parse(File.ReadAllText(Path.Combine(s_bundles, "retirement.json")))!;
        bundle["steps"]!.AsArray().Add(TestBundles.ContactStep(dependsOn: "housingFund"));
        var sut = CreateSut();

        var problems = sut.Validate(bundle.ToJsonString(), out var parsed);

        Assert.Empty(problems);
        var warning = Assert.Single(sut.Warnings(parsed!));
        Assert.Equal(("$.steps[4].action", "contact", BundleWarning.Unsearchable), (warning.Path, warning.StepId, warning.Code));
        Assert.Equal("无法查重", warning.Label.Zh);
        Assert.Contains("人工核实", warning.Message.Zh, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("newborn.json")]
    [InlineData("retirement.json")]
    [InlineData("company-setup.json")]
    [InlineData("hiring.json")]
    [InlineData("deregistration.json")]
    [InlineData("after-death.json")]
    public void Warnings_ShippedBundle_HasNone(string file)
    {
        var sut = CreateSut();
        sut.Validate(File.ReadAllText(Path.Combine(s_bundles, file)), out var bundle);
        Assert.Empty(sut.Warnings(bundle!));
    }

    private static List<BundleProblem> Validate(string file, Action<JsonNode> breakIt)
    {
        var bundle = JsonNode.Parse(File.ReadAllText(Path.Combine(s_bundles, file)))!;
        breakIt(bundle);
        return [.. CreateSut().Validate(bundle.ToJsonString(), out _)];
    }

    private static BundleValidator CreateSut() => new(SystemCatalog.LoadEmbedded());

    internal static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "RpaRunner.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Run the tests inside the repository.");
    }
}
