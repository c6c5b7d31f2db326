using System.Globalization;
using Microsoft.EntityFrameworkCore;

namespace RpaRunner.Sandbox.Systems.Gongjijin;

/// <summary>
/// 公积金 matters of the second retirement bundle, on the web platform: the retiree's account is first frozen (封存),
/// then withdrawn (提取) and closed; a withdrawal of an account that is not frozen is refused. The counter client's
/// withdrawal (first bundle) stays as it was.
/// </summary>
internal static partial class GongjijinSystem
{
    private static ActionDefinition FreezeOnRetirement() => new(
        "gongjijin.freezeOnRetirement", "个人住房公积金账户封存（退休）", "个人业务",
        [
            new("idNumber", "身份证号码", FieldKind.IdNumber),
            new("name", "姓名", FieldKind.Text),
            new("retirementApprovalNo", "退休审批编号", FieldKind.Text),
        ],
        [new("封存信息", ["idNumber", "name", "retirementApprovalNo"])],
        [new("freezeNo", "封存业务编号")],
        "idNumber", "name", "freezeNo",
        FreezeAsync);

    private static async ValueTask<ActionOutcome> FreezeAsync(ActionRequest r, BusinessContext c)
    {
        var (_, error) = await c.VerifyPersonAsync(r["idNumber"], r["name"]);
        if (error is not null)
        {
            return ActionOutcome.Reject(error);
        }

        if (!await RetirementApprovals.HoldsAsync(c, r["idNumber"], r["retirementApprovalNo"]))
        {
            return ActionOutcome.Reject("未查询到该职工的退休审批信息（人社共享数据），不能办理退休封存");
        }

        var account = await c.Db.ProvidentAccounts.FirstOrDefaultAsync(a => a.IdNumber == r["idNumber"]);
        if (account is null)
        {
            return ActionOutcome.Reject("未查询到该职工的个人住房公积金账户");
        }

        if (account.Status != "正常")
        {
            return ActionOutcome.Reject($"该个人账户状态为“{account.Status}”，不能办理封存");
        }

        account.Status = "封存";
        var number = await c.NextAsync("freeze", 1);
        return ActionOutcome.Issue(new Dictionary<string, string>
        {
            ["freezeNo"] = string.Create(CultureInfo.InvariantCulture, $"FC{c.Stamp("yyyyMMdd")}{number:000000}"),
        });
    }

    private static ActionDefinition WithdrawOnRetirementWeb() => new(
        "gongjijin.withdrawOnRetirement", "住房公积金提取（退休）", "个人业务",
        [
            new("idNumber", "身份证号码", FieldKind.IdNumber),
            new("name", "姓名", FieldKind.Text),
            new("retirementApprovalNo", "退休审批编号", FieldKind.Text),
            new("freezeNo", "封存业务编号", FieldKind.Text),
            new("bankCardNo", "本人银行卡号", FieldKind.BankCard),
            new("bankName", "开户银行", FieldKind.Text),
        ],
        [new("提取人信息", ["idNumber", "name", "retirementApprovalNo", "freezeNo"]), new("收款账户", ["bankCardNo", "bankName"])],
        [new("withdrawalNo", "提取业务编号"), new("amount", "提取金额（元）")],
        "idNumber", "name", "withdrawalNo",
        WithdrawFrozenAsync);

    private static async ValueTask<ActionOutcome> WithdrawFrozenAsync(ActionRequest r, BusinessContext c)
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

        var freezes = await c.RecordsAsync("gongjijin", "gongjijin.freezeOnRetirement", r["idNumber"]);
        if (account.Status != "封存" || !freezes.Any(f => f.Output("freezeNo") == r["freezeNo"]))
        {
            return ActionOutcome.Reject("该个人账户未办理封存（或封存业务编号不符），请先办理账户封存再提取");
        }

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
