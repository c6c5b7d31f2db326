using RpaRunner.Sandbox.Store;

namespace RpaRunner.Sandbox.Systems.Gongan;

/// <summary>
/// 出生登记 as a household register takes it: the child's 民族 (GB 3304), which parent's household it joins (随父/随母),
/// that household's 户主 and the child's relation to them, and the county of household registration, whose region
/// code the child's 公民身份号码 carries (not the mother's ID prefix).
/// </summary>
internal static partial class GonganSystem
{
    /// <summary>民族 by GB 3304 code.</summary>
    public static IReadOnlyList<CodeOption> Ethnicities { get; } =
    [
        new("01", "汉族"),
        new("02", "蒙古族"),
        new("03", "回族"),
        new("04", "藏族"),
        new("05", "维吾尔族"),
        new("06", "苗族"),
        new("07", "彝族"),
        new("08", "壮族"),
        new("09", "布依族"),
        new("10", "朝鲜族"),
        new("11", "满族"),
        new("12", "侗族"),
        new("13", "瑶族"),
        new("14", "白族"),
        new("15", "土家族"),
        new("16", "哈尼族"),
        new("17", "哈萨克族"),
        new("18", "傣族"),
        new("19", "黎族"),
        new("20", "傈僳族"),
        new("21", "佤族"),
        new("22", "畲族"),
        new("23", "高山族"),
        new("24", "拉祜族"),
        new("25", "水族"),
        new("26", "东乡族"),
        new("27", "纳西族"),
        new("28", "景颇族"),
        new("29", "柯尔克孜族"),
        new("30", "土族"),
        new("31", "达斡尔族"),
        new("32", "仫佬族"),
        new("33", "羌族"),
        new("34", "布朗族"),
        new("35", "撒拉族"),
        new("36", "毛南族"),
        new("37", "仡佬族"),
        new("38", "锡伯族"),
        new("39", "阿昌族"),
        new("40", "普米族"),
        new("41", "塔吉克族"),
        new("42", "怒族"),
        new("43", "乌孜别克族"),
        new("44", "俄罗斯族"),
        new("45", "鄂温克族"),
        new("46", "德昂族"),
        new("47", "保安族"),
        new("48", "裕固族"),
        new("49", "京族"),
        new("50", "塔塔尔族"),
        new("51", "独龙族"),
        new("52", "鄂伦春族"),
        new("53", "赫哲族"),
        new("54", "门巴族"),
        new("55", "珞巴族"),
        new("56", "基诺族"),
    ];

    /// <summary>Counties (区县) of Changsha whose 派出所 register households: the region code is what an ID number carries.</summary>
    public static IReadOnlyList<CodeOption> Counties { get; } =
    [
        new("430102", "长沙市芙蓉区"),
        new("430103", "长沙市天心区"),
        new("430104", "长沙市岳麓区"),
        new("430105", "长沙市开福区"),
        new("430111", "长沙市雨花区"),
        new("430112", "长沙市望城区"),
        new("430121", "长沙市长沙县"),
        new("430181", "长沙市浏阳市"),
        new("430182", "长沙市宁乡市"),
    ];

    /// <summary>与户主关系 (GB/T 4761) a newborn can hold.</summary>
    public static IReadOnlyList<CodeOption> HeadRelations { get; } =
    [
        new("20", "子"),
        new("30", "女"),
        new("41", "孙子"),
        new("42", "孙女"),
        new("43", "外孙子"),
        new("44", "外孙女"),
        new("99", "其他"),
    ];

    public static IReadOnlyList<CodeOption> SettleWith { get; } = [new("1", "随父落户"), new("2", "随母落户")];

    /// <summary>Relations that name the child's sex: 子, 孙子, 外孙子 are sons; 女, 孙女, 外孙女 daughters.</summary>
    private static readonly Dictionary<string, string> s_relationSex = new(StringComparer.Ordinal)
    {
        ["20"] = "1", ["41"] = "1", ["43"] = "1", ["30"] = "2", ["42"] = "2", ["44"] = "2",
    };

    private static ActionDefinition RegisterBirth() => new(
        "gongan.registerBirth", "户口登记（出生登记）", "户籍管理",
        [
            new("childName", "出生人姓名", FieldKind.Text),
            Codes.SexField("childSex", "性别"),
            new("birthDate", "出生日期", FieldKind.Date),
            new("birthCertificateNo", "出生医学证明编号", FieldKind.Text),
            new("ethnicity", "民族", FieldKind.Code, Options: Ethnicities),
            new("motherIdNumber", "母亲公民身份号码", FieldKind.IdNumber),
            new("fatherIdNumber", "父亲公民身份号码", FieldKind.IdNumber, Required: false),
            new("settleWith", "落户方式", FieldKind.Code, Options: SettleWith),
            new("householdCounty", "户籍所在区县", FieldKind.Code, Options: Counties),
            new("householdAddress", "户籍地址", FieldKind.Text),
            new("headName", "户主姓名", FieldKind.Text),
            new("headIdNumber", "户主公民身份号码", FieldKind.IdNumber),
            new("headRelation", "与户主关系", FieldKind.Code, Options: HeadRelations),
        ],
        [
            new("出生人信息", ["childName", "childSex", "birthDate", "birthCertificateNo", "ethnicity"]),
            new("落户信息", ["motherIdNumber", "fatherIdNumber", "settleWith", "householdCounty", "householdAddress", "headName", "headIdNumber", "headRelation"]),
        ],
        [new("childIdNumber", "公民身份号码")],
        "motherIdNumber", "childName", "childIdNumber",
        RegisterBirthAsync)
    {
        Attachments = [new("birthCertificateScan", "出生医学证明（扫描件）", ["pdf", "jpeg", "png"], 5 * 1024 * 1024)],
    };

    private static async ValueTask<ActionOutcome> RegisterBirthAsync(ActionRequest r, BusinessContext c)
    {
        var problem = await CheckNewbornAsync(r, c, except: null) ?? await CheckHouseholdAsync(r, c);
        if (problem is not null)
        {
            return ActionOutcome.Reject(problem);
        }

        if ((await c.RecordsAsync("gongan", "gongan.registerBirth", r["motherIdNumber"])).Any(x => string.Equals(x.Input("birthCertificateNo"), r["birthCertificateNo"], StringComparison.OrdinalIgnoreCase)))
        {
            return ActionOutcome.Reject("该出生医学证明已办理出生登记，不得重复登记");
        }

        // The child's number carries the region code of the county where the household is registered.
        var region = r["householdCounty"];
        var childId = await NextFreeIdNumberAsync(c, region, BusinessContext.ParseDate(r["birthDate"]), r["childSex"]);
        if (childId is null)
        {
            return ActionOutcome.Reject("当日出生登记顺序码已用尽，请联系系统管理员");
        }

        await c.Register.AddPersonAsync(new PersonEntry
        {
            IdNumber = childId, Name = r["childName"], Sex = r["childSex"], BirthDate = r["birthDate"],
            Address = r["householdAddress"], Source = "gongan",
        });
        return ActionOutcome.Issue(new Dictionary<string, string> { ["childIdNumber"] = childId });
    }

    /// <summary>
    /// What a household register insists on: the parent whose household the child joins is named; the 户主 is in the
    /// population register under that name; the relation fits the child's sex; the county is one this city registers in.
    /// </summary>
    private static async ValueTask<string?> CheckHouseholdAsync(ActionRequest r, BusinessContext c)
    {
        string[] needed = ["ethnicity", "settleWith", "householdCounty", "headName", "headIdNumber", "headRelation"];
        if (needed.Any(f => !r.Has(f)))
        {
            return "出生登记须申报民族、落户方式、户籍所在区县、户主及与户主关系";
        }

        if (r["settleWith"] == "1" && !r.Has("fatherIdNumber"))
        {
            return "随父落户须申报父亲公民身份号码";
        }

        if (!Counties.Any(o => o.Code == r["householdCounty"]))
        {
            return "户籍所在区县不在本市户籍管辖范围内";
        }

        var (head, error) = await c.VerifyPersonAsync(r["headIdNumber"], r["headName"], "户主");
        if (head is null || error is not null)
        {
            return error ?? "户主信息核验未通过";
        }

        if (s_relationSex.TryGetValue(r["headRelation"], out var sex) && sex != r["childSex"])
        {
            return "与户主关系与出生人性别不符";
        }

        return null;
    }
}
