using System.Globalization;
using RpaRunner.Sandbox.Identifiers;
using RpaRunner.Sandbox.Store;

namespace RpaRunner.Sandbox.Systems.Renshe;

/// <summary>
/// 人社 matters of the second retirement bundle: the contribution years certified from 人社's own records (not typed by
/// the applicant), 职工提前退休 for special types of work or disability, and the retirement approval that takes a chosen
/// date inside the flexible window (弹性退休) and refuses when the recorded contribution years are short.
/// </summary>
internal static partial class RensheSystem
{
    public static IReadOnlyList<CodeOption> RetirementKinds { get; } =
    [
        new("1", "到达法定退休年龄退休", "statutory"),
        new("2", "弹性提前退休", "early"),
        new("3", "弹性延迟退休", "deferred"),
        new("4", "职工提前退休（特殊工种、病残）", "special"),
    ];

    public static IReadOnlyList<CodeOption> EarlyRetirementGrounds { get; } =
    [
        new("1", "从事特殊工种", "special-work"),
        new("2", "因病或非因工致残，完全丧失劳动能力", "disability"),
    ];

    /// <summary>Years of special-type work 人社 asks for (the shortest of the 8/9/10-year rules is not modelled: 10 for all).</summary>
    public const int SpecialWorkYears = 10;

    private static ActionDefinition CertifyContributions() => new(
        "renshe.certifyContributions", "参保缴费年限核定（出具参保缴费证明）", "养老保险待遇",
        [
            new("idNumber", "公民身份号码", FieldKind.IdNumber),
            new("name", "姓名", FieldKind.Text),
        ],
        [new("参保人员", ["idNumber", "name"])],
        [new("contributionProofNo", "参保缴费证明编号"), new("contributionMonths", "累计缴费月数")],
        "idNumber", "name", "contributionProofNo",
        CertifyContributionsAsync);

    private static async ValueTask<ActionOutcome> CertifyContributionsAsync(ActionRequest r, BusinessContext c)
    {
        var (person, error) = await c.VerifyPersonAsync(r["idNumber"], r["name"]);
        if (error is not null)
        {
            return ActionOutcome.Reject(error);
        }

        var number = await c.NextAsync("contributionProof", 1);
        return ActionOutcome.Issue(new Dictionary<string, string>
        {
            ["contributionProofNo"] = string.Create(CultureInfo.InvariantCulture, $"JF{c.Stamp("yyyyMMdd")}{number:000000}"),
            ["contributionMonths"] = ContributionRecords.Months(person!, c.Register.Seed, c.Today).ToString(CultureInfo.InvariantCulture),
        });
    }

    private static ActionDefinition ConfirmEarlyRetirement() => new(
        "renshe.confirmEarlyRetirement", "职工提前退休（特殊工种、病残）审核", "养老保险待遇",
        [
            new("idNumber", "公民身份号码", FieldKind.IdNumber),
            new("name", "姓名", FieldKind.Text),
            Codes.SexField("sex", "性别"),
            new("grounds", "提前退休情形", FieldKind.Code, Options: EarlyRetirementGrounds),
            new("specialWorkYears", "从事特殊工种累计年限（年）", FieldKind.Integer, Required: false, Hint: "特殊工种提前退休填写"),
            new("appraisalNo", "劳动能力鉴定结论书编号", FieldKind.Text, Required: false, Hint: "病残提前退休填写"),
        ],
        [new("人员信息", ["idNumber", "name", "sex"]), new("提前退休情形", ["grounds", "specialWorkYears", "appraisalNo"])],
        [new("earlyRetirementNo", "提前退休审核编号")],
        "idNumber", "name", "earlyRetirementNo",
        ConfirmEarlyRetirementAsync);

    private static async ValueTask<ActionOutcome> ConfirmEarlyRetirementAsync(ActionRequest r, BusinessContext c)
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

        var male = r["sex"] == "1";
        var age = BusinessContext.AgeOn(BusinessContext.ParseDate(person.BirthDate), c.Today);
        switch (r["grounds"])
        {
            case "1":
                if (!r.Has("specialWorkYears"))
                {
                    return ActionOutcome.Reject("特殊工种提前退休须申报从事特殊工种累计年限");
                }

                if (int.Parse(r["specialWorkYears"], CultureInfo.InvariantCulture) < SpecialWorkYears)
                {
                    return ActionOutcome.Reject(string.Create(CultureInfo.InvariantCulture, $"从事特殊工种累计年限不足{SpecialWorkYears}年，不符合特殊工种提前退休条件"));
                }

                if (age < (male ? 55 : 45))
                {
                    return ActionOutcome.Reject("特殊工种提前退休须男年满55周岁、女年满45周岁");
                }

                break;
            case "2":
                if (!r.Has("appraisalNo"))
                {
                    return ActionOutcome.Reject("病残提前退休须提供劳动能力鉴定结论书编号（完全丧失劳动能力）");
                }

                if (age < (male ? 50 : 45))
                {
                    return ActionOutcome.Reject("病残提前退休须男年满50周岁、女年满45周岁");
                }

                break;
            default:
                return ActionOutcome.Reject("未申报提前退休情形（特殊工种或病残），不能办理职工提前退休");
        }

        if ((await c.RecordsAsync("renshe", "renshe.confirmEarlyRetirement", r["idNumber"])).Count > 0)
        {
            return ActionOutcome.Reject("该职工已办理提前退休审核，不得重复申报");
        }

        var number = await c.NextAsync("earlyRetirement", 1);
        return ActionOutcome.Issue(new Dictionary<string, string>
        {
            ["earlyRetirementNo"] = string.Create(CultureInfo.InvariantCulture, $"TQTX{c.Stamp("yyyyMM")}{number:000000}"),
        });
    }

    private static ActionDefinition ApproveFlexibleRetirement() => new(
        "renshe.approveFlexibleRetirement", "职工退休审批（法定、弹性、提前退休）", "养老保险待遇",
        [
            new("idNumber", "公民身份号码", FieldKind.IdNumber),
            new("name", "姓名", FieldKind.Text),
            Codes.SexField("sex", "性别"),
            new("personType", "人员身份", FieldKind.Code, Options: PersonTypes),
            new("retirementKind", "退休方式", FieldKind.Code, Options: RetirementKinds),
            new("retirementDate", "选择的退休日期", FieldKind.Date, Required: false, Hint: "弹性退休填写"),
            new("contributionMonths", "累计缴费月数", FieldKind.Integer),
            new("earlyRetirementNo", "提前退休审核编号", FieldKind.Text, Required: false, Hint: "职工提前退休填写"),
            new("employerCreditCode", "单位统一社会信用代码", FieldKind.CreditCode, Required: false),
        ],
        [new("人员信息", ["idNumber", "name", "sex", "personType"]), new("退休方式与缴费", ["retirementKind", "retirementDate", "earlyRetirementNo", "contributionMonths", "employerCreditCode"])],
        [new("retirementApprovalNo", "退休审批编号"), new("pensionStartMonth", "待遇享受起始年月")],
        "idNumber", "name", "retirementApprovalNo",
        ApproveFlexibleRetirementAsync);

    private static async ValueTask<ActionOutcome> ApproveFlexibleRetirementAsync(ActionRequest r, BusinessContext c)
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

        var recorded = ContributionRecords.Months(person, c.Register.Seed, c.Today);
        var declared = int.Parse(r["contributionMonths"], CultureInfo.InvariantCulture);
        if (declared != recorded)
        {
            return ActionOutcome.Reject(string.Create(CultureInfo.InvariantCulture,
                $"累计缴费月数（{declared}个月）与本系统参保缴费记录（{recorded}个月）不一致，请重新核定参保缴费年限"));
        }

        _ = CitizenIdNumber.TryGetBirthDate(r["idNumber"], out var birth);
        var group = RetirementAgePolicy.GroupOf(r["sex"], r["personType"]);
        var statutory = RetirementAgePolicy.RetirementDate(group, birth);
        var months = RetirementAgePolicy.StatutoryAgeMonths(group, birth);
        var ageText = string.Create(CultureInfo.InvariantCulture, $"{RetirementAgePolicy.Describe(group)}法定退休年龄为{months / 12}周岁{(months % 12 > 0 ? $"{months % 12}个月" : "")}");
        DateOnly retirement;
        switch (r["retirementKind"])
        {
            case "1":
                retirement = statutory;
                break;
            case "2" or "3":
                if (!r.Has("retirementDate"))
                {
                    return ActionOutcome.Reject("弹性退休须填写选择的退休日期");
                }

                retirement = BusinessContext.ParseDate(r["retirementDate"]);
                var (earliest, latest) = RetirementAgePolicy.FlexibleWindow(group, birth);
                var early = r["retirementKind"] == "2";
                if (retirement < earliest || retirement > latest || (early && retirement >= statutory) || (!early && retirement <= statutory))
                {
                    return ActionOutcome.Reject(string.Create(CultureInfo.InvariantCulture,
                        $"选择的退休日期{retirement:yyyy年M月d日}不符合弹性{(early ? "提前" : "延迟")}退休条件：{ageText}（{statutory:yyyy年M月d日}），{(early ? $"提前退休可选{earliest:yyyy年M月d日}至{statutory.AddDays(-1):yyyy年M月d日}" : $"延迟退休可选{statutory.AddDays(1):yyyy年M月d日}至{latest:yyyy年M月d日}")}"));
                }

                break;
            case "4":
                var confirmations = await c.RecordsAsync("renshe", "renshe.confirmEarlyRetirement", r["idNumber"]);
                if (!r.Has("earlyRetirementNo") || !confirmations.Any(x => x.Output("earlyRetirementNo") == r["earlyRetirementNo"]))
                {
                    return ActionOutcome.Reject("未查询到该职工的提前退休审核信息（特殊工种、病残），不能按职工提前退休办理");
                }

                retirement = c.Today;
                break;
            default:
                return ActionOutcome.Reject("退休方式无效");
        }

        if (retirement > c.Today.AddMonths(RetirementAgePolicy.ApplyMonthsAhead))
        {
            return ActionOutcome.Reject(r["retirementKind"] == "1"
                ? string.Create(CultureInfo.InvariantCulture, $"未达到法定退休年龄：{ageText}，应于{statutory.AddMonths(-RetirementAgePolicy.ApplyMonthsAhead):yyyy年M月d日}后申请")
                : string.Create(CultureInfo.InvariantCulture, $"未到申报时间：选择的退休日期为{retirement:yyyy年M月d日}，请于退休日期前{RetirementAgePolicy.ApplyMonthsAhead}个月内申报"));
        }

        var minimum = RetirementAgePolicy.MinimumContributionYears(retirement.Year < c.Today.Year ? c.Today.Year : retirement.Year);
        if (recorded < minimum * 12)
        {
            return ActionOutcome.Reject(string.Create(CultureInfo.InvariantCulture,
                $"累计缴费年限不足{minimum:0.#}年（参保缴费记录为{recorded / 12}年{recorded % 12}个月），不符合按月领取基本养老金条件，可申请延长缴费"));
        }

        if ((await RetirementApprovals.OfAsync(c, r["idNumber"])).Count > 0)
        {
            return ActionOutcome.Reject("该人员已办理退休审批，不得重复申报");
        }

        var nextMonth = new DateOnly(c.Today.Year, c.Today.Month, 1).AddMonths(1);
        var pensionStart = new DateOnly(retirement.Year, retirement.Month, 1).AddMonths(1);
        var number = await c.NextAsync("retirement", 1);
        return ActionOutcome.Issue(new Dictionary<string, string>
        {
            ["retirementApprovalNo"] = string.Create(CultureInfo.InvariantCulture, $"TX{c.Stamp("yyyyMM")}{number:000000}"),
            ["pensionStartMonth"] = (pensionStart < nextMonth ? nextMonth : pensionStart).ToString("yyyy-MM", CultureInfo.InvariantCulture),
        });
    }
}

/// <summary>
/// 人社's contribution records (参保缴费记录) of the sandbox's people, deterministic so that a test or a demo can say what
/// 人社 will certify: a seeded retiree has the years of the seed (<c>retirement.contributionYears</c>) in whole months;
/// anyone else has contributed for a share of the months since their 20th birthday, the share (50 % to 99 %) read from
/// the sequence digits of the ID number (positions 15 to 17).
/// </summary>
internal static class ContributionRecords
{
    public static int Months(PersonEntry person, Register.SeedPopulation seed, DateOnly today)
    {
        if (seed.People.FirstOrDefault(p => p.IdNumber == person.IdNumber)?.Retirement is { } retirement)
        {
            return retirement.ContributionYears * 12;
        }

        var since = BusinessContext.ParseDate(person.BirthDate).AddYears(20);
        var working = since > today ? 0 : ((today.Year - since.Year) * 12) + today.Month - since.Month;
        var share = 50 + (int.Parse(person.IdNumber.AsSpan(14, 3), CultureInfo.InvariantCulture) % 50);
        return Math.Min(720, working * share / 100);
    }
}
