using System.Globalization;
using Microsoft.EntityFrameworkCore;

namespace RpaRunner.Sandbox.Systems.Gongjijin;

/// <summary>公积金 matter of 员工录用: 个人住房公积金账户设立.</summary>
internal static partial class GongjijinSystem
{
    public static IReadOnlyList<CodeOption> DepositRates { get; } =
        [.. Enumerable.Range(5, 8).Select(r => new CodeOption(r.ToString(CultureInfo.InvariantCulture), r.ToString(CultureInfo.InvariantCulture) + "%"))];

    private static ActionDefinition OpenPersonalAccount() => new(
        "gongjijin.openPersonalAccount", "个人住房公积金账户设立", "个人业务",
        [
            new("creditCode", "单位统一社会信用代码", FieldKind.CreditCode),
            new("companyName", "单位名称", FieldKind.Text),
            new("idNumber", "身份证号码", FieldKind.IdNumber),
            new("name", "姓名", FieldKind.Text),
            new("phone", "手机号码", FieldKind.Mobile),
            new("depositBase", "缴存基数（元）", FieldKind.Decimal),
            new("depositRate", "缴存比例", FieldKind.Code, Options: DepositRates),
        ],
        [new("职工信息", ["idNumber", "name", "phone"]), new("缴存信息", ["creditCode", "companyName", "depositBase", "depositRate"])],
        [new("personalAccountNo", "个人公积金账号")],
        "idNumber", "name", "personalAccountNo",
        OpenPersonalAccountAsync);

    private static async ValueTask<ActionOutcome> OpenPersonalAccountAsync(ActionRequest r, BusinessContext c)
    {
        var (_, error) = await c.VerifyPersonAsync(r["idNumber"], r["name"]);
        if (error is not null)
        {
            return ActionOutcome.Reject(error);
        }

        var (_, enterpriseError) = await c.VerifyEnterpriseAsync(r["creditCode"], r["companyName"]);
        if (enterpriseError is not null)
        {
            return ActionOutcome.Reject(enterpriseError);
        }

        if (await c.Db.ProvidentAccounts.AnyAsync(a => a.IdNumber == r["idNumber"] && a.Status != "销户")
            || (await c.RecordsAsync("gongjijin", "gongjijin.openPersonalAccount", r["idNumber"])).Count > 0)
        {
            return ActionOutcome.Reject("该职工已有住房公积金个人账户，请办理个人账户转移");
        }

        var number = await c.NextAsync("personalAccount", 1);
        return ActionOutcome.Issue(new Dictionary<string, string>
        {
            ["personalAccountNo"] = string.Create(CultureInfo.InvariantCulture, $"4301{number + 50000000:00000000}"),
        });
    }
}
