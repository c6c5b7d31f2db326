using System.Globalization;

namespace RpaRunner.Sandbox.Systems.Yibao;

/// <summary>医保: enrolment of residents (城乡居民) and retired employees (职工).</summary>
internal static partial class YibaoSystem
{
    public static SystemDefinition Create() => new(
        "yibao", "医保", "医疗保障信息平台", "web", "yibao", "YB_TOKEN", "YB",
        new SystemTheme("#0b6fb8", "#dcecf8", "#095a94", "#f2f7fb", "国家医疗保障信息平台（湖南）", "参保登记 · 经办管理子系统"),
        [new("rpa_yibao", "Yb@rpa2025", "RPA机器人（医保）", true), new("yb_clerk", "Yb@clerk2025", "医保经办人员", false)],
        [EnrolResident(), EnrolNewborn(), ConfirmPremium(), EnrolRetiree(), EnrolEmployee(), WithdrawAccountOnDeath(), EnrolFlexibleWorker(), TransferMedical()])
    {
        MapExtras = MapPayments,
    };

    private static ActionDefinition EnrolResident() => new(
        "yibao.enrolResident", "城乡居民参保登记", "参保登记",
        [
            new("idNumber", "公民身份号码", FieldKind.IdNumber),
            new("name", "姓名", FieldKind.Text),
            Codes.SexField("sex", "性别"),
            new("birthDate", "出生日期", FieldKind.Date),
            new("address", "居住地址", FieldKind.Text),
            new("phone", "联系电话", FieldKind.Phone),
        ],
        [new("人员基本信息", ["idNumber", "name", "sex", "birthDate"]), new("联系信息", ["address", "phone"])],
        [new("insuredNo", "医保个人编号")],
        "idNumber", "name", "insuredNo",
        EnrolResidentAsync);

    private static async ValueTask<ActionOutcome> EnrolResidentAsync(ActionRequest r, BusinessContext c)
    {
        var (person, error) = await c.VerifyPersonAsync(r["idNumber"], r["name"]);
        if (error is not null)
        {
            return ActionOutcome.Reject(person is null ? "该人员未在公安户籍系统登记，不能办理参保登记" : error);
        }

        if (person!.Sex != r["sex"] || person.BirthDate != r["birthDate"])
        {
            return ActionOutcome.Reject("性别或出生日期与公民身份号码不一致");
        }

        if (await IsInsuredAsync(c, r["idNumber"]))
        {
            return ActionOutcome.Reject("该人员已有有效参保登记，不得重复参保");
        }

        return ActionOutcome.Issue(new Dictionary<string, string> { ["insuredNo"] = await NextInsuredNoAsync(c) });
    }

    private static ActionDefinition EnrolRetiree() => new(
        "yibao.enrolRetiree", "职工参保登记（退休人员医保）", "参保登记",
        [
            new("idNumber", "公民身份号码", FieldKind.IdNumber),
            new("name", "姓名", FieldKind.Text),
            new("retirementApprovalNo", "退休审批编号", FieldKind.Text),
            new("phone", "联系电话", FieldKind.Phone),
        ],
        [new("人员基本信息", ["idNumber", "name"]), new("退休信息", ["retirementApprovalNo", "phone"])],
        [new("insuredNo", "医保个人编号")],
        "idNumber", "name", "insuredNo",
        EnrolRetireeAsync);

    private static async ValueTask<ActionOutcome> EnrolRetireeAsync(ActionRequest r, BusinessContext c)
    {
        var (person, error) = await c.VerifyPersonAsync(r["idNumber"], r["name"]);
        if (error is not null)
        {
            return ActionOutcome.Reject(person is null ? "该人员未在公安户籍系统登记，不能办理参保登记" : error);
        }

        if (!await RetirementApprovals.HoldsAsync(c, r["idNumber"], r["retirementApprovalNo"]))
        {
            return ActionOutcome.Reject("未查询到该人员的退休审批信息（人社共享数据）");
        }

        if ((await c.RecordsAsync("yibao", "yibao.enrolRetiree", r["idNumber"])).Count > 0)
        {
            return ActionOutcome.Reject("该人员已办理退休人员医保登记");
        }

        return ActionOutcome.Issue(new Dictionary<string, string> { ["insuredNo"] = await NextInsuredNoAsync(c) });
    }

    private static async Task<bool> IsInsuredAsync(BusinessContext c, string idNumber) =>
        (await c.RecordsAsync("yibao", "yibao.enrolResident", idNumber)).Count > 0
        || (await c.RecordsAsync("yibao", "yibao.enrolNewborn", idNumber)).Count > 0
        || (await c.RecordsAsync("yibao", "yibao.enrolRetiree", idNumber)).Count > 0
        || (await c.RecordsAsync("yibao", "yibao.enrolEmployee", idNumber)).Count > 0
        || (await c.RecordsAsync("yibao", "yibao.enrolFlexibleWorker", idNumber)).Count > 0;

    private static async Task<string> NextInsuredNoAsync(BusinessContext c)
    {
        var number = await c.NextAsync("insured", 10000001);
        return string.Create(CultureInfo.InvariantCulture, $"4301{number:0000000000}");
    }
}
