using System.Globalization;

namespace RpaRunner.Sandbox.Systems.Gongan;

/// <summary>公安 matter of “身后”: 死亡、宣告死亡办理户口注销, on 卫健's 死亡医学证明.</summary>
internal static partial class GonganSystem
{
    private static ActionDefinition CancelHouseholdOnDeath() => new(
        "gongan.cancelHouseholdOnDeath", "死亡、宣告死亡办理户口注销", "户籍管理",
        [
            new("idNumber", "注销人公民身份号码", FieldKind.IdNumber),
            new("name", "注销人姓名", FieldKind.Text),
            new("deathDate", "死亡日期", FieldKind.Date),
            new("deathCertificateNo", "死亡医学证明编号", FieldKind.Text),
            new("applicantName", "申报人姓名", FieldKind.Text),
            new("applicantIdNumber", "申报人公民身份号码", FieldKind.IdNumber),
            new("relation", "申报人与注销人关系", FieldKind.Code, Options: AfterDeath.Relations),
        ],
        [new("注销人信息", ["idNumber", "name", "deathDate", "deathCertificateNo"]), new("申报人信息", ["applicantName", "applicantIdNumber", "relation"])],
        [new("householdCancellationNo", "户口注销编号")],
        "idNumber", "name", "householdCancellationNo",
        CancelHouseholdAsync);

    private static async ValueTask<ActionOutcome> CancelHouseholdAsync(ActionRequest r, BusinessContext c)
    {
        var (_, error) = await c.VerifyPersonAsync(r["idNumber"], r["name"]);
        if (error is not null)
        {
            return ActionOutcome.Reject(error);
        }

        var certificates = await c.RecordsAsync("weijian", "weijian.issueDeathCertificate", r["idNumber"]);
        if (!certificates.Any(x => x.Output("deathCertificateNo") == r["deathCertificateNo"]))
        {
            return ActionOutcome.Reject("死亡医学证明编号核验未通过（卫健共享数据），不能办理户口注销");
        }

        var (_, applicantError) = await c.VerifyPersonAsync(r["applicantIdNumber"], r["applicantName"], "申报人");
        if (applicantError is not null)
        {
            return ActionOutcome.Reject(applicantError);
        }

        if ((await c.RecordsAsync("gongan", "gongan.cancelHouseholdOnDeath", r["idNumber"])).Count > 0)
        {
            return ActionOutcome.Reject("该人员户口已注销");
        }

        var number = await c.NextAsync("householdCancellation", 1);
        return ActionOutcome.Issue(new Dictionary<string, string>
        {
            ["householdCancellationNo"] = string.Create(CultureInfo.InvariantCulture, $"HZX{c.Stamp("yyyyMMdd")}{number:00000}"),
        });
    }
}
