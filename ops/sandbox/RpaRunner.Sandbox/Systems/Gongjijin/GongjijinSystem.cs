using System.Globalization;
using Microsoft.EntityFrameworkCore;

namespace RpaRunner.Sandbox.Systems.Gongjijin;

/// <summary>
/// 公积金: the web platform opens employer accounts; the counter client (desktop) withdraws on retirement, and its
/// 联系方式变更登记 dialog registers a withdrawer's contact details. All write to the same store, as the counter client
/// and the platform share the centre's database.
/// </summary>
internal static partial class GongjijinSystem
{
    public static SystemDefinition CreateWeb() => new(
        "gongjijin", "公积金", "住房公积金综合服务平台", "web", "gongjijin", "GJJ_SESSIONID", "GJ",
        new SystemTheme("#6a3d9a", "#ece3f5", "#522e78", "#f7f4fa", "长沙住房公积金管理中心 · 综合服务平台", "单位业务 · 个人业务"),
        [new("rpa_gongjijin", "Gjj@rpa2025", "RPA机器人（公积金）", true), new("gjj_clerk", "Gjj@clerk2025", "公积金柜员", false)],
        [OpenEmployerAccount(), OpenPersonalAccount(), WithdrawOnDeath(), FreezeOnRetirement(), WithdrawOnRetirementWeb()]);

    public static SystemDefinition CreateCounter() => new(
        "gongjijin-counter", "公积金", "住房公积金柜面业务客户端", "desktop", "gongjijin", "GJJC_TOKEN", "GC",
        new SystemTheme("#6a3d9a", "#ece3f5", "#522e78", "#f7f4fa", "住房公积金柜面业务客户端", "个人提取"),
        [new("rpa_counter", "Gjjc@rpa2025", "RPA机器人（柜面）", true), new("gjjc_teller", "Gjjc@teller2025", "柜面柜员", false)],
        [WithdrawOnRetirement()]);

    /// <summary>
    /// The counter client's 联系方式变更登记 dialog: the same tellers, its own back-end endpoint. It keeps no key of the
    /// case and offers no search, so nothing tells an entry made twice from two entries.
    /// </summary>
    public static SystemDefinition CreateContact() => new(
        "gongjijin-contact", "公积金", "住房公积金联系方式登记（柜面对话框）", "desktop", "gongjijin", "GJJC_TOKEN", "GL",
        new SystemTheme("#6a3d9a", "#ece3f5", "#522e78", "#f7f4fa", "住房公积金柜面业务客户端", "联系方式变更登记"),
        [new("rpa_counter", "Gjjc@rpa2025", "RPA机器人（柜面）", true), new("gjjc_teller", "Gjjc@teller2025", "柜面柜员", false)],
        [RegisterContact()]);

    private static ActionDefinition OpenEmployerAccount() => new(
        "gongjijin.openEmployerAccount", "住房公积金单位登记开户", "单位业务",
        [
            new("creditCode", "统一社会信用代码", FieldKind.CreditCode),
            new("companyName", "单位名称", FieldKind.Text),
            new("address", "单位地址", FieldKind.Text),
            new("contactName", "经办人姓名", FieldKind.Text),
            new("contactPhone", "经办人手机号码", FieldKind.Mobile),
        ],
        [new("单位信息", ["creditCode", "companyName", "address"]), new("经办人信息", ["contactName", "contactPhone"])],
        [new("employerAccountNo", "单位公积金账号")],
        "creditCode", "companyName", "employerAccountNo",
        OpenEmployerAccountAsync);

    private static async ValueTask<ActionOutcome> OpenEmployerAccountAsync(ActionRequest r, BusinessContext c)
    {
        var (_, error) = await c.VerifyEnterpriseAsync(r["creditCode"], r["companyName"]);
        if (error is not null)
        {
            return ActionOutcome.Reject(error);
        }

        if ((await c.RecordsAsync("gongjijin", "gongjijin.openEmployerAccount", r["creditCode"])).Count > 0)
        {
            return ActionOutcome.Reject("该单位已开立住房公积金账户");
        }

        var number = await c.NextAsync("employerAccount", 1);
        return ActionOutcome.Issue(new Dictionary<string, string>
        {
            ["employerAccountNo"] = string.Create(CultureInfo.InvariantCulture, $"430100{number:000000}"),
        });
    }

    private static ActionDefinition RegisterContact() => new(
        "gongjijin-contact.registerContact", "登记提取人联系方式", "联系方式变更登记",
        [
            new("idNumber", "身份证号码", FieldKind.IdNumber),
            new("name", "姓名", FieldKind.Text),
            new("phone", "联系电话", FieldKind.Mobile),
        ],
        [new("联系方式", ["idNumber", "name", "phone"])],
        [],
        "idNumber", "name", "",
        RegisterContactAsync);

    /// <summary>The person must be in the register under that name; the same details again are stored again (no duplicate check).</summary>
    private static async ValueTask<ActionOutcome> RegisterContactAsync(ActionRequest r, BusinessContext c)
    {
        var (_, error) = await c.VerifyPersonAsync(r["idNumber"], r["name"]);
        return error is null ? ActionOutcome.Issue(new Dictionary<string, string>()) : ActionOutcome.Reject(error);
    }

    private static ActionDefinition WithdrawOnRetirement() => new(
        "gongjijin-counter.withdrawOnRetirement", "住房公积金提取（离休、退休）", "个人提取",
        [
            new("idNumber", "身份证号码", FieldKind.IdNumber),
            new("name", "姓名", FieldKind.Text),
            new("retirementApprovalNo", "退休审批编号", FieldKind.Text),
            new("bankCardNo", "银行卡号", FieldKind.BankCard),
            new("bankName", "开户银行", FieldKind.Text),
        ],
        [new("提取信息", ["idNumber", "name", "retirementApprovalNo", "bankCardNo", "bankName"])],
        [new("withdrawalNo", "提取业务编号"), new("amount", "提取金额（元）")],
        "idNumber", "name", "withdrawalNo",
        WithdrawAsync)
    {
        // The counter keeps a copy of the withdrawer's ID card with every withdrawal; the retirement itself it checks
        // against 人社's shared approval data, so no 退休证 scan is asked for. Optional, as the counter takes the copy
        // at the window when the applicant brings the card.
        Attachments = [new("idCardScan", "身份证扫描件", ["pdf", "jpeg", "png"], 5 * 1024 * 1024)],
    };

    private static async ValueTask<ActionOutcome> WithdrawAsync(ActionRequest r, BusinessContext c)
    {
        var (_, error) = await c.VerifyPersonAsync(r["idNumber"], r["name"]);
        if (error is not null)
        {
            return ActionOutcome.Reject(error);
        }

        if (!await RetirementApprovals.HoldsAsync(c, r["idNumber"], r["retirementApprovalNo"]))
        {
            return ActionOutcome.Reject("未查询到该职工的退休审批信息（人社共享数据），不能办理退休提取");
        }

        var account = await c.Db.ProvidentAccounts.FirstOrDefaultAsync(a => a.IdNumber == r["idNumber"]);
        if (account is null)
        {
            return ActionOutcome.Reject("未查询到该职工的个人住房公积金账户");
        }

        if (account.Status == "销户")
        {
            return ActionOutcome.Reject("该个人账户已销户，不能重复提取");
        }

        // Retirement withdrawal pays out the whole balance and closes (销户) the account, frozen or not.
        var amount = account.Balance;
        account.Balance = 0;
        account.Status = "销户";
        var number = await c.NextAsync("withdrawal", 1);
        return ActionOutcome.Issue(new Dictionary<string, string>
        {
            ["withdrawalNo"] = string.Create(CultureInfo.InvariantCulture, $"TQ{c.Stamp("yyyyMMdd")}{number:000000}"),
            ["amount"] = BusinessContext.Money(amount),
        });
    }
}
