using System.Globalization;
using RpaRunner.Sandbox.Systems.Renshe;

namespace RpaRunner.Sandbox.Systems.Yibao;

/// <summary>医保 matters of 社会保险 (plan item 10): 灵活就业人员参保登记, 基本医疗保险关系转移接续.</summary>
internal static partial class YibaoSystem
{
    private static ActionDefinition EnrolFlexibleWorker() => new(
        "yibao.enrolFlexibleWorker", "灵活就业人员医疗保险参保登记", "参保登记",
        [
            new("idNumber", "公民身份号码", FieldKind.IdNumber),
            new("name", "姓名", FieldKind.Text),
            new("phone", "联系电话", FieldKind.Mobile),
            new("address", "居住地址", FieldKind.Text),
            new("insuredFrom", "参保日期", FieldKind.Date),
            new("contributionBase", "缴费基数（元/月）", FieldKind.Decimal),
        ],
        [new("人员基本信息", ["idNumber", "name", "phone", "address"]), new("参保信息", ["insuredFrom", "contributionBase"])],
        [new("insuredNo", "医保个人编号")],
        "idNumber", "name", "insuredNo",
        EnrolFlexibleWorkerAsync);

    private static async ValueTask<ActionOutcome> EnrolFlexibleWorkerAsync(ActionRequest r, BusinessContext c)
    {
        var (person, error) = await c.VerifyPersonAsync(r["idNumber"], r["name"]);
        if (error is not null)
        {
            return ActionOutcome.Reject(person is null ? "该人员未在公安户籍系统登记，不能办理参保登记" : error);
        }

        if (BusinessContext.AgeOn(BusinessContext.ParseDate(person!.BirthDate), c.Today) < RensheSystem.MinimumWorkingAge)
        {
            return ActionOutcome.Reject("灵活就业人员应年满16周岁");
        }

        if (BusinessContext.ParseDate(r["insuredFrom"]) > c.Today.AddDays(30))
        {
            return ActionOutcome.Reject("参保日期不能晚于办理之日起30日");
        }

        var monthly = decimal.Parse(r["contributionBase"], CultureInfo.InvariantCulture);
        if (monthly < RensheSystem.FlexibleBaseFloor || monthly > RensheSystem.FlexibleBaseCeiling)
        {
            return ActionOutcome.Reject(string.Create(CultureInfo.InvariantCulture,
                $"缴费基数应在{RensheSystem.FlexibleBaseFloor:0}元至{RensheSystem.FlexibleBaseCeiling:0}元之间"));
        }

        if (await IsInsuredAsync(c, r["idNumber"]))
        {
            return ActionOutcome.Reject("该人员已有有效参保登记，不得重复参保");
        }

        return ActionOutcome.Issue(new Dictionary<string, string> { ["insuredNo"] = await NextInsuredNoAsync(c) });
    }

    private static ActionDefinition TransferMedical() => new(
        "yibao.transferMedical", "基本医疗保险关系转移接续", "关系转移接续",
        [
            new("idNumber", "公民身份号码", FieldKind.IdNumber),
            new("name", "姓名", FieldKind.Text),
            new("previousRegion", "转出地（原参保地）", FieldKind.Text, Hint: "省、市，如：广东省深圳市"),
            new("previousInsuredNo", "原参保地个人编号", FieldKind.Text, Required: false),
        ],
        [new("参保人员", ["idNumber", "name"]), new("转出地信息", ["previousRegion", "previousInsuredNo"])],
        [new("medicalTransferNo", "转移接续业务编号")],
        "idNumber", "name", "medicalTransferNo",
        TransferMedicalAsync);

    private static async ValueTask<ActionOutcome> TransferMedicalAsync(ActionRequest r, BusinessContext c)
    {
        var (_, error) = await c.VerifyPersonAsync(r["idNumber"], r["name"]);
        if (error is not null)
        {
            return ActionOutcome.Reject(error);
        }

        // The transfer lands on a local enrolment: it is looked up here by the person, whichever way they enrolled.
        if (!await IsInsuredAsync(c, r["idNumber"]))
        {
            return ActionOutcome.Reject("未查询到该人员在本统筹区的参保登记，请先办理参保登记");
        }

        if (r["previousRegion"].Contains(RensheSystem.LocalCity, StringComparison.Ordinal))
        {
            return ActionOutcome.Reject("转出地为本统筹区，无需办理基本医疗保险关系转移接续");
        }

        if ((await c.RecordsAsync("yibao", "yibao.transferMedical", r["idNumber"])).Count > 0)
        {
            return ActionOutcome.Reject("该人员已有基本医疗保险关系转移接续申请在办，不得重复申请");
        }

        var number = await c.NextAsync("medicalTransfer", 1);
        return ActionOutcome.Issue(new Dictionary<string, string>
        {
            ["medicalTransferNo"] = string.Create(CultureInfo.InvariantCulture, $"YBZY{c.Stamp("yyyyMMdd")}{number:00000}"),
        });
    }
}
