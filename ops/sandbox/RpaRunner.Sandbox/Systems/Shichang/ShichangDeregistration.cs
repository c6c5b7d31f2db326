using System.Globalization;

namespace RpaRunner.Sandbox.Systems.Shichang;

/// <summary>市场监管 matter of 企业注销: 注销登记, only once 税务 has cleared the enterprise and its notice has run.</summary>
internal static partial class ShichangSystem
{
    private static ActionDefinition DeregisterEnterprise() => new(
        "shichang.deregisterEnterprise", "企业注销登记", "注销登记",
        [
            new("creditCode", "统一社会信用代码", FieldKind.CreditCode),
            new("companyName", "企业名称", FieldKind.Text),
            new("procedure", "注销方式", FieldKind.Code, Options: DeregistrationCodes.Procedures),
            new("reason", "注销原因", FieldKind.Code, Options: DeregistrationCodes.Reasons),
            new("legalRepName", "法定代表人姓名", FieldKind.Text),
            new("legalRepIdNumber", "法定代表人身份证号码", FieldKind.IdNumber),
            new("announcementDate", "公告起始日期", FieldKind.Date),
            new("liquidationEndDate", "清算完结日期", FieldKind.Date),
            new("taxClearanceNo", "清税证明文书号", FieldKind.Text),
        ],
        [
            new("企业信息", ["creditCode", "companyName", "procedure", "reason"]),
            new("法定代表人", ["legalRepName", "legalRepIdNumber"]),
            new("清算与清税", ["announcementDate", "liquidationEndDate", "taxClearanceNo"]),
        ],
        [new("deregistrationNo", "准予注销登记通知书文号")],
        "creditCode", "companyName", "deregistrationNo",
        DeregisterEnterpriseAsync);

    private static async ValueTask<ActionOutcome> DeregisterEnterpriseAsync(ActionRequest r, BusinessContext c)
    {
        var (enterprise, error) = await c.VerifyEnterpriseAsync(r["creditCode"], r["companyName"]);
        if (error is not null)
        {
            return ActionOutcome.Reject(error);
        }

        if (enterprise!.LegalRepIdNumber.Length > 0 && (enterprise.LegalRepIdNumber != r["legalRepIdNumber"] || enterprise.LegalRepName != r["legalRepName"]))
        {
            return ActionOutcome.Reject("法定代表人信息与登记信息不一致");
        }

        // 税务注销 comes first: the registration authority reads the tax clearance through the data-sharing exchange.
        var clearances = await c.RecordsAsync("shuiwu", "shuiwu.deregisterTaxpayer", r["creditCode"]);
        if (!clearances.Any(x => x.Output("taxClearanceNo") == r["taxClearanceNo"]))
        {
            return ActionOutcome.Reject("未查询到税务部门出具的清税信息，请先办理税务注销");
        }

        var announced = BusinessContext.ParseDate(r["announcementDate"]);
        var liquidated = BusinessContext.ParseDate(r["liquidationEndDate"]);
        var days = DeregistrationCodes.AnnouncementDays(r["procedure"]);
        if (liquidated < announced || c.Today < announced.AddDays(days))
        {
            return ActionOutcome.Reject(string.Create(CultureInfo.InvariantCulture,
                $"{(r["procedure"] == "1" ? "简易注销公示" : "债权人公告")}期（{days}日）未满，或清算完结日期早于公告日期，暂不能申请注销登记"));
        }

        if ((await c.RecordsAsync("shichang", "shichang.deregisterEnterprise", r["creditCode"])).Count > 0)
        {
            return ActionOutcome.Reject("该企业已办理注销登记");
        }

        var number = await c.NextAsync("deregistration", 1);
        return ActionOutcome.Issue(new Dictionary<string, string>
        {
            ["deregistrationNo"] = string.Create(CultureInfo.InvariantCulture, $"ZX{c.Stamp("yyyyMMdd")}{number:00000}"),
        });
    }
}
