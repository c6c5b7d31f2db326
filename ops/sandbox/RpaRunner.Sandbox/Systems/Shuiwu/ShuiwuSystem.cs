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

    /// <summary>Monthly cap of special VAT invoices for a new taxpayer before its credit rating.</summary>
    public const int NewTaxpayerSpecialInvoiceCap = 25;

    public static IReadOnlyList<CodeOption> InvoiceTypes { get; } =
    [
        new("01", "增值税专用发票", "专票"),
        new("02", "增值税普通发票", "普票"),
        new("03", "电子发票（全面数字化）", "数电发票", "全电发票"),
    ];

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
        "shuiwu.setupTaxpayerAndInvoices", "新办纳税人套餐（税务登记、发票领用）", "新办纳税人",
        [
            new("creditCode", "统一社会信用代码", FieldKind.CreditCode),
            new("companyName", "纳税人名称", FieldKind.Text),
            new("legalRepName", "法定代表人姓名", FieldKind.Text),
            new("legalRepIdNumber", "法定代表人身份证件号码", FieldKind.IdNumber),
            new("invoiceType", "发票种类", FieldKind.Code, Options: InvoiceTypes),
            new("invoiceQuantity", "领用数量（份）", FieldKind.Integer),
        ],
        [new("登记信息", ["creditCode", "companyName", "legalRepName", "legalRepIdNumber"]), new("发票领用", ["invoiceType", "invoiceQuantity"])],
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

        var quantity = int.Parse(r["invoiceQuantity"], CultureInfo.InvariantCulture);
        if (quantity < 1 || quantity > 100)
        {
            return ActionOutcome.Reject("领用数量应在1至100份之间");
        }

        if (r["invoiceType"] == "01" && quantity > NewTaxpayerSpecialInvoiceCap)
        {
            return ActionOutcome.Reject($"新办纳税人增值税专用发票每月领用数量不得超过{NewTaxpayerSpecialInvoiceCap}份");
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
