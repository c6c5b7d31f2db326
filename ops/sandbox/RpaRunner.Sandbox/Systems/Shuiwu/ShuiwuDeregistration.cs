using System.Globalization;
using RpaRunner.Sandbox.Systems.Shichang;

namespace RpaRunner.Sandbox.Systems.Shuiwu;

/// <summary>税务 matter of 企业注销: 清税申报, which issues the 清税证明 the registration authority asks for.</summary>
internal static partial class ShuiwuSystem
{
    private static ActionDefinition DeregisterTaxpayer() => new(
        "shuiwu.deregisterTaxpayer", "税务注销（清税申报）", "注销清税",
        [
            new("creditCode", "纳税人识别号（统一社会信用代码）", FieldKind.CreditCode),
            new("companyName", "纳税人名称", FieldKind.Text),
            new("legalRepName", "法定代表人姓名", FieldKind.Text),
            new("legalRepIdNumber", "法定代表人身份证件号码", FieldKind.IdNumber),
            new("reason", "注销原因", FieldKind.Code, Options: DeregistrationCodes.Reasons),
        ],
        [new("纳税人信息", ["creditCode", "companyName", "reason"]), new("法定代表人", ["legalRepName", "legalRepIdNumber"])],
        [new("taxClearanceNo", "清税证明文书号")],
        "creditCode", "companyName", "taxClearanceNo",
        DeregisterTaxpayerAsync);

    private static async ValueTask<ActionOutcome> DeregisterTaxpayerAsync(ActionRequest r, BusinessContext c)
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

        if ((await c.RecordsAsync("shuiwu", "shuiwu.deregisterTaxpayer", r["creditCode"])).Count > 0)
        {
            return ActionOutcome.Reject("该纳税人已办结清税，请勿重复申报");
        }

        var number = await c.NextAsync("taxClearance", 1);
        return ActionOutcome.Issue(new Dictionary<string, string>
        {
            ["taxClearanceNo"] = string.Create(CultureInfo.InvariantCulture, $"QS{c.Stamp("yyyy")}{number:0000000}"),
        });
    }
}
