using RpaRunner.Bots.Runtime;
using RpaRunner.Bots.Scripts;

namespace RpaRunner.Bots.Tests.Scripts;

/// <summary>The shipped 更正 scripts and the systems' applicant-refusal patterns, without a browser.</summary>
public sealed class AmendScriptTests
{
    private static readonly ScriptLibrary s_library = ScriptLibrary.Load();

    /// <summary>The amend actions of systems.json: what each receives (the original inputs with the new values, plus the original outputs) and returns.</summary>
    public static TheoryData<string, string, string[], string[]> AmendActions() => new()
    {
        { "weijian.amendBirthCertificate", "weijian.issueBirthCertificate",
            ["childName", "childSex", "birthDate", "birthPlace", "motherName", "motherIdNumber", "fatherName", "fatherIdNumber", "birthCertificateNo"], ["birthCertificateNo"] },
        { "weijian.amendVaccinationCertificate", "weijian.issueVaccinationCertificate",
            ["childName", "childSex", "birthDate", "birthCertificateNo", "guardianName", "guardianPhone", "address", "vaccinationCertificateNo"], ["vaccinationCertificateNo"] },
        { "gongan.amendNewbornRegistration", "gongan.registerNewborn",
            ["childName", "childSex", "birthDate", "birthCertificateNo", "motherIdNumber", "fatherIdNumber", "householdAddress", "childIdNumber"], ["childIdNumber"] },
    };

    [Theory]
    [MemberData(nameof(AmendActions))]
    public void EachAmendScript_NamesWhatItAmends_FindsTheRecordByTheKey_UsesEveryInput_AndReadsTheOutputs(string actionId, string amends, string[] inputs, string[] outputs)
    {
        var script = s_library.FindAction(actionId);
        Assert.NotNull(script);
        Assert.Equal(amends, script.Amends);
        Assert.NotNull(s_library.FindAction(amends));
        Assert.Null(script.SearchBeforeCreate);
        var values = string.Join(" ", script.Steps.Select(s => s.Value));
        Assert.Contains("{{key}}", values);
        Assert.All(inputs, input => Assert.Contains("{{inputs." + input + "}}", values));

        // An optional value left empty clears the field: nothing of the old record may survive a correction.
        Assert.DoesNotContain(script.Steps, s => s.SkipIfEmpty);
        Assert.Equal(outputs.Order(), script.Outputs.Keys.Order());

        // The run ends on the system's answer, which is success or "nothing to change" — both done.
        var last = script.Steps[^1];
        Assert.Equal("expect", last.Verb);
        Assert.All(last.Expect!, t => Assert.NotNull(t.Pattern));
    }

    /// <summary>Messages the sandbox systems show, and whether only the applicant can fix what they refuse.</summary>
    public static TheoryData<string, string, bool> Refusals() => new()
    {
        // The applicant's: people the register does not know or whose name does not match, names and choices only they can change.
        { "weijian", "提示：母亲公民身份号码430102199303038886在人口信息库中不存在，请核实后再办理", true },
        { "weijian", "提示：母亲姓名与公民身份号码不一致（人口信息库核验未通过）", true },
        { "weijian", "提示：父亲身份证号码性别码与性别不符", true },
        { "weijian", "提示：未查询到该申请人的独生子女父母光荣证信息，或证件编号不符", true },
        { "gongan", "提示：母亲公民身份号码在人口信息库中不存在", true },
        { "gongan", "提示：首次刻制印章须包含单位公章", true },
        { "yibao", "提示：姓名与公民身份号码不一致（人口信息库核验未通过）", true },
        { "shuiwu", "提示：公民身份号码430102199303038886在人口信息库中不存在，请核实后再办理", true },
        { "renshe", "提示：累计缴费年限不足15年，不符合按月领取基本养老金条件，可申请延长缴费", true },
        { "renshe", "提示：累计缴费年限不足15年（参保缴费记录为12年0个月），不符合按月领取基本养老金条件，可申请延长缴费", true },
        { "renshe", "提示：从事特殊工种累计年限不足10年，不符合特殊工种提前退休条件", true },
        { "renshe", "提示：病残提前退休须提供劳动能力鉴定结论书编号（完全丧失劳动能力）", true },
        { "renshe", "提示：选择的退休日期2026年1月7日不符合弹性提前退休条件：男职工法定退休年龄为60周岁4个月（2026年5月8日），提前退休可选2026年1月8日至2026年5月7日", true },
        { "shichang", "提示：企业名称含有限制性用语“中国”，须经国务院批准，不予自主申报", true },
        { "shichang", "提示：企业名称“长沙麓谷一号软件开发有限公司”已被占用，请更换字号", true },
        { "shichang", "提示：企业名称的组织形式与企业类型不符", true },
        { "shichang", "提示：企业名称过短：应由行政区划、字号、行业、组织形式组成", true },
        { "shichang", "提示：经营范围“发放贷款”属于前置许可项目，请先取得许可", true },
        { "shichang", "提示：法定代表人应为完全民事行为能力人（年满18周岁）", true },
        { "shichang", "提示：法定代表人姓名与公民身份号码不一致（人口信息库核验未通过）", true },
        { "gongjijin-counter", "提示：姓名与公民身份号码不一致（人口信息库核验未通过）", true },

        // An operator's (a typo, data from another step, a duplicate) or a retry's.
        { "weijian", "提示：该新生儿已签发出生医学证明，如需补发请走补发流程", false },
        { "weijian", "提示：儿童姓名、性别或出生日期与出生医学证明不一致", false },
        { "weijian", "提示：出生日期不能晚于当前日期", false },
        { "weijian", "提示：母亲身份证号码格式不正确或校验位错误", false },
        { "gongan", "提示：申报信息与出生医学证明不一致（姓名、性别、出生日期或母亲身份证号码）", false },
        { "gongan", "提示：出生医学证明核验未通过：卫健部门无此证明编号", false },
        { "gongan", "提示：未查询到符合条件的户口登记记录，请核对综窗受理编号和公民身份号码", false },
        { "yibao", "提示：该人员未在公安户籍系统登记，不能办理参保登记", false },
        { "yibao", "提示：性别或出生日期与公民身份号码不一致", false },
        { "shuiwu", "提示：未查询到该缴费人的城乡居民医保参保登记信息（医保共享数据）", false },
        { "renshe", "提示：性别与公民身份号码不一致", false },
        { "renshe", "提示：参保单位统一社会信用代码未在登记信息中查询到", false },
        { "renshe", "提示：累计缴费月数（480个月）与本系统参保缴费记录（360个月）不一致，请重新核定参保缴费年限", false },
        { "renshe", "提示：未查询到该职工的提前退休审核信息（特殊工种、病残），不能按职工提前退休办理", false },
        { "gongjijin", "提示：该个人账户未办理封存（或封存业务编号不符），请先办理账户封存再提取", false },
        { "gongjijin", "提示：单位名称与统一社会信用代码登记信息不一致", false },
        { "gongjijin", "提示：统一社会信用代码91430100MA4L0000X1未在市场主体登记信息中查询到，请先办理企业设立登记", false },
        { "shichang", "提示：注册资本超出本系统登记范围，请到窗口办理", false },
        { "gongjijin-counter", "提示：银行卡号校验不通过，请核对卡号", false },
        { "gongjijin-counter", "提示：未查询到该职工的退休审批信息（人社共享数据），不能办理退休提取", false },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void ARefusal_IsTheApplicantsOnlyWhenASystemPatternMatches(string systemId, string message, bool applicant)
    {
        var system = s_library.FindSystem(systemId);
        Assert.NotNull(system);
        var failure = system.Refusal(message);
        Assert.Equal(message, failure.Message);
        if (applicant)
        {
            var refusal = Assert.IsType<ApplicantRefusalException>(failure);
            Assert.Equal(RpaRunner.Workflows.Engine.FailureClass.NeedsApplicant, refusal.Class);
            Assert.Contains(refusal.Pattern, system.ApplicantRefusals);
        }
        else
        {
            Assert.IsType<BusinessRuleException>(failure);
        }
    }

    [Theory]
    [InlineData("web/weijian")]
    [InlineData("web/gongan")]
    [InlineData("web/yibao")]
    [InlineData("web/shuiwu")]
    [InlineData("web/renshe")]
    [InlineData("web/gongjijin")]
    [InlineData("web/shichang")]
    [InlineData("desktop/gongjijin-counter")]
    public void EveryShippedSystemFile_SaysWhichRefusalsAreTheApplicants(string folder)
    {
        // Said in the file, even when the list is empty (gongjijin refuses nothing the applicant alone can fix).
        using var stream = typeof(ScriptLibrary).Assembly.GetManifestResourceStream($"Scripts/{folder}/system.json");
        Assert.NotNull(stream);
        using var document = System.Text.Json.JsonDocument.Parse(stream);
        Assert.Equal(System.Text.Json.JsonValueKind.Array, document.RootElement.GetProperty("applicantRefusals").ValueKind);
    }

    [Fact]
    public void APatternThatIsNotARegularExpression_IsRefusedWhenLoaded()
    {
        var library = ScriptLibrary.Load();
        var ex = Assert.Throws<InvalidDataException>(() => library.Add("""{ "system": "broken", "applicantRefusals": ["在人口信息库(中不存在"] }""", "broken.json"));
        Assert.Contains("not a regular expression", ex.Message, StringComparison.Ordinal);
        Assert.NotEmpty(ScriptLibrary.Validate("""{ "system": "broken", "applicantRefusals": "one string" }"""));
        Assert.NotEmpty(ScriptLibrary.Validate("""{ "action": "gongan.amendNewbornRegistration", "amends": "not an action id", "steps": [], "outputs": {} }"""));
    }
}
