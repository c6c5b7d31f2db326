using System.Globalization;

namespace RpaRunner.Sandbox.Systems.Weijian;

/// <summary>卫健: birth medical certificates (7th edition numbers), vaccination certificates, only-child rewards.</summary>
internal static partial class WeijianSystem
{
    /// <summary>One-off reward paid to each parent of an only child on retirement (sandbox figure, yuan).</summary>
    public const decimal OnlyChildReward = 3000m;

    /// <summary>The letter that opens 7th-edition certificate numbers issued by this sandbox.</summary>
    public const char CertificateLetter = 'T';

    public static SystemDefinition Create() => new(
        "weijian", "卫健", "卫生健康业务系统", "web", "weijian", "WJ_JSESSIONID", "WJ",
        new SystemTheme("#1a7f5a", "#e8f5ee", "#12664a", "#f4faf6", "卫生健康综合业务管理系统", "出生医学证明 · 预防接种 · 计划生育奖励扶助"),
        [new("rpa_weijian", "Wj@rpa2025", "RPA机器人（卫健）", true), new("wj_clerk", "Wj@clerk2025", "卫健窗口人员", false)],
        [BirthCertificate(), Vaccination(), OnlyChild(), AmendBirthCertificate(), AmendVaccination(), IssueDeathCertificate()]);

    /// <summary>更正原因 of the 卫健 更正 pages.</summary>
    public static IReadOnlyList<CodeOption> AmendmentReasons { get; } =
    [
        new("01", "登记信息有误"),
        new("02", "依当事人申请更正"),
        new("03", "父母身份信息有误"),
        new("99", "其他"),
    ];

    private static ActionDefinition BirthCertificate() => new(
        "weijian.issueBirthCertificate", "出生医学证明签发", "出生医学证明管理",
        [
            new("childName", "新生儿姓名", FieldKind.Text),
            Codes.SexField("childSex", "新生儿性别"),
            new("birthDate", "出生日期", FieldKind.Date),
            new("birthPlace", "出生地点", FieldKind.Text),
            new("motherName", "母亲姓名", FieldKind.Text),
            new("motherIdNumber", "母亲身份证号码", FieldKind.IdNumber),
            new("fatherName", "父亲姓名", FieldKind.Text, Required: false),
            new("fatherIdNumber", "父亲身份证号码", FieldKind.IdNumber, Required: false),
        ],
        [new("新生儿信息", ["childName", "childSex", "birthDate", "birthPlace"]), new("父母信息", ["motherName", "motherIdNumber", "fatherName", "fatherIdNumber"])],
        [new("birthCertificateNo", "出生医学证明编号")],
        "motherIdNumber", "motherName", "birthCertificateNo",
        IssueBirthCertificateAsync);

    private static async ValueTask<ActionOutcome> IssueBirthCertificateAsync(ActionRequest r, BusinessContext c)
    {
        var problem = await CheckBirthCertificateAsync(r, c, except: null);
        if (problem is not null)
        {
            return ActionOutcome.Reject(problem);
        }

        var number = await c.NextAsync("birthCertificate", 430000001);
        return ActionOutcome.Issue(new Dictionary<string, string>
        {
            ["birthCertificateNo"] = string.Create(CultureInfo.InvariantCulture, $"{CertificateLetter}{number:000000000}"),
        });
    }

    /// <summary>The rules a certificate's data must pass, when issued and when corrected (<paramref name="except"/>: the record being corrected).</summary>
    private static async ValueTask<string?> CheckBirthCertificateAsync(ActionRequest r, BusinessContext c, long? except)
    {
        var birth = BusinessContext.ParseDate(r["birthDate"]);
        if (birth > c.Today)
        {
            return "出生日期不能晚于当前日期";
        }

        if (birth < c.Today.AddYears(-14))
        {
            return "出生日期距今已超过14周岁，不予补发出生医学证明";
        }

        var (mother, motherError) = await c.VerifyPersonAsync(r["motherIdNumber"], r["motherName"], "母亲");
        if (motherError is not null)
        {
            return motherError;
        }

        if (mother!.Sex != "2")
        {
            return "母亲身份证号码性别码与性别不符";
        }

        if (r.Has("fatherIdNumber") != r.Has("fatherName"))
        {
            return "父亲姓名与父亲身份证号码须同时填写";
        }

        if (r.Has("fatherIdNumber"))
        {
            var (father, fatherError) = await c.VerifyPersonAsync(r["fatherIdNumber"], r["fatherName"], "父亲");
            if (fatherError is not null)
            {
                return fatherError;
            }

            if (father!.Sex != "1")
            {
                return "父亲身份证号码性别码与性别不符";
            }
        }

        var existing = await c.RecordsAsync("weijian", "weijian.issueBirthCertificate", r["motherIdNumber"]);
        if (existing.Any(e => e.Id != except && e.Input("childName") == r["childName"] && e.Input("birthDate") == r["birthDate"]))
        {
            return "该新生儿已签发出生医学证明，如需补发请走补发流程";
        }

        return null;
    }

    private static ActionDefinition Vaccination() => new(
        "weijian.issueVaccinationCertificate", "预防接种证办理", "预防接种管理",
        [
            new("childName", "儿童姓名", FieldKind.Text),
            Codes.SexField("childSex", "儿童性别"),
            new("birthDate", "出生日期", FieldKind.Date),
            new("birthCertificateNo", "出生医学证明编号", FieldKind.Text),
            new("guardianName", "监护人姓名", FieldKind.Text),
            new("guardianPhone", "监护人联系电话", FieldKind.Phone),
            new("address", "居住地址", FieldKind.Text),
        ],
        [new("儿童信息", ["childName", "childSex", "birthDate", "birthCertificateNo"]), new("监护人信息", ["guardianName", "guardianPhone", "address"])],
        [new("vaccinationCertificateNo", "预防接种证编号")],
        "birthCertificateNo", "childName", "vaccinationCertificateNo",
        IssueVaccinationAsync);

    private static async ValueTask<ActionOutcome> IssueVaccinationAsync(ActionRequest r, BusinessContext c)
    {
        var problem = await CheckVaccinationAsync(r, c);
        if (problem is not null)
        {
            return ActionOutcome.Reject(problem);
        }

        var number = await c.NextAsync("vaccination", 1);
        return ActionOutcome.Issue(new Dictionary<string, string>
        {
            ["vaccinationCertificateNo"] = string.Create(CultureInfo.InvariantCulture, $"430100{c.Stamp("yyyy")}{number:000000}"),
        });
    }

    /// <summary>The child on a vaccination certificate must be the child of the birth certificate as it reads now.</summary>
    private static async ValueTask<string?> CheckVaccinationAsync(ActionRequest r, BusinessContext c)
    {
        var certificate = (await c.RecordsAsync("weijian", "weijian.issueBirthCertificate", documentNo: r["birthCertificateNo"].ToUpperInvariant())).FirstOrDefault();
        if (certificate is null)
        {
            return "未查询到该出生医学证明，请核对编号";
        }

        if (certificate.Input("childName") != r["childName"] || certificate.Input("birthDate") != r["birthDate"] || certificate.Input("childSex") != r["childSex"])
        {
            return "儿童姓名、性别或出生日期与出生医学证明不一致";
        }

        return null;
    }

    private static ActionDefinition OnlyChild() => new(
        "weijian.grantOnlyChildReward", "城镇独生子女父母奖励金", "计划生育奖励扶助",
        [
            new("idNumber", "身份证号码", FieldKind.IdNumber),
            new("name", "姓名", FieldKind.Text),
            new("retirementApprovalNo", "退休审批编号", FieldKind.Text),
            new("onlyChildCertificateNo", "独生子女父母光荣证编号", FieldKind.Text),
            new("bankCardNo", "银行卡号", FieldKind.BankCard),
        ],
        [new("申请人信息", ["idNumber", "name", "retirementApprovalNo"]), new("奖励发放信息", ["onlyChildCertificateNo", "bankCardNo"])],
        [new("rewardNo", "奖励发放编号"), new("rewardAmount", "奖励金额（元）")],
        "idNumber", "name", "rewardNo",
        GrantRewardAsync);

    private static async ValueTask<ActionOutcome> GrantRewardAsync(ActionRequest r, BusinessContext c)
    {
        var (_, error) = await c.VerifyPersonAsync(r["idNumber"], r["name"]);
        if (error is not null)
        {
            return ActionOutcome.Reject(error);
        }

        if (!await RetirementApprovals.HoldsAsync(c, r["idNumber"], r["retirementApprovalNo"]))
        {
            return ActionOutcome.Reject("未查询到该申请人的退休审批信息（人社共享数据），请先办理退休审批");
        }

        var seeded = c.Register.Seed.People.FirstOrDefault(p => p.IdNumber == r["idNumber"])?.Retirement?.OnlyChildCertificateNo;
        if (seeded is null || seeded != r["onlyChildCertificateNo"])
        {
            return ActionOutcome.Reject("未查询到该申请人的独生子女父母光荣证信息，或证件编号不符");
        }

        if ((await c.RecordsAsync("weijian", "weijian.grantOnlyChildReward", r["idNumber"])).Count > 0)
        {
            return ActionOutcome.Reject("该申请人已领取独生子女父母奖励金，不得重复申领");
        }

        var number = await c.NextAsync("reward", 1);
        return ActionOutcome.Issue(new Dictionary<string, string>
        {
            ["rewardNo"] = string.Create(CultureInfo.InvariantCulture, $"JL{c.Stamp("yyyy")}{number:0000000}"),
            ["rewardAmount"] = BusinessContext.Money(OnlyChildReward),
        });
    }

    private static ActionDefinition AmendBirthCertificate()
    {
        var issue = BirthCertificate();
        return new(
            "weijian.amendBirthCertificate", "出生医学证明更正", issue.MenuGroup,
            [.. issue.Fields, new("birthCertificateNo", "出生医学证明编号", FieldKind.Text)],
            [new("证明信息", ["birthCertificateNo"]), .. issue.Pages],
            issue.Outputs, issue.SubjectField, issue.SubjectNameField, issue.DocumentOutput,
            AmendBirthCertificateAsync)
        {
            Amends = issue.Id,
            AmendmentStyle = AmendmentStyle.SearchThenEdit,
            AmendmentReasons = AmendmentReasons,
        };
    }

    /// <summary>更正 of a certificate: the same rules as issuing; the number stays (出生医学证明编号 cannot be corrected).</summary>
    private static async ValueTask<ActionOutcome> AmendBirthCertificateAsync(ActionRequest r, BusinessContext c)
    {
        var record = r.Existing!;
        if (!string.Equals(r["birthCertificateNo"], record.DocumentNo, StringComparison.OrdinalIgnoreCase))
        {
            return ActionOutcome.Reject("出生医学证明编号与待更正的记录不符（证明编号不予更正）");
        }

        var problem = await CheckBirthCertificateAsync(r, c, except: record.Id);
        return problem is not null
            ? ActionOutcome.Reject(problem)
            : ActionOutcome.Issue(new Dictionary<string, string> { ["birthCertificateNo"] = record.DocumentNo! });
    }

    private static ActionDefinition AmendVaccination()
    {
        var issue = Vaccination();
        return new(
            "weijian.amendVaccinationCertificate", "预防接种证信息更正", issue.MenuGroup,
            [.. issue.Fields, new("vaccinationCertificateNo", "预防接种证编号", FieldKind.Text)],
            [new("证件信息", ["vaccinationCertificateNo"]), .. issue.Pages],
            issue.Outputs, issue.SubjectField, issue.SubjectNameField, issue.DocumentOutput,
            AmendVaccinationAsync)
        {
            Amends = issue.Id,
            AmendmentStyle = AmendmentStyle.SearchThenEdit,
            AmendmentReasons = AmendmentReasons,
        };
    }

    /// <summary>更正 of a vaccination certificate: it must still match the birth certificate (as corrected); the number stays.</summary>
    private static async ValueTask<ActionOutcome> AmendVaccinationAsync(ActionRequest r, BusinessContext c)
    {
        var record = r.Existing!;
        if (r["vaccinationCertificateNo"] != record.DocumentNo)
        {
            return ActionOutcome.Reject("预防接种证编号与待更正的记录不符（证件编号不予更正）");
        }

        var problem = await CheckVaccinationAsync(r, c);
        return problem is not null
            ? ActionOutcome.Reject(problem)
            : ActionOutcome.Issue(new Dictionary<string, string> { ["vaccinationCertificateNo"] = record.DocumentNo! });
    }

    internal static bool IsCertificateNumber(string value) =>
        value.Length == 10 && char.IsAsciiLetterUpper(value[0]) && value.Skip(1).All(char.IsAsciiDigit);
}
