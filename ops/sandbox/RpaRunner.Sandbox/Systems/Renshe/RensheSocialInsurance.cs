using System.Globalization;

namespace RpaRunner.Sandbox.Systems.Renshe;

/// <summary>人社 matters of 社会保险 (plan item 10): 社会保险登记 of a person, 基本养老保险关系接续 from elsewhere.</summary>
internal static partial class RensheSystem
{
    /// <summary>What a person registers for: 企业职工基本养老保险 as a flexible worker, or 城乡居民基本养老保险.</summary>
    public static IReadOnlyList<CodeOption> PersonalInsuranceTypes { get; } =
    [
        new("1", "灵活就业人员（企业职工基本养老保险）", "flexible"),
        new("2", "城乡居民基本养老保险", "resident"),
    ];

    /// <summary>Monthly contribution base of a flexible worker (yuan; sandbox figures for 60 % and 300 % of the average wage).</summary>
    public const decimal FlexibleBaseFloor = 4_000m;

    public const decimal FlexibleBaseCeiling = 20_000m;

    /// <summary>The city this 人社 serves: a transfer from here to here is not a transfer.</summary>
    public const string LocalCity = "长沙市";

    private static ActionDefinition RegisterPersonalInsurance() => new(
        "renshe.registerPersonalInsurance", "社会保险登记（个人参保）", "个人参保登记",
        [
            new("idNumber", "公民身份号码", FieldKind.IdNumber),
            new("name", "姓名", FieldKind.Text),
            Codes.SexField("sex", "性别"),
            new("phone", "联系电话", FieldKind.Mobile),
            new("address", "居住地址", FieldKind.Text),
            new("insuranceType", "参保类别", FieldKind.Code, Options: PersonalInsuranceTypes),
            new("insuredFrom", "参保起始日期", FieldKind.Date),
            new("contributionBase", "缴费基数（元/月）", FieldKind.Decimal, Required: false, Hint: "灵活就业人员填写"),
        ],
        [new("参保人员", ["idNumber", "name", "sex", "phone", "address"]), new("参保信息", ["insuranceType", "insuredFrom", "contributionBase"])],
        [new("personalSocialInsuranceNo", "个人社保编号")],
        "idNumber", "name", "personalSocialInsuranceNo",
        RegisterPersonalInsuranceAsync);

    private static async ValueTask<ActionOutcome> RegisterPersonalInsuranceAsync(ActionRequest r, BusinessContext c)
    {
        var (person, error) = await c.VerifyPersonAsync(r["idNumber"], r["name"]);
        if (error is not null)
        {
            return ActionOutcome.Reject(error);
        }

        if (person!.Sex != r["sex"])
        {
            return ActionOutcome.Reject("性别与公民身份号码不一致");
        }

        if (BusinessContext.AgeOn(BusinessContext.ParseDate(person.BirthDate), c.Today) < MinimumWorkingAge)
        {
            return ActionOutcome.Reject("参保人员未满16周岁，不能办理个人参保登记");
        }

        if (BusinessContext.ParseDate(r["insuredFrom"]) > c.Today.AddDays(30))
        {
            return ActionOutcome.Reject("参保起始日期不能晚于办理之日起30日");
        }

        if (r["insuranceType"] == "1")
        {
            if (!r.Has("contributionBase"))
            {
                return ActionOutcome.Reject("灵活就业人员须申报缴费基数");
            }

            var monthly = decimal.Parse(r["contributionBase"], CultureInfo.InvariantCulture);
            if (monthly < FlexibleBaseFloor || monthly > FlexibleBaseCeiling)
            {
                return ActionOutcome.Reject(string.Create(CultureInfo.InvariantCulture,
                    $"缴费基数应在{FlexibleBaseFloor:0}元至{FlexibleBaseCeiling:0}元之间（全口径城镇单位就业人员平均工资的60%至300%）"));
            }
        }

        if ((await c.RecordsAsync("renshe", "renshe.registerPersonalInsurance", r["idNumber"])).Count > 0
            || (await c.RecordsAsync("renshe", "renshe.enrolEmployee", r["idNumber"])).Count > 0)
        {
            return ActionOutcome.Reject("该人员已有有效参保登记，不得重复参保");
        }

        return ActionOutcome.Issue(new Dictionary<string, string> { ["personalSocialInsuranceNo"] = await NextPersonalInsuranceNoAsync(c) });
    }

    /// <summary>One series of personal numbers for employees and persons who insure themselves.</summary>
    private static async Task<string> NextPersonalInsuranceNoAsync(BusinessContext c)
    {
        var number = await c.NextAsync("insuredEmployee", 1);
        return string.Create(CultureInfo.InvariantCulture, $"1043{number:00000000}");
    }

    /// <summary>True when <paramref name="personalNo"/> is the number this 人社 gave the person, as an employee or on their own.</summary>
    private static async Task<bool> HoldsPersonalNoAsync(BusinessContext c, string idNumber, string personalNo) =>
        (await c.RecordsAsync("renshe", "renshe.enrolEmployee", idNumber))
            .Concat(await c.RecordsAsync("renshe", "renshe.registerPersonalInsurance", idNumber))
            .Any(e => e.Output("personalSocialInsuranceNo") == personalNo);

    private static ActionDefinition TransferPension() => new(
        "renshe.transferPension", "基本养老保险关系转移接续", "关系转移接续",
        [
            new("idNumber", "公民身份号码", FieldKind.IdNumber),
            new("name", "姓名", FieldKind.Text),
            new("personalSocialInsuranceNo", "个人社保编号", FieldKind.Text),
            new("previousRegion", "原参保地", FieldKind.Text, Hint: "省、市，如：广东省深圳市"),
            new("previousInsuredNo", "原参保地个人编号", FieldKind.Text, Required: false),
        ],
        [new("参保人员", ["idNumber", "name", "personalSocialInsuranceNo"]), new("转出地信息", ["previousRegion", "previousInsuredNo"])],
        [new("transferContactNo", "接续联系函编号")],
        "idNumber", "name", "transferContactNo",
        TransferPensionAsync);

    private static async ValueTask<ActionOutcome> TransferPensionAsync(ActionRequest r, BusinessContext c)
    {
        var (_, error) = await c.VerifyPersonAsync(r["idNumber"], r["name"]);
        if (error is not null)
        {
            return ActionOutcome.Reject(error);
        }

        if (!await HoldsPersonalNoAsync(c, r["idNumber"], r["personalSocialInsuranceNo"]))
        {
            return ActionOutcome.Reject("未查询到该人员在本地的参保登记，请先办理社会保险登记");
        }

        if (r["previousRegion"].Contains(LocalCity, StringComparison.Ordinal))
        {
            return ActionOutcome.Reject("原参保地为本市，无需办理基本养老保险关系转移接续");
        }

        if ((await c.RecordsAsync("renshe", "renshe.transferPension", r["idNumber"])).Count > 0)
        {
            return ActionOutcome.Reject("该人员已有基本养老保险关系转移接续申请在办，不得重复申请");
        }

        var number = await c.NextAsync("pensionTransfer", 1);
        return ActionOutcome.Issue(new Dictionary<string, string>
        {
            ["transferContactNo"] = string.Create(CultureInfo.InvariantCulture, $"YLZY{c.Stamp("yyyyMMdd")}{number:00000}"),
        });
    }
}
