using System.Globalization;
using RpaRunner.Sandbox.Identifiers;
using RpaRunner.Sandbox.Store;

namespace RpaRunner.Sandbox.Systems.Gongan;

/// <summary>公安: household registration of newborns (issues the 公民身份号码) and seal-engraving filing.</summary>
internal static partial class GonganSystem
{
    public static IReadOnlyList<CodeOption> SealTypes { get; } =
    [
        new("01", "单位公章"),
        new("02", "财务专用章"),
        new("03", "发票专用章"),
        new("04", "合同专用章"),
        new("05", "法定代表人名章"),
    ];

    public static SystemDefinition Create() => new(
        "gongan", "公安", "公安人口与治安管理系统", "web", "gongan", "GA_SID", "GA",
        new SystemTheme("#1f3c88", "#dfe6f7", "#14296b", "#eef1f8", "公安人口与治安管理信息系统", "户籍管理 · 特种行业（印章）管理"),
        [new("rpa_gongan", "Ga@rpa2025", "RPA机器人（公安）", true), new("ga_clerk", "Ga@clerk2025", "户籍窗口民警", false)],
        [RegisterNewborn(), RegisterBirth(), FileSealEngraving(), AmendNewbornRegistration(), CancelHouseholdOnDeath()]);

    /// <summary>更正原因 of the 户口登记项目更正申请表.</summary>
    public static IReadOnlyList<CodeOption> AmendmentReasons { get; } =
    [
        new("1", "出生医学证明信息更正"),
        new("2", "申报登记差错"),
        new("9", "其他"),
    ];

    private static ActionDefinition RegisterNewborn() => new(
        "gongan.registerNewborn", "户口登记（出生）", "户籍管理",
        [
            new("childName", "出生人姓名", FieldKind.Text),
            Codes.SexField("childSex", "性别"),
            new("birthDate", "出生日期", FieldKind.Date),
            new("birthCertificateNo", "出生医学证明编号", FieldKind.Text),
            new("motherIdNumber", "母亲公民身份号码", FieldKind.IdNumber),
            new("fatherIdNumber", "父亲公民身份号码", FieldKind.IdNumber, Required: false),
            new("householdAddress", "户籍地址", FieldKind.Text),
        ],
        [new("出生人信息", ["childName", "childSex", "birthDate", "birthCertificateNo"]), new("落户信息", ["motherIdNumber", "fatherIdNumber", "householdAddress"])],
        [new("childIdNumber", "公民身份号码")],
        "motherIdNumber", "childName", "childIdNumber",
        RegisterNewbornAsync)
    {
        // The certificate's scan may follow later (容缺), so the form takes it but does not insist.
        Attachments = [new("birthCertificateScan", "出生医学证明（扫描件）", ["pdf", "jpeg", "png"], 5 * 1024 * 1024)],
    };

    private static async ValueTask<ActionOutcome> RegisterNewbornAsync(ActionRequest r, BusinessContext c)
    {
        var problem = await CheckNewbornAsync(r, c, except: null);
        if (problem is not null)
        {
            return ActionOutcome.Reject(problem);
        }

        // The child is registered where the mother's household is: her ID's region code.
        var mother = await c.Register.FindPersonAsync(r["motherIdNumber"]);
        var region = mother!.IdNumber[..6];
        var birth = BusinessContext.ParseDate(r["birthDate"]);
        var childId = await NextFreeIdNumberAsync(c, region, birth, r["childSex"]);
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
    /// 户口登记 must match the 出生医学证明 as 卫健 holds it now, once per certificate, with parents in the register;
    /// when issuing and when corrected (<paramref name="except"/>: the record being corrected).
    /// </summary>
    private static async ValueTask<string?> CheckNewbornAsync(ActionRequest r, BusinessContext c, long? except)
    {
        var certificateNo = r["birthCertificateNo"].ToUpperInvariant();
        var certificate = (await c.RecordsAsync("weijian", "weijian.issueBirthCertificate", documentNo: certificateNo)).FirstOrDefault();
        if (certificate is null)
        {
            return "出生医学证明核验未通过：卫健部门无此证明编号";
        }

        if (certificate.Input("childName") != r["childName"] || certificate.Input("childSex") != r["childSex"]
            || certificate.Input("birthDate") != r["birthDate"] || certificate.Input("motherIdNumber") != r["motherIdNumber"])
        {
            return "申报信息与出生医学证明不一致（姓名、性别、出生日期或母亲身份证号码）";
        }

        if ((await c.RecordsAsync("gongan", "gongan.registerNewborn", r["motherIdNumber"])).Any(x => x.Id != except && x.Input("birthCertificateNo") == certificateNo))
        {
            return "该出生医学证明已办理出生登记，不得重复登记";
        }

        if (await c.Register.FindPersonAsync(r["motherIdNumber"]) is null)
        {
            return "母亲公民身份号码在人口信息库中不存在";
        }

        if (r.Has("fatherIdNumber") && await c.Register.FindPersonAsync(r["fatherIdNumber"]) is null)
        {
            return "父亲公民身份号码在人口信息库中不存在";
        }

        return null;
    }

    private static ActionDefinition AmendNewbornRegistration()
    {
        var register = RegisterNewborn();
        return new(
            "gongan.amendNewbornRegistration", "户口登记项目更正", register.MenuGroup,
            [.. register.Fields, new("childIdNumber", "公民身份号码", FieldKind.IdNumber)],
            [new("户籍信息", ["childIdNumber"]), .. register.Pages],
            register.Outputs, register.SubjectField, register.SubjectNameField, register.DocumentOutput,
            AmendNewbornAsync)
        {
            Amends = register.Id,
            AmendmentStyle = AmendmentStyle.LookupThenFramedApplication,
            AmendmentReasons = AmendmentReasons,
        };
    }

    /// <summary>
    /// 户口登记项目更正: the same rules as registering. A corrected birth date or sex needs a 公民身份号码 that agrees
    /// with them, so a new one is issued (same region code) and the old one is kept in the history; otherwise the
    /// number stays. The register entry of the child follows.
    /// </summary>
    private static async ValueTask<ActionOutcome> AmendNewbornAsync(ActionRequest r, BusinessContext c)
    {
        var record = r.Existing!;
        var current = record.DocumentNo ?? record.Output("childIdNumber");
        if (r["childIdNumber"] != current && !record.FormerOutputs("childIdNumber").Contains(r["childIdNumber"]))
        {
            return ActionOutcome.Reject("公民身份号码与待更正的户口登记记录不符");
        }

        var problem = await CheckNewbornAsync(r, c, except: record.Id);
        if (problem is not null)
        {
            return ActionOutcome.Reject(problem);
        }

        var childId = current;
        if (record.Input("childSex") != r["childSex"] || record.Input("birthDate") != r["birthDate"])
        {
            var reissued = await NextFreeIdNumberAsync(c, current[..6], BusinessContext.ParseDate(r["birthDate"]), r["childSex"]);
            if (reissued is null)
            {
                return ActionOutcome.Reject("当日出生登记顺序码已用尽，请联系系统管理员");
            }

            childId = reissued;
        }

        await c.Register.ReplacePersonAsync(current, new PersonEntry
        {
            IdNumber = childId, Name = r["childName"], Sex = r["childSex"], BirthDate = r["birthDate"],
            Address = r["householdAddress"], Source = "gongan",
        });
        return ActionOutcome.Issue(new Dictionary<string, string> { ["childIdNumber"] = childId });
    }

    /// <summary>The lowest unused sequence for the region and day whose parity gives the sex (odd = male).</summary>
    private static async Task<string?> NextFreeIdNumberAsync(BusinessContext c, string region, DateOnly birth, string sex)
    {
        var prefix = region + birth.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var taken = (await c.Register.ListPersonsAsync(null)).Select(p => p.IdNumber).Where(id => id.StartsWith(prefix, StringComparison.Ordinal)).ToHashSet();
        for (var sequence = sex == "1" ? 1 : 2; sequence <= 999; sequence += 2)
        {
            var candidate = CitizenIdNumber.Compose(region, birth, sequence);
            if (!taken.Contains(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static ActionDefinition FileSealEngraving() => new(
        "gongan.fileSealEngraving", "公章刻制备案", "印章治安管理",
        [
            new("creditCode", "统一社会信用代码", FieldKind.CreditCode),
            new("companyName", "单位名称", FieldKind.Text),
            new("legalRepName", "法定代表人姓名", FieldKind.Text),
            new("legalRepIdNumber", "法定代表人身份证号码", FieldKind.IdNumber),
            new("sealTypes", "印章类型", FieldKind.MultiCode, Options: SealTypes),
        ],
        [new("单位信息", ["creditCode", "companyName", "legalRepName", "legalRepIdNumber"]), new("印章信息", ["sealTypes"])],
        [new("sealFilingNo", "印章备案编号")],
        "creditCode", "companyName", "sealFilingNo",
        FileSealAsync);

    private static async ValueTask<ActionOutcome> FileSealAsync(ActionRequest r, BusinessContext c)
    {
        var (enterprise, error) = await c.VerifyEnterpriseAsync(r["creditCode"], r["companyName"]);
        if (error is not null)
        {
            return ActionOutcome.Reject(error);
        }

        if (enterprise!.LegalRepIdNumber != r["legalRepIdNumber"] || enterprise.LegalRepName != r["legalRepName"])
        {
            return ActionOutcome.Reject("法定代表人信息与市场主体登记信息不一致");
        }

        if (!r["sealTypes"].Split(',').Contains("01"))
        {
            return ActionOutcome.Reject("首次刻制印章须包含单位公章");
        }

        var number = await c.NextAsync("seal", 1);
        return ActionOutcome.Issue(new Dictionary<string, string>
        {
            ["sealFilingNo"] = string.Create(CultureInfo.InvariantCulture, $"YZBA{c.Stamp("yyyy")}{number:0000000}"),
        });
    }
}
