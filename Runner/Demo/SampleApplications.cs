using System.Globalization;
using System.Text.Json.Nodes;
using RpaRunner.Workflows.Forms;

namespace RpaRunner.Runner.Demo;

/// <summary>
/// Valid, varied unified forms for the shipped bundles: what a clerk would type at the window.
/// Used by the demo, the batch examples, tests and benchmarks. Every ID number carries a correct check
/// character and agrees with the birth date and sex around it.
/// </summary>
public static class SampleApplications
{
    private static readonly string[] s_surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴", "欧阳", "徐"];
    private static readonly string[] s_given = ["子涵", "浩然", "欣怡", "宇轩", "梓萱", "俊杰", "雨桐", "明轩", "思远", "佳怡", "晨曦", "一诺"];
    private const string Region = "430102";

    public static JsonObject For(string bundleId, int index, DateOnly today) => bundleId switch
    {
        "newborn" => Newborn(index, today),
        "retirement" => Retirement(index, today),
        "company-setup" => CompanySetup(index, today),
        "hiring" => Hiring(index, today),
        "deregistration" => Deregistration(index, today),
        "after-death" => AfterDeath(index, today),
        "social-insurance" => SocialInsurance(index, today),
        _ => throw new ArgumentException($"No sample application for bundle '{bundleId}'.", nameof(bundleId)),
    };

    /// <summary>Changsha's counties of household registration (the region code the child's ID number takes) with a street in each.</summary>
    private static readonly (string Code, string Address)[] s_counties =
    [
        ("430102", "湖南省长沙市芙蓉区五一大道"), ("430103", "湖南省长沙市天心区书院路"), ("430104", "湖南省长沙市岳麓区麓山南路"),
        ("430105", "湖南省长沙市开福区湘江中路"), ("430111", "湖南省长沙市雨花区韶山中路"),
    ];

    /// <summary>民族 (GB 3304 codes) of the samples: mostly 汉族, now and then 土家族, 苗族, 侗族 or 瑶族, as in Hunan.</summary>
    private static readonly string[] s_ethnicities = ["01", "01", "01", "15", "01", "06", "01", "12", "01", "13"];

    /// <summary>
    /// 新生儿出生: within 90 days of birth (the newborn's medical insurance window); the child joins the mother's household
    /// (she is its 户主) on even indexes and the father's on odd ones, in one of five counties of Changsha.
    /// </summary>
    public static JsonObject Newborn(int index, DateOnly today)
    {
        var childBirth = today.AddDays(-(3 + (index % 40)));
        var childSex = index % 2 == 0 ? "1" : "2";
        var motherBirth = new DateOnly(1990 + (index % 7), 1 + (index % 12), 1 + (index % 27));
        var fatherBirth = motherBirth.AddYears(-2).AddDays(17);
        var mother = new JsonObject { ["name"] = Name(index, 1), ["idNumber"] = IdNumber(motherBirth, male: false, index), ["phone"] = Mobile(index) };
        var father = new JsonObject { ["name"] = Name(index, 2), ["idNumber"] = IdNumber(fatherBirth, male: true, index + 1) };
        var withFather = index % 2 == 1;
        var head = withFather ? father : mother;
        var (county, street) = s_counties[index % s_counties.Length];
        var address = $"{street}{100 + index}号";
        return new JsonObject
        {
            ["child"] = new JsonObject
            {
                ["name"] = Name(index, 0), ["sex"] = childSex, ["birthDate"] = Iso(childBirth), ["birthPlace"] = "湖南省妇幼保健院",
                ["ethnicity"] = s_ethnicities[index % s_ethnicities.Length],
            },
            ["mother"] = mother,
            ["father"] = father,
            ["household"] = new JsonObject
            {
                ["settleWith"] = withFather ? "1" : "2", ["county"] = county, ["address"] = address,
                ["headName"] = head["name"]!.GetValue<string>(), ["headIdNumber"] = head["idNumber"]!.GetValue<string>(),
                ["headRelation"] = childSex == "1" ? "20" : "30", ["mailingAddress"] = address,
            },
            ["insurance"] = new JsonObject { ["year"] = childBirth.Year },
        };
    }

    /// <summary>
    /// The same application on version 1 of 新生儿出生, for cases pinned to it: without version 2's ethnicity and household
    /// registration (户主, relation, county, 随父/随母), which version 1's form does not have.
    /// </summary>
    public static JsonObject AsNewbornVersion1(JsonObject form)
    {
        var copy = form.DeepClone().AsObject();
        copy["child"]!.AsObject().Remove("ethnicity");
        var household = copy["household"]!.AsObject();
        foreach (var field in new[] { "settleWith", "county", "headName", "headIdNumber", "headRelation" })
        {
            household.Remove(field);
        }

        return copy;
    }

    /// <summary>
    /// 退休 (version 2): the contribution years are not typed (人社 certifies them); most applicants retire at their
    /// statutory age, every fourth defers by agreement to six months after it (弹性延迟退休).
    /// </summary>
    public static JsonObject Retirement(int index, DateOnly today)
    {
        var form = RetirementVersion1(index, today);
        var applicant = form["applicant"]!.AsObject();
        applicant.Remove("contributionYears");
        var male = applicant["sex"]!.GetValue<string>() == "1";
        _ = CitizenIdNumber.TryParse(applicant["idNumber"]!.GetValue<string>(), out var id, out _);
        var retirement = new JsonObject { ["kind"] = "1" };
        if (index % 4 == 3)
        {
            var window = RetirementAge.WindowFor(RetirementAge.GroupOf(male, applicant["personType"]!.GetValue<string>() == "1"), id.BirthDate);
            retirement["kind"] = "3";
            retirement["date"] = Iso(window.StatutoryDate.AddMonths(6));
        }

        form["retirement"] = retirement;
        return form;
    }

    /// <summary>退休 as the first version of the bundle asks for it: the applicant types the contribution years.</summary>
    public static JsonObject RetirementVersion1(int index, DateOnly today)
    {
        var male = index % 3 != 2;
        var birth = male ? today.AddYears(-61).AddDays(-(index % 200)) : today.AddYears(-56).AddDays(-(index % 200));
        var holdsCertificate = index % 2 == 0;
        var onlyChild = new JsonObject { ["hasCertificate"] = holdsCertificate };
        if (holdsCertificate)
        {
            onlyChild["certificateNo"] = $"HN-DS-{19800 + index}";
        }

        return new JsonObject
        {
            ["applicant"] = new JsonObject
            {
                ["name"] = Name(index, 3), ["idNumber"] = IdNumber(birth, male, index), ["sex"] = male ? "1" : "2", ["phone"] = Mobile(index + 7),
                ["personType"] = male ? "2" : "1", ["contributionYears"] = 25 + (index % 15),
            },
            ["bank"] = new JsonObject { ["cardNo"] = BankCardNumber(index), ["bankName"] = "中国工商银行长沙分行" },
            ["onlyChild"] = onlyChild,
        };
    }

    /// <summary>
    /// 企业开办: the legal representative is the first shareholder; every other case has a second shareholder subscribing
    /// 40 (万元); capital paid in within three to five years; supervisor, finance officer and liaison are other people.
    /// The people's birth years lie in separate bands, so no two roles share an ID number.
    /// </summary>
    public static JsonObject CompanySetup(int index, DateOnly today)
    {
        var legalBirth = today.AddYears(-(30 + (index % 20))).AddDays(-index);
        string[] trades = ["星城", "湘江", "岳麓", "橘洲", "麓谷", "天心"];
        string[] industries = ["智能科技", "数据服务", "文化传媒", "商贸", "软件开发", "餐饮管理"];
        var capital = 100 + index;
        var legalRep = new JsonObject { ["name"] = Name(index, 4), ["idNumber"] = IdNumber(legalBirth, index % 2 == 0, index), ["phone"] = Mobile(index + 3) };
        var paidIn = Iso(today.AddYears(index % 2 == 0 ? 3 : 5).AddDays(-30));
        var secondShareholder = index % 2 == 0;
        var form = new JsonObject
        {
            ["company"] = new JsonObject
            {
                ["name"] = $"长沙{trades[index % trades.Length]}{ChineseNumber(index)}{industries[index % industries.Length]}有限公司",
                ["type"] = "1130", ["registeredCapital"] = capital,
                ["businessScope"] = "1040101,1040102,1040103", ["address"] = $"湖南省长沙市岳麓区麓谷大道{600 + index}号",
            },
            ["shareholder1"] = new JsonObject
            {
                ["name"] = legalRep["name"]!.GetValue<string>(), ["idNumber"] = legalRep["idNumber"]!.GetValue<string>(),
                ["subscribedCapital"] = secondShareholder ? capital - 40 : capital, ["paidInDate"] = paidIn,
            },
            ["legalRep"] = legalRep,
            ["supervisor"] = Person(index, 10, today.AddYears(-(50 + (index % 5))).AddDays(-index), index + 41),
            ["financeOfficer"] = Person(index, 11, today.AddYears(-(26 + (index % 4))).AddDays(-index), index + 43),
            ["contact"] = Person(index, 5, today.AddYears(-(22 + (index % 4))).AddDays(-index), index + 47),
            ["seal"] = new JsonObject { ["types"] = index % 2 == 0 ? "01,02,03" : "01,02,03,04,05" },
            ["tax"] = new JsonObject { ["invoiceKinds"] = index % 2 == 0 ? "02" : "01,02", ["creditLimit"] = 100_000 + (index % 10 * 10_000) },
        };
        form["contact"]!["phone"] = Mobile(index + 5);
        if (secondShareholder)
        {
            var second = Person(index, 9, today.AddYears(-(55 + (index % 10))).AddDays(-index), index + 53);
            second["subscribedCapital"] = 40;
            second["paidInDate"] = paidIn;
            form["shareholder2"] = second;
        }

        return form;
    }

    /// <summary>A person of a form: name and a citizen ID number born on <paramref name="birth"/>.</summary>
    private static JsonObject Person(int index, int role, DateOnly birth, int seed) =>
        new() { ["name"] = Name(index, role), ["idNumber"] = IdNumber(birth, (index + role) % 2 == 0, seed) };

    /// <summary>
    /// 员工录用: an adult hired a few days ago; every other case on a fixed-term contract, and every other case moving
    /// a personnel file in from where it is kept now.
    /// </summary>
    public static JsonObject Hiring(int index, DateOnly today)
    {
        var male = index % 2 == 0;
        var birth = today.AddYears(-(22 + (index % 25))).AddDays(-(index % 300));
        var hireDate = today.AddDays(-(1 + (index % 10)));
        var fixedTerm = index % 2 == 0;
        var employment = new JsonObject { ["hireDate"] = Iso(hireDate), ["contractType"] = fixedTerm ? "1" : "2", ["monthlyWage"] = 4500 + (index % 20 * 250) };
        if (fixedTerm)
        {
            employment["contractEndDate"] = Iso(hireDate.AddYears(3).AddDays(-1));
        }

        var transfer = index % 2 == 0;
        var archive = new JsonObject { ["transfer"] = transfer };
        if (transfer)
        {
            archive["previousHolder"] = index % 4 == 0 ? "湖南大学学生工作部" : "株洲市人才服务中心";
        }

        string[] trades = ["星城", "湘江", "岳麓", "橘洲"];
        return new JsonObject
        {
            ["employer"] = new JsonObject { ["creditCode"] = "91350100M000100Y43", ["name"] = $"长沙{trades[index % trades.Length]}{ChineseNumber(index)}号商贸有限公司" },
            ["employee"] = new JsonObject
            {
                ["name"] = Name(index, 6), ["idNumber"] = IdNumber(birth, male, index + 11), ["sex"] = male ? "1" : "2", ["phone"] = Mobile(index + 11),
                ["address"] = $"湖南省长沙市开福区芙蓉中路{200 + index}号",
            },
            ["employment"] = employment,
            ["archive"] = archive,
            ["housingFund"] = new JsonObject { ["depositRate"] = (5 + (index % 8)).ToString(CultureInfo.InvariantCulture) },
        };
    }

    /// <summary>企业注销 after the notice has run: simplified (20 days) for even indexes, ordinary (45 days) for odd ones.</summary>
    public static JsonObject Deregistration(int index, DateOnly today)
    {
        var simplified = index % 2 == 0;
        var announced = today.AddDays(-(simplified ? 30 : 60) - (index % 10));
        var legalBirth = today.AddYears(-(35 + (index % 20))).AddDays(-index);
        string[] trades = ["星城", "湘江", "岳麓", "橘洲"];
        return new JsonObject
        {
            ["company"] = new JsonObject { ["creditCode"] = "91350100M000100Y43", ["name"] = $"长沙{trades[index % trades.Length]}{ChineseNumber(index)}号商贸有限公司" },
            ["legalRep"] = new JsonObject { ["name"] = Name(index, 7), ["idNumber"] = IdNumber(legalBirth, index % 2 == 1, index + 13), ["phone"] = Mobile(index + 13) },
            ["deregistration"] = new JsonObject
            {
                ["procedure"] = simplified ? "1" : "2", ["reason"] = "1",
                ["announcementDate"] = Iso(announced), ["liquidationEndDate"] = Iso(today.AddDays(-(2 + (index % 3)))),
            },
        };
    }

    /// <summary>
    /// 社会保险: even indexes a flexible worker moving insurance in from another city (pension and medical transfers),
    /// odd ones a local resident (城乡居民 medical insurance, no transfer).
    /// </summary>
    public static JsonObject SocialInsurance(int index, DateOnly today)
    {
        var male = index % 2 == 1;
        var birth = today.AddYears(-(24 + (index % 30))).AddDays(-(index % 200));
        var flexible = index % 2 == 0;
        var insurance = new JsonObject { ["category"] = flexible ? "1" : "2", ["insuredFrom"] = Iso(today) };
        if (flexible)
        {
            insurance["contributionBase"] = 4500 + (index % 20 * 500);
        }

        var transfer = new JsonObject { ["fromElsewhere"] = flexible };
        if (flexible)
        {
            transfer["previousRegion"] = index % 4 == 0 ? "广东省深圳市" : "湖北省武汉市";
            transfer["previousInsuredNo"] = string.Create(CultureInfo.InvariantCulture, $"44030{index + 1:00000000}");
        }

        return new JsonObject
        {
            ["applicant"] = new JsonObject
            {
                ["name"] = Name(index, 8), ["idNumber"] = IdNumber(birth, male, index + 17), ["sex"] = male ? "1" : "2", ["birthDate"] = Iso(birth),
                ["phone"] = Mobile(index + 17), ["address"] = $"湖南省长沙市雨花区韶山中路{300 + index}号",
            },
            ["insurance"] = insurance,
            ["transfer"] = transfer,
        };
    }

    /// <summary>“身后”: a death a few days ago; every other deceased held a driving licence.</summary>
    public static JsonObject AfterDeath(int index, DateOnly today)
    {
        var male = index % 2 == 0;
        var birth = today.AddYears(-(68 + (index % 20))).AddDays(-(index % 200));
        var relativeBirth = birth.AddYears(28).AddDays(index % 90);
        var holdsLicence = index % 2 == 0;
        var deceased = new JsonObject
        {
            ["name"] = Name(index, 8), ["idNumber"] = IdNumber(birth, male, index + 17), ["sex"] = male ? "1" : "2", ["birthDate"] = Iso(birth),
            ["deathDate"] = Iso(today.AddDays(-(2 + (index % 5)))), ["deathPlace"] = "湖南省长沙市开福区家中", ["hasDrivingLicence"] = holdsLicence,
        };
        if (holdsLicence)
        {
            deceased["licenceFileNo"] = string.Create(CultureInfo.InvariantCulture, $"430100{(index * 7919 % 1_000_000):000000}");
        }

        return new JsonObject
        {
            ["deceased"] = deceased,
            ["applicant"] = new JsonObject { ["name"] = Name(index, 9), ["idNumber"] = IdNumber(relativeBirth, !male, index + 19), ["relation"] = "20", ["phone"] = Mobile(index + 19) },
            ["bank"] = new JsonObject { ["cardNo"] = BankCardNumber(index + 3), ["bankName"] = "中国建设银行长沙分行" },
        };
    }

    /// <summary>A valid 公民身份号码 for the given birth date and sex (region 430102, 长沙市芙蓉区).</summary>
    public static string IdNumber(DateOnly birth, bool male, int seed)
    {
        var sequence = (Math.Abs(seed * 37) % 499 * 2) + (male ? 1 : 0);
        var first17 = string.Create(CultureInfo.InvariantCulture, $"{Region}{birth:yyyyMMdd}{sequence:000}");
        return first17 + CitizenIdNumber.ComputeCheckCharacter(first17);
    }

    private static string Name(int index, int role) =>
        s_surnames[(index + role) % s_surnames.Length] + s_given[((index * 7) + (role * 5)) % s_given.Length];

    private static string Mobile(int index) => string.Create(CultureInfo.InvariantCulture, $"139{(index * 7919 % 100_000_000):00000000}");

    /// <summary>The index in Chinese digits (零一二…), so every sample company name is unique.</summary>
    public static string ChineseNumber(int index) =>
        string.Concat(index.ToString(CultureInfo.InvariantCulture).Select(d => "零一二三四五六七八九"[d - '0']));

    /// <summary>A 16-digit card number with a correct Luhn check digit.</summary>
    private static string BankCardNumber(int index)
    {
        var body = string.Create(CultureInfo.InvariantCulture, $"622202{(index * 104729 % 1_000_000_000):000000000}");
        var sum = 0;
        for (var i = 0; i < body.Length; i++)
        {
            var digit = body[body.Length - 1 - i] - '0';
            if (i % 2 == 0)
            {
                digit *= 2;
                digit = digit > 9 ? digit - 9 : digit;
            }

            sum += digit;
        }

        return body + (char)('0' + ((10 - (sum % 10)) % 10));
    }

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
