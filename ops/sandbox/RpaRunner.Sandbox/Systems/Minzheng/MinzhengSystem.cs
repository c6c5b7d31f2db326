using System.Globalization;

namespace RpaRunner.Sandbox.Systems.Minzheng;

/// <summary>民政 殡葬管理信息系统: the 火化证明 a funeral home issues once 卫健's 死亡医学证明 is on the exchange.</summary>
internal static class MinzhengSystem
{
    public static SystemDefinition Create() => new(
        "minzheng", "民政", "殡葬管理信息系统", "web", "minzheng", "MZ_SESSIONID", "MZ",
        new SystemTheme("#4a4a6a", "#e6e6f0", "#36364f", "#f6f6fa", "湖南省民政厅 · 殡葬管理信息系统", "遗体接运 · 火化登记 · 证明出具"),
        [new("rpa_minzheng", "Mz@rpa2025", "RPA机器人（民政）", true), new("mz_clerk", "Mz@clerk2025", "殡仪馆业务员", false)],
        [IssueCremationCertificate()]);

    private static ActionDefinition IssueCremationCertificate() => new(
        "minzheng.issueCremationCertificate", "出具火化证明", "火化登记",
        [
            new("idNumber", "逝者身份证号码", FieldKind.IdNumber),
            new("name", "逝者姓名", FieldKind.Text),
            Codes.SexField("sex", "逝者性别"),
            new("deathDate", "死亡日期", FieldKind.Date),
            new("deathCertificateNo", "死亡医学证明编号", FieldKind.Text),
            new("applicantName", "经办家属姓名", FieldKind.Text),
            new("applicantPhone", "经办家属联系电话", FieldKind.Mobile),
        ],
        [new("逝者信息", ["idNumber", "name", "sex", "deathDate", "deathCertificateNo"]), new("经办家属", ["applicantName", "applicantPhone"])],
        [new("cremationCertificateNo", "火化证明编号")],
        "idNumber", "name", "cremationCertificateNo",
        IssueAsync);

    private static async ValueTask<ActionOutcome> IssueAsync(ActionRequest r, BusinessContext c)
    {
        var (_, error) = await c.VerifyPersonAsync(r["idNumber"], r["name"], "逝者");
        if (error is not null)
        {
            return ActionOutcome.Reject(error);
        }

        var certificates = await c.RecordsAsync("weijian", "weijian.issueDeathCertificate", r["idNumber"]);
        if (!certificates.Any(x => x.Output("deathCertificateNo") == r["deathCertificateNo"] && x.Input("deathDate") == r["deathDate"]))
        {
            return ActionOutcome.Reject("未查询到与死亡日期一致的死亡医学证明信息（卫健共享数据），不能办理火化登记");
        }

        if ((await c.RecordsAsync("minzheng", "minzheng.issueCremationCertificate", r["idNumber"])).Count > 0)
        {
            return ActionOutcome.Reject("该逝者已出具火化证明，不得重复出具");
        }

        var number = await c.NextAsync("cremation", 1);
        return ActionOutcome.Issue(new Dictionary<string, string>
        {
            ["cremationCertificateNo"] = string.Create(CultureInfo.InvariantCulture, $"HH{c.Stamp("yyyy")}{number:000000}"),
        });
    }
}
