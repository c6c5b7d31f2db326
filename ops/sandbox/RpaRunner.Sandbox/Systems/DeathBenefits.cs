using System.Globalization;
using Microsoft.EntityFrameworkCore;

namespace RpaRunner.Sandbox.Systems;

/// <summary>The one-off payments of “身后” (医保 and 养老 personal accounts, 遗属待遇, 公积金), each after 公安's 户口注销.</summary>
internal static class DeathBenefits
{
    public static ActionDefinition Define(string id, string title, string menu, string outputNo, string outputLabel, Func<ActionRequest, BusinessContext, ValueTask<decimal?>> amount, string noPrefix) => new(
        id, title, menu,
        [
            new("idNumber", "死者身份证号码", FieldKind.IdNumber),
            new("name", "死者姓名", FieldKind.Text),
            new("deathDate", "死亡日期", FieldKind.Date),
            new("householdCancellationNo", "户口注销编号", FieldKind.Text),
            .. AfterDeath.HeirFields(),
        ],
        [new("死者信息", ["idNumber", "name", "deathDate", "householdCancellationNo"]), new("申领人与收款账户", ["heirName", "heirIdNumber", "relation", "bankCardNo", "bankName"])],
        [new(outputNo, outputLabel), new("amount", "支付金额（元）")],
        "idNumber", "name", outputNo,
        async (r, c) =>
        {
            var (_, error) = await c.VerifyPersonAsync(r["idNumber"], r["name"], "死者");
            if (error is not null)
            {
                return ActionOutcome.Reject(error);
            }

            var cancelled = await c.RecordsAsync("gongan", "gongan.cancelHouseholdOnDeath", r["idNumber"]);
            if (!cancelled.Any(x => x.Output("householdCancellationNo") == r["householdCancellationNo"]))
            {
                return ActionOutcome.Reject("未查询到该人员的死亡户口注销信息（公安共享数据），请先办理户口注销");
            }

            var heirError = await AfterDeath.VerifyHeirAsync(c, r);
            if (heirError is not null)
            {
                return ActionOutcome.Reject(heirError);
            }

            if ((await c.RecordsAsync(c.System.Id, id, r["idNumber"])).Count > 0)
            {
                return ActionOutcome.Reject("该人员的本项待遇已申领，不得重复申领");
            }

            var paid = await amount(r, c);
            if (paid is null)
            {
                return ActionOutcome.Reject("未查询到该人员的个人账户");
            }

            var number = await c.NextAsync(id, 1);
            return ActionOutcome.Issue(new Dictionary<string, string>
            {
                [outputNo] = string.Create(CultureInfo.InvariantCulture, $"{noPrefix}{c.Stamp("yyyyMMdd")}{number:000000}"),
                ["amount"] = BusinessContext.Money(paid.Value),
            });
        });

    /// <summary>A sandbox balance derived from the ID number, so a case always pays the same amount.</summary>
    public static ValueTask<decimal?> AccountBalance(ActionRequest r, decimal scale) =>
        ValueTask.FromResult<decimal?>(((int.Parse(r["idNumber"].AsSpan(10, 6), CultureInfo.InvariantCulture) % 900) + 100) * scale);

    /// <summary>公积金: the deceased's account pays out its balance and is closed (销户).</summary>
    public static async ValueTask<decimal?> ProvidentBalance(ActionRequest r, BusinessContext c)
    {
        var account = await c.Db.ProvidentAccounts.FirstOrDefaultAsync(a => a.IdNumber == r["idNumber"] && a.Status != "销户");
        if (account is null)
        {
            return null;
        }

        var amount = account.Balance;
        account.Balance = 0;
        account.Status = "销户";
        return amount;
    }
}
