using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using RpaRunner.Sandbox.Hosting;
using RpaRunner.Sandbox.Store;

namespace RpaRunner.Sandbox.Systems.Yibao;

/// <summary>
/// 医保 for a newborn: 新生儿参保登记 within 90 days of birth declares the year's premium (amount and 缴费单号); the
/// guardian pays it (through the tax app: here a payment notice, or the stand-in guardian after
/// <see cref="SandboxOptions.GuardianPaysAfter"/>); 缴费到账确认 then confirms the cover, or says 待缴费 while unpaid.
/// </summary>
internal static partial class YibaoSystem
{
    /// <summary>Days after birth within which a newborn is enrolled as a newborn (covered from the day of birth).</summary>
    public const int NewbornEnrolmentDays = 90;

    /// <summary>The record a payment notice leaves in 医保's store (no form, no 综窗受理编号): the guardian's payment.</summary>
    public const string PaymentNoticeAction = "yibao.premiumPaid";

    /// <summary>城乡居民医保 individual contribution of a year (元), as Changsha set it.</summary>
    public static decimal PremiumOf(int year) => year <= 2023 ? 380m : 400m;

    private static ActionDefinition EnrolNewborn() => new(
        "yibao.enrolNewborn", "新生儿参保登记（城乡居民医保）", "参保登记",
        [
            new("idNumber", "公民身份号码", FieldKind.IdNumber),
            new("name", "姓名", FieldKind.Text),
            Codes.SexField("sex", "性别"),
            new("birthDate", "出生日期", FieldKind.Date),
            new("address", "户籍地址", FieldKind.Text),
            new("guardianName", "监护人姓名", FieldKind.Text),
            new("phone", "监护人联系电话", FieldKind.Phone),
            new("year", "缴费年度", FieldKind.Integer),
        ],
        [new("参保人信息", ["idNumber", "name", "sex", "birthDate"]), new("监护人与缴费", ["address", "guardianName", "phone", "year"])],
        [new("insuredNo", "医保个人编号"), new("premiumAmount", "应缴金额（元）"), new("paymentRef", "缴费单号")],
        "idNumber", "name", "insuredNo",
        EnrolNewbornAsync);

    private static async ValueTask<ActionOutcome> EnrolNewbornAsync(ActionRequest r, BusinessContext c)
    {
        var (person, error) = await c.VerifyPersonAsync(r["idNumber"], r["name"]);
        if (error is not null)
        {
            return ActionOutcome.Reject(person is null ? "该人员未在公安户籍系统登记，不能办理参保登记" : error);
        }

        if (person!.Sex != r["sex"] || person.BirthDate != r["birthDate"])
        {
            return ActionOutcome.Reject("性别或出生日期与公民身份号码不一致");
        }

        var birth = BusinessContext.ParseDate(r["birthDate"]);
        if (c.Today.DayNumber - birth.DayNumber > NewbornEnrolmentDays)
        {
            return ActionOutcome.Reject($"出生已超过{NewbornEnrolmentDays}日，不属于新生儿参保，请按城乡居民参保登记办理");
        }

        var year = int.Parse(r["year"], CultureInfo.InvariantCulture);
        if (year < birth.Year || year > c.Today.Year + 1)
        {
            return ActionOutcome.Reject("缴费年度须为出生当年或其后的缴费期");
        }

        if (await IsInsuredAsync(c, r["idNumber"]))
        {
            return ActionOutcome.Reject("该人员已有有效参保登记，不得重复参保");
        }

        var sequence = await c.NextAsync("payment:" + c.Stamp("yyyyMMdd"));
        return ActionOutcome.Issue(new Dictionary<string, string>
        {
            ["insuredNo"] = await NextInsuredNoAsync(c),
            ["premiumAmount"] = BusinessContext.Money(PremiumOf(year)),
            ["paymentRef"] = string.Create(CultureInfo.InvariantCulture, $"JF{c.Stamp("yyyyMMdd")}{sequence:000000}"),
        });
    }

    private static ActionDefinition ConfirmPremium() => new(
        "yibao.confirmPremium", "城乡居民医保缴费到账确认", "缴费管理",
        [
            new("idNumber", "参保人公民身份号码", FieldKind.IdNumber),
            new("insuredNo", "医保个人编号", FieldKind.Text),
            new("paymentRef", "缴费单号", FieldKind.Text),
            new("premiumAmount", "应缴金额（元）", FieldKind.Decimal),
            new("birthDate", "出生日期", FieldKind.Date),
        ],
        [new("缴费信息", ["idNumber", "insuredNo", "paymentRef", "premiumAmount", "birthDate"])],
        [new("paidAmount", "实缴金额（元）"), new("effectiveDate", "待遇生效日期"), new("confirmationNo", "到账确认编号")],
        "idNumber", "insuredNo", "confirmationNo",
        ConfirmPremiumAsync);

    /// <summary>
    /// 缴费到账确认: the declaration must be this person's, with this amount; unpaid, the page says 待缴费 and nothing is
    /// stored; paid, the cover is confirmed from the day of birth (a newborn enrolled within 90 days).
    /// </summary>
    private static async ValueTask<ActionOutcome> ConfirmPremiumAsync(ActionRequest r, BusinessContext c)
    {
        var paymentRef = r["paymentRef"].ToUpperInvariant();
        var declaration = (await c.RecordsAsync("yibao", "yibao.enrolNewborn", r["idNumber"])).FirstOrDefault(x => x.Output("paymentRef") == paymentRef);
        if (declaration is null || declaration.Output("insuredNo") != r["insuredNo"])
        {
            return ActionOutcome.Reject("缴费单号与参保人不符，或无此缴费单");
        }

        if (decimal.Parse(declaration.Output("premiumAmount"), CultureInfo.InvariantCulture) != decimal.Parse(r["premiumAmount"], CultureInfo.InvariantCulture))
        {
            return ActionOutcome.Reject("应缴金额与缴费单不符");
        }

        if ((await c.RecordsAsync("yibao", "yibao.confirmPremium", r["idNumber"])).Any(x => x.Input("paymentRef") == paymentRef))
        {
            return ActionOutcome.Reject("该缴费单已确认到账，不得重复确认");
        }

        if (!await IsPaidAsync(c, declaration))
        {
            return ActionOutcome.Wait($"待缴费：缴费单 {paymentRef} 应缴 {declaration.Output("premiumAmount")} 元，监护人尚未缴纳");
        }

        var number = await c.NextAsync("premium-confirmation", 1);
        return ActionOutcome.Issue(
            new Dictionary<string, string>
            {
                ["paidAmount"] = declaration.Output("premiumAmount"),
                ["effectiveDate"] = declaration.Input("birthDate"),
                ["confirmationNo"] = string.Create(CultureInfo.InvariantCulture, $"DZQR{c.Stamp("yyyy")}{number:0000000}"),
            },
            declaration.SubjectName);
    }

    /// <summary>Paid: a payment notice for the 缴费单号 is on record, or the stand-in guardian's delay has passed since the declaration.</summary>
    private static async Task<bool> IsPaidAsync(BusinessContext c, BusinessRecord declaration)
    {
        var paymentRef = declaration.Output("paymentRef");
        if ((await c.RecordsAsync("yibao", PaymentNoticeAction, documentNo: paymentRef)).Count > 0)
        {
            return true;
        }

        return c.GuardianPaysAfter is { } delay
            && DateTimeOffset.TryParseExact(declaration.CreatedAt + " +08:00", "yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture, DateTimeStyles.None, out var declared)
            && declared + delay <= c.Now;
    }

    /// <summary>
    /// <c>POST /payments/{paymentRef}</c>: the payment notice (the guardian paid through the tax app). Kept once; the
    /// same notice again changes nothing. 404 for an unknown 缴费单号.
    /// </summary>
    private static void MapPayments(WebApplication app, SandboxRuntime runtime) =>
        app.MapPost("/payments/{paymentRef}", async (string paymentRef, CancellationToken cancellationToken) =>
        {
            paymentRef = paymentRef.Trim().ToUpperInvariant();
            var store = runtime.Stores.ForSystem("yibao");
            using (await store.LockAsync(cancellationToken))
            {
                await using var db = store.CreateContext();
                var declarations = await db.Records.AsNoTracking().Where(x => x.SystemId == "yibao" && x.ActionId == "yibao.enrolNewborn").ToListAsync(cancellationToken);
                var declaration = declarations.FirstOrDefault(x => x.Output("paymentRef") == paymentRef);
                if (declaration is null)
                {
                    return Results.NotFound(new { error = "无此缴费单" });
                }

                if (await db.Records.AnyAsync(x => x.SystemId == "yibao" && x.ActionId == PaymentNoticeAction && x.DocumentNo == paymentRef, cancellationToken))
                {
                    return Results.Ok(new { paymentRef, paid = true, repeated = true });
                }

                var now = runtime.ChinaNow;
                var sequence = await db.Sequences.FindAsync([$"payment-notice"], cancellationToken);
                if (sequence is null)
                {
                    sequence = new SequenceCounter { Name = "payment-notice", Value = 1 };
                    db.Sequences.Add(sequence);
                }
                else
                {
                    sequence.Value++;
                }

                db.Records.Add(new BusinessRecord
                {
                    SystemId = "yibao",
                    ActionId = PaymentNoticeAction,
                    ReceiptNo = string.Create(CultureInfo.InvariantCulture, $"YBJF{now:yyyyMMdd}{sequence.Value:000000}"),
                    SubjectId = declaration.SubjectId,
                    SubjectName = declaration.SubjectName,
                    DocumentNo = paymentRef,
                    InputsJson = JsonSerializer.Serialize(new Dictionary<string, string> { ["paymentRef"] = paymentRef }),
                    OutputsJson = JsonSerializer.Serialize(new Dictionary<string, string> { ["paidAmount"] = declaration.Output("premiumAmount") }),
                    CreatedAt = now.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                    Operator = "湘税社保",
                    Channel = "payment",
                });
                await db.SaveChangesAsync(cancellationToken);
                return Results.Ok(new { paymentRef, paid = true, repeated = false });
            }
        });
}
