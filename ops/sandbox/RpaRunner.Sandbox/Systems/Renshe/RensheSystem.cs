using System.Globalization;
using RpaRunner.Sandbox.Identifiers;

namespace RpaRunner.Sandbox.Systems.Renshe;

/// <summary>人社: social security cards, retirement approval (statutory age rule), employer registration.</summary>
internal static partial class RensheSystem
{
    public static IReadOnlyList<CodeOption> PersonTypes { get; } =
    [
        new("1", "干部", "cadre", "管理岗位"),
        new("2", "工人", "worker", "生产岗位"),
    ];

    public static SystemDefinition Create() => new(
        "renshe", "人社", "人力资源和社会保障业务系统", "web", "renshe", "RS_JSESSIONID", "RS",
        new SystemTheme("#c25e00", "#fcebd9", "#9a4a00", "#fdf8f2", "湖南省人力资源和社会保障厅 · 社会保险经办系统", "社保卡 · 养老保险待遇 · 单位参保"),
        [new("rpa_renshe", "Rs@rpa2025", "RPA机器人（人社）", true), new("rs_clerk", "Rs@clerk2025", "社保经办人员", false)],
        [SocialSecurityCard(), ApproveRetirement(), CertifyContributions(), ConfirmEarlyRetirement(), ApproveFlexibleRetirement(), RegisterEmployer(), RegisterEmployment(), EnrolEmployee(), ApplyEmployeeCard(), ClaimPensionAccountOnDeath(), ClaimSurvivorBenefit(),
         RegisterPersonalInsurance(), TransferPension()]);

    private static ActionDefinition SocialSecurityCard() => new(
        "renshe.applySocialSecurityCard", "社会保障卡申领", "社会保障卡",
        [
            new("idNumber", "公民身份号码", FieldKind.IdNumber),
            new("name", "姓名", FieldKind.Text),
            Codes.SexField("sex", "性别"),
            new("guardianName", "监护人姓名", FieldKind.Text),
            new("guardianPhone", "监护人联系电话", FieldKind.Phone),
            new("mailingAddress", "邮寄地址", FieldKind.Text),
        ],
        [new("持卡人信息", ["idNumber", "name", "sex"]), new("监护与邮寄", ["guardianName", "guardianPhone", "mailingAddress"])],
        [new("cardApplicationNo", "申领编号")],
        "idNumber", "name", "cardApplicationNo",
        ApplyCardAsync);

    private static async ValueTask<ActionOutcome> ApplyCardAsync(ActionRequest r, BusinessContext c)
    {
        var (person, error) = await c.VerifyPersonAsync(r["idNumber"], r["name"]);
        if (error is not null)
        {
            return ActionOutcome.Reject(error);
        }

        if (person!.Sex != r["sex"])
        {
            return ActionOutcome.Reject("性别与公民身份号码不一致");
        }

        if ((await c.RecordsAsync("renshe", "renshe.applySocialSecurityCard", r["idNumber"])).Count > 0)
        {
            return ActionOutcome.Reject("该人员已有社会保障卡申领记录，不得重复申领");
        }

        var number = await c.NextAsync("card", 1);
        return ActionOutcome.Issue(new Dictionary<string, string>
        {
            ["cardApplicationNo"] = string.Create(CultureInfo.InvariantCulture, $"SBK{c.Stamp("yyyyMMdd")}{number:000000}"),
        });
    }

    private static ActionDefinition ApproveRetirement() => new(
        "renshe.approveRetirement", "职工正常退休申请", "养老保险待遇",
        [
            new("idNumber", "公民身份号码", FieldKind.IdNumber),
            new("name", "姓名", FieldKind.Text),
            Codes.SexField("sex", "性别"),
            new("personType", "人员身份", FieldKind.Code, Options: PersonTypes),
            new("contributionYears", "累计缴费年限（年）", FieldKind.Decimal),
            new("employerCreditCode", "单位统一社会信用代码", FieldKind.CreditCode, Required: false),
        ],
        [new("人员信息", ["idNumber", "name", "sex", "personType"]), new("缴费信息", ["contributionYears", "employerCreditCode"])],
        [new("retirementApprovalNo", "退休审批编号"), new("pensionStartMonth", "待遇享受起始年月")],
        "idNumber", "name", "retirementApprovalNo",
        ApproveRetirementAsync);

    private static async ValueTask<ActionOutcome> ApproveRetirementAsync(ActionRequest r, BusinessContext c)
    {
        var (person, error) = await c.VerifyPersonAsync(r["idNumber"], r["name"]);
        if (error is not null)
        {
            return ActionOutcome.Reject(error);
        }

        if (CitizenIdNumber.SexCode(r["idNumber"]) != r["sex"] || person!.Sex != r["sex"])
        {
            return ActionOutcome.Reject("性别与公民身份号码不一致");
        }

        if (r.Has("employerCreditCode") && !await c.Register.EnterpriseExistsAsync(r["employerCreditCode"]))
        {
            return ActionOutcome.Reject("参保单位统一社会信用代码未在登记信息中查询到");
        }

        _ = CitizenIdNumber.TryGetBirthDate(r["idNumber"], out var birth);
        var group = RetirementAgePolicy.GroupOf(r["sex"], r["personType"]);
        var retirementDate = RetirementAgePolicy.RetirementDate(group, birth);
        if (retirementDate > c.Today)
        {
            var months = RetirementAgePolicy.StatutoryAgeMonths(group, birth);
            return ActionOutcome.Reject(string.Create(CultureInfo.InvariantCulture,
                $"未达到法定退休年龄：{RetirementAgePolicy.Describe(group)}法定退休年龄为{months / 12}周岁{(months % 12 > 0 ? $"{months % 12}个月" : "")}，应于{retirementDate:yyyy年M月d日}后申请"));
        }

        var minimum = RetirementAgePolicy.MinimumContributionYears(retirementDate.Year < c.Today.Year ? c.Today.Year : retirementDate.Year);
        var years = decimal.Parse(r["contributionYears"], CultureInfo.InvariantCulture);
        if (years < minimum)
        {
            return ActionOutcome.Reject(string.Create(CultureInfo.InvariantCulture,
                $"累计缴费年限不足{minimum:0.#}年，不符合按月领取基本养老金条件，可申请延长缴费"));
        }

        if ((await RetirementApprovals.OfAsync(c, r["idNumber"])).Count > 0)
        {
            return ActionOutcome.Reject("该人员已办理退休审批，不得重复申报");
        }

        var pensionStart = RetirementAgePolicy.PensionStartMonth(group, birth);
        if (pensionStart < new DateOnly(c.Today.Year, c.Today.Month, 1))
        {
            // Someone applying late is paid from the month after approval, not retroactively.
            pensionStart = new DateOnly(c.Today.Year, c.Today.Month, 1).AddMonths(1);
        }

        var number = await c.NextAsync("retirement", 1);
        return ActionOutcome.Issue(new Dictionary<string, string>
        {
            ["retirementApprovalNo"] = string.Create(CultureInfo.InvariantCulture, $"TX{c.Stamp("yyyyMM")}{number:000000}"),
            ["pensionStartMonth"] = pensionStart.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        });
    }

    private static ActionDefinition RegisterEmployer() => new(
        "renshe.registerEmployer", "企业社会保险登记", "单位参保登记",
        [
            new("creditCode", "统一社会信用代码", FieldKind.CreditCode),
            new("companyName", "单位名称", FieldKind.Text),
            new("address", "单位地址", FieldKind.Text),
            new("legalRepName", "法定代表人姓名", FieldKind.Text),
            new("contactPhone", "联系电话", FieldKind.Phone),
        ],
        [new("单位基本信息", ["creditCode", "companyName", "address"]), new("联系信息", ["legalRepName", "contactPhone"])],
        [new("employerSocialInsuranceNo", "单位社保编号")],
        "creditCode", "companyName", "employerSocialInsuranceNo",
        RegisterEmployerAsync);

    private static async ValueTask<ActionOutcome> RegisterEmployerAsync(ActionRequest r, BusinessContext c)
    {
        var (enterprise, error) = await c.VerifyEnterpriseAsync(r["creditCode"], r["companyName"]);
        if (error is not null)
        {
            return ActionOutcome.Reject(error);
        }

        if (enterprise!.LegalRepName != r["legalRepName"])
        {
            return ActionOutcome.Reject("法定代表人姓名与市场主体登记信息不一致");
        }

        if ((await c.RecordsAsync("renshe", "renshe.registerEmployer", r["creditCode"])).Count > 0)
        {
            return ActionOutcome.Reject("该单位已办理社会保险登记");
        }

        var number = await c.NextAsync("employer", 1);
        return ActionOutcome.Issue(new Dictionary<string, string>
        {
            ["employerSocialInsuranceNo"] = string.Create(CultureInfo.InvariantCulture, $"43010{number:00000000}"),
        });
    }
}
