using System.Globalization;

namespace RpaRunner.Sandbox.Systems.Jiaojing;

/// <summary>公安交管 机动车驾驶人管理系统: a deceased driver's licence is cancelled once 公安 has cancelled the household entry.</summary>
internal static class JiaojingSystem
{
    public static SystemDefinition Create() => new(
        "jiaojing", "公安交管", "机动车驾驶人管理系统", "web", "jiaojing", "JJ_SID", "JJ",
        new SystemTheme("#0b4f8a", "#dde8f3", "#083b68", "#f1f5fa", "公安交通管理综合应用平台 · 机动车驾驶人管理", "驾驶证业务 · 注销 · 查询"),
        [new("rpa_jiaojing", "Jj@rpa2025", "RPA机器人（交警）", true), new("jj_clerk", "Jj@clerk2025", "车驾管窗口民警", false)],
        [CancelDrivingLicence()]);

    private static ActionDefinition CancelDrivingLicence() => new(
        "jiaojing.cancelDrivingLicence", "注销驾驶证（驾驶人死亡）", "驾驶证业务",
        [
            new("idNumber", "驾驶人身份证明号码", FieldKind.IdNumber),
            new("name", "驾驶人姓名", FieldKind.Text),
            new("licenceFileNo", "驾驶证档案编号", FieldKind.Text),
            new("deathDate", "死亡日期", FieldKind.Date),
            new("householdCancellationNo", "户口注销编号", FieldKind.Text),
        ],
        [new("驾驶人信息", ["idNumber", "name", "licenceFileNo"]), new("注销信息", ["deathDate", "householdCancellationNo"])],
        [new("licenceCancellationNo", "注销业务流水号")],
        "idNumber", "name", "licenceCancellationNo",
        CancelAsync);

    private static async ValueTask<ActionOutcome> CancelAsync(ActionRequest r, BusinessContext c)
    {
        var (_, error) = await c.VerifyPersonAsync(r["idNumber"], r["name"], "驾驶人");
        if (error is not null)
        {
            return ActionOutcome.Reject(error);
        }

        if (r["licenceFileNo"].Length != 12 || !r["licenceFileNo"].All(char.IsAsciiDigit))
        {
            return ActionOutcome.Reject("驾驶证档案编号应为12位数字");
        }

        var cancelled = await c.RecordsAsync("gongan", "gongan.cancelHouseholdOnDeath", r["idNumber"]);
        if (!cancelled.Any(x => x.Output("householdCancellationNo") == r["householdCancellationNo"]))
        {
            return ActionOutcome.Reject("未查询到该驾驶人的死亡户口注销信息，不能注销驾驶证");
        }

        if ((await c.RecordsAsync("jiaojing", "jiaojing.cancelDrivingLicence", r["idNumber"])).Count > 0)
        {
            return ActionOutcome.Reject("该驾驶证已注销");
        }

        var number = await c.NextAsync("licenceCancellation", 1);
        return ActionOutcome.Issue(new Dictionary<string, string>
        {
            ["licenceCancellationNo"] = string.Create(CultureInfo.InvariantCulture, $"4301{c.Stamp("yyMMdd")}{number:000000}"),
        });
    }
}
