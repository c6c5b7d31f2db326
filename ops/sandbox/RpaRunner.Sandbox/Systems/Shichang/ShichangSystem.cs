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

    /// <summary>Natural-person shareholders the online form takes (a company with more registers at the window).</summary>
    public const int MaxShareholders = 3;

    /// <summary>Years within which subscribed capital must be paid in after establishment (公司法 2023 第四十七条).</summary>
    public const int PaidInYears = 5;

    public const string Region = "430100";

    public static SystemDefinition Create() => new(
        "shichang", "市场监管", "企业登记全程电子化系统", "web", "shichang", "SCJG_SID", "SC",
        new SystemTheme("#0e7c86", "#daf0f1", "#0a5d64", "#f2f9f9", "湖南省市场监督管理局 · 企业登记全程电子化服务平台", "名称自主申报 · 设立登记"),
        [new("rpa_shichang", "Sc@rpa2025", "RPA机器人（市场监管）", true), new("sc_clerk", "Sc@clerk2025", "登记窗口人员", false)],
        [RegisterEnterprise(), DeregisterEnterprise()])
    {
        Catalogues = new Dictionary<string, object>
        {
            ["business-scope"] = BusinessScopeCatalogue.Items.Select(i => new { code = i.Code, name = i.Name, kind = i.Kind switch
            {
                ScopeItemKind.General => "一般项目",
                ScopeItemKind.Permit => "许可项目",
                _ => "前置许可项目",
            } }).ToList(),
        },
    };

    private static IEnumerable<FieldDefinition> ShareholderFields(int n) =>
    [
        new($"shareholder{n}Name", $"股东{n}姓名", FieldKind.Text, Required: n == 1),
        new($"shareholder{n}IdNumber", $"股东{n}身份证号码", FieldKind.IdNumber, Required: n == 1),
        new($"shareholder{n}Capital", $"股东{n}认缴出资额（万元）", FieldKind.Decimal, Required: n == 1),
        new($"shareholder{n}PaidInDate", $"股东{n}出资期限", FieldKind.Date, Required: n == 1),
    ];

    private static IEnumerable<string> ShareholderFieldNames(int n) => ShareholderFields(n).Select(f => f.Name);

    private static ActionDefinition RegisterEnterprise() => new(
        "shichang.registerEnterprise", "企业设立登记", "设立登记",
        [
            new("companyName", "企业名称", FieldKind.Text),
            new("companyType", "企业类型", FieldKind.Code, Options: CompanyTypes),
            new("registeredCapital", "注册资本（万元）", FieldKind.Decimal),
            new("businessScope", "经营范围", FieldKind.TextArea, Hint: "经营范围规范表述目录的条目代码或规范表述，以逗号分隔"),
            .. Enumerable.Range(1, MaxShareholders).SelectMany(ShareholderFields),
            new("address", "住所", FieldKind.Text),
            new("legalRepName", "法定代表人姓名", FieldKind.Text),
            new("legalRepIdNumber", "法定代表人身份证号码", FieldKind.IdNumber),
            new("legalRepPhone", "法定代表人联系电话", FieldKind.Mobile),
            new("supervisorName", "监事姓名", FieldKind.Text),
            new("supervisorIdNumber", "监事身份证号码", FieldKind.IdNumber),
            new("financeOfficerName", "财务负责人姓名", FieldKind.Text),
            new("financeOfficerIdNumber", "财务负责人身份证号码", FieldKind.IdNumber),
            new("liaisonName", "联络员姓名", FieldKind.Text),
            new("liaisonIdNumber", "联络员身份证号码", FieldKind.IdNumber),
            new("liaisonPhone", "联络员联系电话", FieldKind.Mobile),
        ],
        [
            new("名称与经营信息", ["companyName", "companyType", "registeredCapital", "businessScope", .. Enumerable.Range(1, MaxShareholders).SelectMany(ShareholderFieldNames)]),
            new("住所与人员", ["address", "legalRepName", "legalRepIdNumber", "legalRepPhone", "supervisorName", "supervisorIdNumber", "financeOfficerName", "financeOfficerIdNumber", "liaisonName", "liaisonIdNumber", "liaisonPhone"]),
        ],
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

        var (items, unknown) = BusinessScopeCatalogue.Parse(r["businessScope"]);
        if (unknown is not null)
        {
            return ActionOutcome.Reject($"经营范围“{unknown}”不在经营范围规范表述目录中，请按目录选择条目");
        }

        if (items.FirstOrDefault(i => i.Kind == ScopeItemKind.PriorPermit) is { } permit)
        {
            return ActionOutcome.Reject($"经营范围“{permit.Name}”属于前置许可项目，请先取得许可");
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

        var problem = await CheckShareholdersAsync(r, capital, c) ?? await CheckOfficersAsync(r, c);
        if (problem is not null)
        {
            return ActionOutcome.Reject(problem);
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

    /// <summary>
    /// The natural-person shareholders: each one whole and in the register, their subscriptions adding up to the
    /// registered capital, each paid in within five years of establishment (today); a 自然人独资 company has one.
    /// </summary>
    private static async ValueTask<string?> CheckShareholdersAsync(ActionRequest r, decimal capital, BusinessContext c)
    {
        var subscribed = 0m;
        var count = 0;
        var latest = c.Today.AddYears(PaidInYears);
        for (var n = 1; n <= MaxShareholders; n++)
        {
            var names = ShareholderFieldNames(n).ToList();
            var given = names.Count(r.Has);
            if (given == 0)
            {
                continue;
            }

            if (given < names.Count)
            {
                return $"股东{n}的姓名、身份证号码、认缴出资额和出资期限应填写完整";
            }

            var (_, error) = await c.VerifyPersonAsync(r[$"shareholder{n}IdNumber"], r[$"shareholder{n}Name"], $"股东{n}");
            if (error is not null)
            {
                return error;
            }

            if (BusinessContext.ParseDate(r[$"shareholder{n}PaidInDate"]) > latest)
            {
                return string.Create(CultureInfo.InvariantCulture, $"股东{n}的出资期限超过自公司成立之日起{PaidInYears}年（应不晚于{latest:yyyy年M月d日}），不符合公司法第四十七条");
            }

            subscribed += decimal.Parse(r[$"shareholder{n}Capital"], CultureInfo.InvariantCulture);
            count++;
        }

        if (count == 0)
        {
            return "应至少填写一名股东及其认缴出资";
        }

        if (r["companyType"] == "1151" && count != 1)
        {
            return "有限责任公司（自然人独资）只能有一名自然人股东";
        }

        return subscribed != capital
            ? string.Create(CultureInfo.InvariantCulture, $"全体股东认缴出资额合计（{subscribed:0.####}万元）与注册资本（{capital:0.####}万元）不一致")
            : null;
    }

    /// <summary>监事, 财务负责人 and 联络员 are in the register; a supervisor is neither the legal representative nor the finance officer.</summary>
    private static async ValueTask<string?> CheckOfficersAsync(ActionRequest r, BusinessContext c)
    {
        foreach (var (prefix, who) in new[] { ("supervisor", "监事"), ("financeOfficer", "财务负责人"), ("liaison", "联络员") })
        {
            var (_, error) = await c.VerifyPersonAsync(r[prefix + "IdNumber"], r[prefix + "Name"], who);
            if (error is not null)
            {
                return error;
            }
        }

        return r["supervisorIdNumber"] == r["legalRepIdNumber"] || r["supervisorIdNumber"] == r["financeOfficerIdNumber"]
            ? "董事、高级管理人员不得兼任监事：监事不能由法定代表人或财务负责人担任"
            : null;
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
