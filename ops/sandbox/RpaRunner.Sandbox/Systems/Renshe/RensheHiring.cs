using System.Globalization;

namespace RpaRunner.Sandbox.Systems.Renshe;

/// <summary>人社 matters of 员工录用: 就业登记, 职工参保登记 and the 社会保障卡 of an insured person (also used by 社会保险).</summary>
internal static partial class RensheSystem
{
    public static IReadOnlyList<CodeOption> ContractTypes { get; } =
    [
        new("1", "固定期限劳动合同", "fixed"),
        new("2", "无固定期限劳动合同", "open-ended"),
        new("3", "以完成一定工作任务为期限的劳动合同", "task"),
    ];

    /// <summary>The youngest age at which a person may be employed (劳动法 第十五条).</summary>
    public const int MinimumWorkingAge = 16;

    private static ActionDefinition RegisterEmployment() => new(
        "renshe.registerEmployment", "就业登记", "就业服务",
        [
            new("creditCode", "用人单位统一社会信用代码", FieldKind.CreditCode),
            new("companyName", "用人单位名称", FieldKind.Text),
            new("idNumber", "公民身份号码", FieldKind.IdNumber),
            new("name", "姓名", FieldKind.Text),
            Codes.SexField("sex", "性别"),
            new("hireDate", "用工起始日期", FieldKind.Date),
            new("contractType", "劳动合同类型", FieldKind.Code, Options: ContractTypes),
            new("contractEndDate", "劳动合同终止日期", FieldKind.Date, Required: false),
            new("monthlyWage", "月工资（元）", FieldKind.Decimal),
        ],
        [new("用人单位", ["creditCode", "companyName"]), new("劳动者信息", ["idNumber", "name", "sex"]), new("劳动合同", ["hireDate", "contractType", "contractEndDate", "monthlyWage"])],
        [new("employmentRegistrationNo", "就业登记编号")],
        "idNumber", "name", "employmentRegistrationNo",
        RegisterEmploymentAsync);

    private static async ValueTask<ActionOutcome> RegisterEmploymentAsync(ActionRequest r, BusinessContext c)
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

        var (_, enterpriseError) = await c.VerifyEnterpriseAsync(r["creditCode"], r["companyName"]);
        if (enterpriseError is not null)
        {
            return ActionOutcome.Reject(enterpriseError);
        }

        var hired = BusinessContext.ParseDate(r["hireDate"]);
        if (BusinessContext.AgeOn(BusinessContext.ParseDate(person.BirthDate), hired) < MinimumWorkingAge)
        {
            return ActionOutcome.Reject("劳动者用工起始日未满16周岁，禁止招用未满16周岁的未成年人");
        }

        if (hired > c.Today.AddDays(30))
        {
            return ActionOutcome.Reject("用工起始日期不能晚于办理之日起30日");
        }

        if (r["contractType"] == "1" && !r.Has("contractEndDate"))
        {
            return ActionOutcome.Reject("固定期限劳动合同须填写劳动合同终止日期");
        }

        if (r.Has("contractEndDate") && BusinessContext.ParseDate(r["contractEndDate"]) <= hired)
        {
            return ActionOutcome.Reject("劳动合同终止日期应晚于用工起始日期");
        }

        if ((await c.RecordsAsync("renshe", "renshe.registerEmployment", r["idNumber"])).Count > 0)
        {
            return ActionOutcome.Reject("该劳动者已有就业登记，请原用人单位先办理终止（解除）劳动关系登记");
        }

        var number = await c.NextAsync("employment", 1);
        return ActionOutcome.Issue(new Dictionary<string, string>
        {
            ["employmentRegistrationNo"] = string.Create(CultureInfo.InvariantCulture, $"JY{c.Stamp("yyyyMMdd")}{number:000000}"),
        });
    }

    private static ActionDefinition EnrolEmployee() => new(
        "renshe.enrolEmployee", "职工参保登记（社会保险）", "个人参保登记",
        [
            new("creditCode", "参保单位统一社会信用代码", FieldKind.CreditCode),
            new("companyName", "参保单位名称", FieldKind.Text),
            new("idNumber", "公民身份号码", FieldKind.IdNumber),
            new("name", "姓名", FieldKind.Text),
            new("insuredFrom", "参保日期", FieldKind.Date),
            new("contributionBase", "缴费工资（元）", FieldKind.Decimal),
            new("employmentRegistrationNo", "就业登记编号", FieldKind.Text),
        ],
        [new("参保人员", ["idNumber", "name", "employmentRegistrationNo"]), new("参保信息", ["creditCode", "companyName", "insuredFrom", "contributionBase"])],
        [new("personalSocialInsuranceNo", "个人社保编号")],
        "idNumber", "name", "personalSocialInsuranceNo",
        EnrolEmployeeAsync);

    private static async ValueTask<ActionOutcome> EnrolEmployeeAsync(ActionRequest r, BusinessContext c)
    {
        var (_, error) = await c.VerifyPersonAsync(r["idNumber"], r["name"]);
        if (error is not null)
        {
            return ActionOutcome.Reject(error);
        }

        var employments = await c.RecordsAsync("renshe", "renshe.registerEmployment", r["idNumber"]);
        if (!employments.Any(e => e.Output("employmentRegistrationNo") == r["employmentRegistrationNo"] && e.Input("creditCode") == r["creditCode"]))
        {
            return ActionOutcome.Reject("未查询到该职工在本单位的就业登记信息，请先办理就业登记");
        }

        if ((await c.RecordsAsync("renshe", "renshe.enrolEmployee", r["idNumber"])).Count > 0
            || (await c.RecordsAsync("renshe", "renshe.registerPersonalInsurance", r["idNumber"])).Count > 0)
        {
            return ActionOutcome.Reject("该职工已有在职参保登记，不得重复参保");
        }

        return ActionOutcome.Issue(new Dictionary<string, string> { ["personalSocialInsuranceNo"] = await NextPersonalInsuranceNoAsync(c) });
    }

    private static ActionDefinition ApplyEmployeeCard() => new(
        "renshe.applyEmployeeCard", "社会保障卡申领（已参保人员）", "社会保障卡",
        [
            new("idNumber", "公民身份号码", FieldKind.IdNumber),
            new("name", "姓名", FieldKind.Text),
            Codes.SexField("sex", "性别"),
            new("personalSocialInsuranceNo", "个人社保编号", FieldKind.Text),
            new("phone", "联系电话", FieldKind.Mobile),
            new("mailingAddress", "邮寄地址", FieldKind.Text),
        ],
        [new("持卡人信息", ["idNumber", "name", "sex", "personalSocialInsuranceNo"]), new("邮寄信息", ["phone", "mailingAddress"])],
        [new("cardApplicationNo", "申领编号")],
        "idNumber", "name", "cardApplicationNo",
        ApplyEmployeeCardAsync);

    private static async ValueTask<ActionOutcome> ApplyEmployeeCardAsync(ActionRequest r, BusinessContext c)
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

        if (!await HoldsPersonalNoAsync(c, r["idNumber"], r["personalSocialInsuranceNo"]))
        {
            return ActionOutcome.Reject("未查询到该人员的参保信息，参保登记后方可申领社会保障卡");
        }

        if ((await c.RecordsAsync("renshe", "renshe.applySocialSecurityCard", r["idNumber"])).Count > 0
            || (await c.RecordsAsync("renshe", "renshe.applyEmployeeCard", r["idNumber"])).Count > 0)
        {
            return ActionOutcome.Reject("该人员已有社会保障卡申领记录，不得重复申领");
        }

        var number = await c.NextAsync("card", 1);
        return ActionOutcome.Issue(new Dictionary<string, string>
        {
            ["cardApplicationNo"] = string.Create(CultureInfo.InvariantCulture, $"SBK{c.Stamp("yyyyMMdd")}{number:000000}"),
        });
    }
}
