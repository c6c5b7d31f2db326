namespace RpaRunner.Sandbox.Systems.Yibao;

/// <summary>医保 matter of 员工录用: 职工参保登记（基本医疗保险）.</summary>
internal static partial class YibaoSystem
{
    private static ActionDefinition EnrolEmployee() => new(
        "yibao.enrolEmployee", "职工参保登记（基本医疗保险）", "参保登记",
        [
            new("creditCode", "参保单位统一社会信用代码", FieldKind.CreditCode),
            new("companyName", "参保单位名称", FieldKind.Text),
            new("idNumber", "公民身份号码", FieldKind.IdNumber),
            new("name", "姓名", FieldKind.Text),
            new("insuredFrom", "参保日期", FieldKind.Date),
            new("contributionBase", "缴费基数（元）", FieldKind.Decimal),
            new("phone", "联系电话", FieldKind.Phone),
        ],
        [new("人员基本信息", ["idNumber", "name", "phone"]), new("单位参保信息", ["creditCode", "companyName", "insuredFrom", "contributionBase"])],
        [new("insuredNo", "医保个人编号")],
        "idNumber", "name", "insuredNo",
        EnrolEmployeeAsync);

    private static async ValueTask<ActionOutcome> EnrolEmployeeAsync(ActionRequest r, BusinessContext c)
    {
        var (person, error) = await c.VerifyPersonAsync(r["idNumber"], r["name"]);
        if (error is not null)
        {
            return ActionOutcome.Reject(person is null ? "该人员未在公安户籍系统登记，不能办理参保登记" : error);
        }

        var (_, enterpriseError) = await c.VerifyEnterpriseAsync(r["creditCode"], r["companyName"]);
        if (enterpriseError is not null)
        {
            return ActionOutcome.Reject(enterpriseError);
        }

        if (BusinessContext.ParseDate(r["insuredFrom"]) > c.Today.AddDays(30))
        {
            return ActionOutcome.Reject("参保日期不能晚于办理之日起30日");
        }

        if (await IsInsuredAsync(c, r["idNumber"]))
        {
            return ActionOutcome.Reject("该人员已有有效参保登记，不得重复参保");
        }

        return ActionOutcome.Issue(new Dictionary<string, string> { ["insuredNo"] = await NextInsuredNoAsync(c) });
    }
}
