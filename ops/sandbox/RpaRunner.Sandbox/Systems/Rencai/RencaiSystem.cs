using System.Globalization;

namespace RpaRunner.Sandbox.Systems.Rencai;

/// <summary>
/// 人才服务中心 (under 人社): the personnel files (人事档案) of mobile workers. A file comes from where it is kept now
/// (a school, a former employer's talent centre) and is held once.
/// </summary>
internal static class RencaiSystem
{
    public static SystemDefinition Create() => new(
        "rencai", "人社", "流动人员人事档案管理系统", "web", "rencai", "RC_SESSION", "RC",
        new SystemTheme("#2f6f4f", "#e0f0e6", "#245a3f", "#f4faf6", "长沙市人才服务中心 · 流动人员人事档案管理系统", "档案接收 · 档案转递 · 档案查询"),
        [new("rpa_rencai", "Rc@rpa2025", "RPA机器人（人才）", true), new("rc_clerk", "Rc@clerk2025", "档案管理员", false)],
        [ReceiveArchive()]);

    private static ActionDefinition ReceiveArchive() => new(
        "rencai.receiveArchive", "档案的接收（流动人员）", "档案接收",
        [
            new("idNumber", "公民身份号码", FieldKind.IdNumber),
            new("name", "姓名", FieldKind.Text),
            new("creditCode", "委托存档单位统一社会信用代码", FieldKind.CreditCode),
            new("companyName", "委托存档单位名称", FieldKind.Text),
            new("previousHolder", "档案原存放机构", FieldKind.Text),
        ],
        [new("存档人员", ["idNumber", "name"]), new("档案来源", ["creditCode", "companyName", "previousHolder"])],
        [new("archiveNo", "档案编号")],
        "idNumber", "name", "archiveNo",
        ReceiveArchiveAsync);

    private static async ValueTask<ActionOutcome> ReceiveArchiveAsync(ActionRequest r, BusinessContext c)
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

        if (r["previousHolder"].Contains("人才服务中心", StringComparison.Ordinal) && r["previousHolder"].Contains("长沙市", StringComparison.Ordinal))
        {
            return ActionOutcome.Reject("档案已在本中心保管，无需办理接收，请办理存档单位变更");
        }

        if ((await c.RecordsAsync("rencai", "rencai.receiveArchive", r["idNumber"])).Count > 0)
        {
            return ActionOutcome.Reject("该人员档案已由本中心接收保管，不得重复接收");
        }

        var number = await c.NextAsync("archive", 1);
        return ActionOutcome.Issue(new Dictionary<string, string>
        {
            ["archiveNo"] = string.Create(CultureInfo.InvariantCulture, $"DA{c.Stamp("yyyy")}{number:000000}"),
        });
    }
}
