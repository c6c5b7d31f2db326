using System.Globalization;

namespace RpaRunner.Sandbox.Systems.Shuiwu;

/// <summary>税务 (电子税务局): resident medical premium collection, new-taxpayer setup with invoices.</summary>
internal static partial class ShuiwuSystem
{
    /// <summary>Individual contribution of urban and rural residents per year (yuan; sandbox table, by year).</summary>
    public static IReadOnlyDictionary<int, decimal> ResidentPremium { get; } = new Dictionary<int, decimal>
    {
        [2023] = 380m, [2024] = 400m, [2025] = 400m, [2026] = 400m, [2027] = 420m,
    };

    /// <summary>
    /// The highest initial credit limit (授信额度: the total amount of 全面数字化的电子发票 it may issue a month, yuan) a
    /// new taxpayer is granted before it has a record (sandbox figure); a larger limit is applied for later.
    /// </summary>
    public const decimal NewTaxpayerCreditLimitCap = 1_000_000m;

    /// <summary>What the new taxpayer issues: 数电普票 only, or 数电专票 as well.</summary>
    public static IReadOnlyList<CodeOption> InvoiceKinds { get; } =
    [
        new("02", "数电普票", "普通发票"),
        new("01,02", "数电专票、数电普票", "专用发票和普通发票"),
    ];

    /// <summary>The refusal a robot gets while the legal representative's face is not checked: a person must arrange it.</summary>
    public const string FaceCheckRefusal = "需法定代表人人脸识别：法定代表人尚未完成实名认证，请法定代表人扫码刷脸或到办税服务厅现场核验后再办理";

    public static SystemDefinition Create() => new(
        "shuiwu", "税务", "电子税务局", "web", "shuiwu", "ETAX_SESSION", "SW",
        new SystemTheme("#b5121b", "#fbe3e4", "#8e0e15", "#fbf5f5", "国家税务总局湖南省电子税务局", "我要办税 · 社保费缴纳 · 发票使用"),
        [new("rpa_shuiwu", "Sw@rpa2025", "RPA机器人（税务）", true), new("sw_clerk", "Sw@clerk2025", "办税服务厅人员", false)],
        [PayPremium(), SetupTaxpayer(), DeregisterTaxpayer()]);

    private static ActionDefinition PayPremium() => new(
        "shuiwu.payResidentMedicalPremium", "医保参保缴费（城乡居民）", "社保费缴纳",
        [
            new("idNumber", "缴费人身份证件号码", FieldKind.IdNumber),
            new("name", "缴费人姓名", FieldKind.Text),
            new("insuredNo", "医保个人编号", FieldKind.Text),
            new("year", "缴费年度", FieldKind.Integer),
        ],
        [new("缴费人信息", ["idNumber", "name"]), new("缴费信息", ["insuredNo", "year"])],
        [new("taxReceiptNo", "完税凭证号"), new("amount", "缴费金额（元）")],
        "idNumber", "name", "taxReceiptNo",
        PayPremiumAsync);

    private static async ValueTask<ActionOutcome> PayPremiumAsync(ActionRequest r, BusinessContext c)
    {
        var (_, error) = await c.VerifyPersonAsync(r["idNumber"], r["name"]);
        if (error is not null)
        {
            return ActionOutcome.Reject(error);
        }

        var enrolments = await c.RecordsAsync("yibao", "yibao.enrolResident", r["idNumber"]);
        if (!enrolments.Any(e => e.Output("insuredNo") == r["insuredNo"]))
        {
            return ActionOutcome.Reject("未查询到该缴费人的城乡居民医保参保登记信息（医保共享数据）");
        }

        var year = int.Parse(r["year"], CultureInfo.InvariantCulture);
        var current = c.Today.Year;
        if (year != current && year != current + 1)
        {
            return ActionOutcome.Reject($"{year}年度不在征缴期内，只能缴纳{current}或{current + 1}年度");
        }

        if (!ResidentPremium.TryGetValue(year, out var amount))
        {
            return ActionOutcome.Reject($"{year}年度缴费标准尚未核定");
        }

        var paid = await c.RecordsAsync("shuiwu", "shuiwu.payResidentMedicalPremium", r["idNumber"]);
        if (paid.Any(p => p.Input("year") == r["year"]))
        {
            return ActionOutcome.Reject($"该缴费人{year}年度城乡居民医保费已缴纳");
        }

        var number = await c.NextAsync("taxReceipt", 1);
        return ActionOutcome.Issue(new Dictionary<string, string>
        {
            ["taxReceiptNo"] = string.Create(CultureInfo.InvariantCulture, $"343016{c.Stamp("yyMMdd")}{number:00000000}"),
            ["amount"] = BusinessContext.Money(amount),
        });
    }

    private static ActionDefinition SetupTaxpayer() => new(
        "shuiwu.setupTaxpayerAndInvoices", "新办纳税人套餐（税务登记、数电发票票种核定）", "新办纳税人",
        [
            new("creditCode", "统一社会信用代码", FieldKind.CreditCode),
            new("companyName", "纳税人名称", FieldKind.Text),
            new("legalRepName", "法定代表人姓名", FieldKind.Text),
            new("legalRepIdNumber", "法定代表人身份证件号码", FieldKind.IdNumber),
            new("financeOfficerName", "财务负责人姓名", FieldKind.Text),
            new("financeOfficerIdNumber", "财务负责人身份证件号码", FieldKind.IdNumber),
            new("invoiceKinds", "发票票种", FieldKind.Code, Options: InvoiceKinds),
            new("creditLimit", "申请授信额度（元）", FieldKind.Decimal),
        ],
        [new("登记信息", ["creditCode", "companyName", "legalRepName", "legalRepIdNumber", "financeOfficerName", "financeOfficerIdNumber"]), new("数电发票", ["invoiceKinds", "creditLimit"])],
        [new("taxpayerNo", "纳税人识别号"), new("invoiceApprovalNo", "发票核定编号")],
        "creditCode", "companyName", "taxpayerNo",
        SetupTaxpayerAsync);

    private static async ValueTask<ActionOutcome> SetupTaxpayerAsync(ActionRequest r, BusinessContext c)
    {
        var (enterprise, error) = await c.VerifyEnterpriseAsync(r["creditCode"], r["companyName"]);
        if (error is not null)
        {
            return ActionOutcome.Reject(error);
        }

        if (enterprise!.LegalRepIdNumber != r["legalRepIdNumber"] || enterprise.LegalRepName != r["legalRepName"])
        {
            return ActionOutcome.Reject("法定代表人信息与市场监管部门登记信息不一致");
        }

        var (_, officerError) = await c.VerifyPersonAsync(r["financeOfficerIdNumber"], r["financeOfficerName"], "财务负责人");
        if (officerError is not null)
        {
            return ActionOutcome.Reject(officerError);
        }

        var limit = decimal.Parse(r["creditLimit"], CultureInfo.InvariantCulture);
        if (limit <= 0 || limit > NewTaxpayerCreditLimitCap)
        {
            return ActionOutcome.Reject(string.Create(CultureInfo.InvariantCulture,
                $"新办纳税人初始授信额度应大于0且不超过{NewTaxpayerCreditLimitCap:0}元，使用后可申请调整"));
        }

        // 实名认证: a robot cannot show the legal representative's face; a clerk at the hall checks it in person.
        if (c.Quirks.FaceCheck && c.System.Accounts.Any(a => a.Robot && a.Username == r.Operator))
        {
            return ActionOutcome.Reject(FaceCheckRefusal);
        }

        if ((await c.RecordsAsync("shuiwu", "shuiwu.setupTaxpayerAndInvoices", r["creditCode"])).Count > 0)
        {
            return ActionOutcome.Reject("该纳税人已办理新办纳税人登记");
        }

        var number = await c.NextAsync("invoiceApproval", 1);
        return ActionOutcome.Issue(new Dictionary<string, string>
        {
            // For an enterprise the taxpayer identification number is its unified social credit code.
            ["taxpayerNo"] = r["creditCode"],
            ["invoiceApprovalNo"] = string.Create(CultureInfo.InvariantCulture, $"FPHD{c.Stamp("yyyyMMdd")}{number:00000}"),
        });
    }
}
