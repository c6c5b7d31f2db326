using System.Globalization;

namespace RpaRunner.Sandbox.Systems.Weijian;

/// <summary>卫健 matter of “身后”: 出具死亡证明（正常死亡）, the 居民死亡医学证明（推断）书.</summary>
internal static partial class WeijianSystem
{
    private static ActionDefinition IssueDeathCertificate() => new(
        "weijian.issueDeathCertificate", "出具死亡医学证明（正常死亡）", "死亡医学证明",
        [
            new("idNumber", "死者身份证号码", FieldKind.IdNumber),
            new("name", "死者姓名", FieldKind.Text),
            Codes.SexField("sex", "死者性别"),
            new("deathDate", "死亡日期", FieldKind.Date),
            new("deathPlace", "死亡地点", FieldKind.Text),
            new("informantName", "申报人姓名", FieldKind.Text),
            new("informantIdNumber", "申报人身份证号码", FieldKind.IdNumber),
        ],
        [new("死者信息", ["idNumber", "name", "sex"]), new("死亡信息", ["deathDate", "deathPlace"]), new("申报人", ["informantName", "informantIdNumber"])],
        [new("deathCertificateNo", "死亡医学证明编号")],
        "idNumber", "name", "deathCertificateNo",
        IssueDeathCertificateAsync);

    private static async ValueTask<ActionOutcome> IssueDeathCertificateAsync(ActionRequest r, BusinessContext c)
    {
        var (person, error) = await c.VerifyPersonAsync(r["idNumber"], r["name"], "死者");
        if (error is not null)
        {
            return ActionOutcome.Reject(error);
        }

        if (person!.Sex != r["sex"])
        {
            return ActionOutcome.Reject("死者性别与公民身份号码不一致");
        }

        var died = BusinessContext.ParseDate(r["deathDate"]);
        if (died > c.Today || died < BusinessContext.ParseDate(person.BirthDate))
        {
            return ActionOutcome.Reject("死亡日期不能晚于今天，也不能早于出生日期");
        }

        var (_, informantError) = await c.VerifyPersonAsync(r["informantIdNumber"], r["informantName"], "申报人");
        if (informantError is not null)
        {
            return ActionOutcome.Reject(informantError);
        }

        if ((await c.RecordsAsync("weijian", "weijian.issueDeathCertificate", r["idNumber"])).Count > 0)
        {
            return ActionOutcome.Reject("该人员已开具死亡医学证明，不得重复开具");
        }

        var number = await c.NextAsync("deathCertificate", 1);
        return ActionOutcome.Issue(new Dictionary<string, string>
        {
            ["deathCertificateNo"] = string.Create(CultureInfo.InvariantCulture, $"SW430100{c.Stamp("yyyy")}{number:000000}"),
        });
    }
}
