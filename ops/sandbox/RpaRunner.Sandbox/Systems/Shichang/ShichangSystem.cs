using System.Globalization;
using RpaRunner.Sandbox.Identifiers;
using RpaRunner.Sandbox.Store;

namespace RpaRunner.Sandbox.Systems.Shichang;

/// <summary>市场监管: enterprise establishment registration; issues the unified social credit code.</summary>
internal static partial class ShichangSystem
{
    public static IReadOnlyList<CodeOption> CompanyTypes { get; } =
    [
        new("1151", "有限责任公司（自然人独资）"),
        new("1130", "有限责任公司（自然人投资或控股）"),
        new("1200", "股份有限公司"),
        new("4540", "个人独资企业"),
        new("4530", "合伙企业"),
    ];

    /// <summary>Words a name may only carry with State Council approval (企业名称登记管理规定).</summary>
    public static IReadOnlyList<string> RestrictedNameWords { get; } = ["中国", "中华", "全国", "国家", "国际"];

    /// <summary>Business scope items that need a prior permit this counter cannot grant.</summary>
    public static IReadOnlyList<string> PermitOnlyScope { get; } = ["吸收公众存款", "发放贷款", "证券经纪", "民用枪支"];

    public const string Region = "430100";

    public static SystemDefinition Create() => new(
        "shichang", "市场监管", "企业登记全程电子化系统", "web", "shichang", "SCJG_SID", "SC",
        new SystemTheme("#0e7c86", "#daf0f1", "#0a5d64", "#f2f9f9", "湖南省市场监督管理局 · 企业登记全程电子化服务平台", "名称自主申报 · 设立登记"),
        [new("rpa_shichang", "Sc@rpa2025", "RPA机器人（市场监管）", true), new("sc_clerk", "Sc@clerk2025", "登记窗口人员", false)],
        [RegisterEnterprise(), DeregisterEnterprise()]);

    private static ActionDefinition RegisterEnterprise() => new(
        "shichang.registerEnterprise", "企业设立登记", "设立登记",
        [
            new("companyName", "企业名称", FieldKind.Text),
            new("companyType", "企业类型", FieldKind.Code, Options: CompanyTypes),
            new("registeredCapital", "注册资本（万元）", FieldKind.Decimal),
            new("businessScope", "经营范围", FieldKind.TextArea),
            new("address", "住所", FieldKind.Text),
            new("legalRepName", "法定代表人姓名", FieldKind.Text),
            new("legalRepIdNumber", "法定代表人身份证号码", FieldKind.IdNumber),
            new("legalRepPhone", "法定代表人联系电话", FieldKind.Mobile),
        ],
        [new("名称与经营信息", ["companyName", "companyType", "registeredCapital", "businessScope"]), new("住所与法定代表人", ["address", "legalRepName", "legalRepIdNumber", "legalRepPhone"])],
        [new("creditCode", "统一社会信用代码"), new("registrationNo", "注册号")],
        "legalRepIdNumber", "companyName", "creditCode",
        RegisterAsync)
    {
        // 章程 and 住所证明 may follow later (容缺, 告知承诺), so the form takes them but does not insist.
        Attachments =
        [
            new("articles", "公司章程", ["pdf"], 5 * 1024 * 1024),
            new("premisesProof", "住所（经营场所）证明", ["pdf", "jpeg", "png"], 5 * 1024 * 1024),
        ],

        // The name check (名称自主申报查重) runs as soon as the first page is left, as on the real platform.
        PageCheck = async (page, values, c) => page == 0 && values.TryGetValue("companyName", out var name) && values.TryGetValue("companyType", out var type)
            ? await CheckNameAsync(name, type, c)
            : null,
    };

    public static async ValueTask<string?> CheckNameAsync(string name, string type, BusinessContext c)
    {
        if (name.Length < 6)
        {
            return "企业名称过短：应由行政区划、字号、行业、组织形式组成";
        }

        var restricted = RestrictedNameWords.FirstOrDefault(w => name.Contains(w, StringComparison.Ordinal));
        if (restricted is not null)
        {
            return $"企业名称含有限制性用语“{restricted}”，须经国务院批准，不予自主申报";
        }

        var suffixOk = type switch
        {
            "1151" or "1130" => name.EndsWith("有限公司", StringComparison.Ordinal) || name.EndsWith("有限责任公司", StringComparison.Ordinal),
            "1200" => name.EndsWith("股份有限公司", StringComparison.Ordinal),
            _ => !name.EndsWith("公司", StringComparison.Ordinal),
        };
        if (!suffixOk)
        {
            return "企业名称的组织形式与企业类型不符";
        }

        return await c.Register.FindEnterpriseByNameAsync(name) is not null ? $"企业名称“{name}”已被占用，请更换字号" : null;
    }

    private static async ValueTask<ActionOutcome> RegisterAsync(ActionRequest r, BusinessContext c)
    {
        var nameProblem = await CheckNameAsync(r["companyName"], r["companyType"], c);
        if (nameProblem is not null)
        {
            return ActionOutcome.Reject(nameProblem);
        }

        var capital = decimal.Parse(r["registeredCapital"], CultureInfo.InvariantCulture);
        if (capital > 1_000_000m)
        {
            return ActionOutcome.Reject("注册资本超出本系统登记范围，请到窗口办理");
        }

        var scope = r["businessScope"];
        var permit = PermitOnlyScope.FirstOrDefault(s => scope.Contains(s, StringComparison.Ordinal));
        if (permit is not null)
        {
            return ActionOutcome.Reject($"经营范围“{permit}”属于前置许可项目，请先取得许可");
        }

        var (person, error) = await c.VerifyPersonAsync(r["legalRepIdNumber"], r["legalRepName"], "法定代表人");
        if (error is not null)
        {
            return ActionOutcome.Reject(error);
        }

        if (BusinessContext.AgeOn(BusinessContext.ParseDate(person!.BirthDate), c.Today) < 18)
        {
            return ActionOutcome.Reject("法定代表人应为完全民事行为能力人（年满18周岁）");
        }

        var sequence = await c.NextAsync("enterprise", 100001);
        var organisationBody = "MA4" + ToBase31(sequence, 5);
        var creditCode = CreditCode.Compose(Region, organisationBody);
        var first14 = string.Create(CultureInfo.InvariantCulture, $"{Region}{sequence:00000000}");
        var registrationNo = first14 + RegistrationNumber.CheckDigit(first14);
        await c.Register.AddEnterpriseAsync(new EnterpriseEntry
        {
            CreditCode = creditCode, Name = r["companyName"], CompanyType = r["companyType"], RegisteredCapital = r["registeredCapital"],
            Address = r["address"], LegalRepName = r["legalRepName"], LegalRepIdNumber = r["legalRepIdNumber"],
            RegistrationNo = registrationNo, Source = "shichang",
        });
        return ActionOutcome.Issue(new Dictionary<string, string> { ["creditCode"] = creditCode, ["registrationNo"] = registrationNo });
    }

    /// <summary>Organisation-code body characters: digits and letters of the GB 32100 set.</summary>
    private static string ToBase31(long value, int width)
    {
        var chars = new char[width];
        for (var i = width - 1; i >= 0; i--)
        {
            chars[i] = CreditCode.Charset[(int)(value % 31)];
            value /= 31;
        }

        return new string(chars);
    }
}
