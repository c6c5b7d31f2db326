using System.Globalization;
using System.Text.Json.Nodes;
using RpaRunner.Sandbox.Register;

namespace RpaRunner.Runner.Demo;

/// <summary>
/// Unified forms for the three core bundles drawn from the sandbox's seeded population, so every department
/// system finds the applicants in its register: parents of newborns, retirees of statutory age, legal
/// representatives of new companies.
/// </summary>
public sealed class SandboxApplications(SeedPopulation population)
{
    private static readonly string[] s_given = ["子涵", "浩然", "欣怡", "宇轩", "梓萱", "俊杰", "雨桐", "明轩", "思远", "佳怡", "晨曦", "一诺", "沐阳", "若汐"];
    private static readonly string[] s_trades = ["星城", "湘江", "岳麓", "橘洲", "麓谷", "天心", "芙蓉", "雨花"];
    private static readonly string[] s_industries = ["智能科技", "数据服务", "文化传媒", "商贸", "软件开发", "餐饮管理"];

    /// <summary>How many cases of a bundle the seed can carry (retirees can retire once).</summary>
    public int Capacity(string bundleId) => bundleId switch
    {
        "retirement" => Retirees.Count,
        "hiring" => Employees.Count,
        "deregistration" => population.Enterprises.Count,
        "after-death" => Math.Min(population.WithRole("retiree").Count(), Mothers.Count),
        "social-insurance" => Employees.Count,
        _ => int.MaxValue,
    };

    public JsonObject For(string bundleId, int index, DateOnly today) => bundleId switch
    {
        "newborn" => Newborn(index, today),
        "retirement" => Retirement(index),
        "company-setup" => CompanySetup(index, today),
        "hiring" => Hiring(index, today),
        "deregistration" => Deregistration(index, today),
        "after-death" => AfterDeath(index, today),
        "social-insurance" => SocialInsurance(index, today),
        _ => throw new ArgumentException($"No sample application for bundle '{bundleId}'.", nameof(bundleId)),
    };

    private List<SeedPerson> Mothers => [.. population.WithRole("mother").OrderBy(p => p.IdNumber, StringComparer.Ordinal)];

    private List<SeedPerson> Retirees => [.. population.WithRole("retiree").Where(p => p.Retirement is { Group: not ("male-short-contribution" or "male-too-young") }).OrderBy(p => p.IdNumber, StringComparer.Ordinal)];

    private List<SeedPerson> LegalReps => [.. population.WithRole("legalRep").OrderBy(p => p.IdNumber, StringComparer.Ordinal)];

    /// <summary>Working-age adults no other sample uses as an applicant: each can be hired (and insured) once.</summary>
    private List<SeedPerson> Employees => [.. population.WithRole("father").OrderBy(p => p.IdNumber, StringComparer.Ordinal)];

    private JsonObject Newborn(int index, DateOnly today)
    {
        var mother = Mothers[index % Mothers.Count];
        var father = population.People.FirstOrDefault(p => p.IdNumber == mother.SpouseIdNumber);
        var surname = father?.Name[..1] ?? mother.Name[..1];
        var round = index / Mothers.Count;
        var form = new JsonObject
        {
            ["child"] = new JsonObject
            {
                ["name"] = surname + s_given[(index + round) % s_given.Length] + (round > 0 ? s_given[round % s_given.Length][..1] : string.Empty),
                ["sex"] = index % 2 == 0 ? "1" : "2",
                ["birthDate"] = today.AddDays(-(2 + (index % 20))).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["birthPlace"] = "湖南省妇幼保健院",
            },
            ["mother"] = new JsonObject { ["name"] = mother.Name, ["idNumber"] = mother.IdNumber, ["phone"] = mother.Phone },
            ["insurance"] = new JsonObject { ["year"] = today.Year },
        };
        form["father"] = father is null ? new JsonObject() : new JsonObject { ["name"] = father.Name, ["idNumber"] = father.IdNumber };

        // Every other child joins the father's household (he is its 户主), the rest the mother's; the county is one of
        // Changsha's, so the child's ID number carries that county's code whatever region the mother's number has.
        var withFather = father is not null && index % 2 == 1;
        var head = withFather ? father! : mother;
        string[] counties = ["430102", "430103", "430104", "430105", "430111"];
        form["household"] = new JsonObject
        {
            ["settleWith"] = withFather ? "1" : "2", ["county"] = counties[index % counties.Length], ["address"] = head.Address,
            ["headName"] = head.Name, ["headIdNumber"] = head.IdNumber, ["headRelation"] = index % 2 == 0 ? "20" : "30",
            ["mailingAddress"] = mother.Address,
        };
        form["child"]!["ethnicity"] = index % 5 == 3 ? "15" : "01";
        return form;
    }

    private JsonObject Retirement(int index)
    {
        var person = Retirees[index % Retirees.Count];
        var retirement = person.Retirement!;
        var onlyChild = new JsonObject { ["hasCertificate"] = retirement.OnlyChildCertificateNo is not null };
        if (retirement.OnlyChildCertificateNo is { } certificate)
        {
            onlyChild["certificateNo"] = certificate;
        }

        var applicant = new JsonObject
        {
            ["name"] = person.Name, ["idNumber"] = person.IdNumber, ["sex"] = person.Sex, ["phone"] = person.Phone,
            ["personType"] = retirement.PersonType,
        };
        if (retirement.EmployerCreditCode is { } employer)
        {
            applicant["employerCreditCode"] = employer;
        }

        return new JsonObject
        {
            ["applicant"] = applicant,
            // The seeded retirees have passed their statutory age; 人社 certifies their contribution years from its records.
            ["retirement"] = new JsonObject { ["kind"] = "1" },
            ["bank"] = new JsonObject { ["cardNo"] = retirement.BankCardNo, ["bankName"] = retirement.BankName },
            ["onlyChild"] = onlyChild,
        };
    }

    /// <summary>退休 as its first version asks for it: the contribution years typed from the seed, no kind of retirement.</summary>
    public JsonObject RetirementVersion1(int index)
    {
        var form = Retirement(index);
        form.Remove("retirement");
        form["applicant"]!["contributionYears"] = Retirees[index % Retirees.Count].Retirement!.ContributionYears;
        return form;
    }

    private JsonObject CompanySetup(int index, DateOnly today)
    {
        var legalRep = LegalReps[index % LegalReps.Count];
        var contact = LegalReps[(index + 1) % LegalReps.Count];
        var supervisor = LegalReps[(index + 2) % LegalReps.Count];
        var financeOfficer = LegalReps[(index + 3) % LegalReps.Count];
        var number = SampleApplications.ChineseNumber(index);
        var form = SampleApplications.CompanySetup(index, today);
        var capital = 100 + (index % 50 * 10);
        form["company"] = new JsonObject
        {
            ["name"] = $"长沙{s_trades[index % s_trades.Length]}{number}号{s_industries[index % s_industries.Length]}有限公司",
            ["type"] = "1130", ["registeredCapital"] = capital,
            ["businessScope"] = "1040101,1040102,1040103", ["address"] = $"湖南省长沙市岳麓区麓谷大道{600 + index}号",
        };

        // The legal representative subscribes the whole capital, so every shareholder is in the register.
        form["shareholder1"] = new JsonObject
        {
            ["name"] = legalRep.Name, ["idNumber"] = legalRep.IdNumber, ["subscribedCapital"] = capital, ["paidInDate"] = form["shareholder1"]!["paidInDate"]!.GetValue<string>(),
        };
        form.Remove("shareholder2");
        form["legalRep"] = new JsonObject { ["name"] = legalRep.Name, ["idNumber"] = legalRep.IdNumber, ["phone"] = legalRep.Phone };
        form["supervisor"] = new JsonObject { ["name"] = supervisor.Name, ["idNumber"] = supervisor.IdNumber };
        form["financeOfficer"] = new JsonObject { ["name"] = financeOfficer.Name, ["idNumber"] = financeOfficer.IdNumber };
        form["contact"] = new JsonObject { ["name"] = contact.Name, ["idNumber"] = contact.IdNumber, ["phone"] = contact.Phone };
        return form;
    }

    private JsonObject Hiring(int index, DateOnly today)
    {
        var employee = Employees[index % Employees.Count];
        var employer = population.Enterprises[index % population.Enterprises.Count];
        var form = SampleApplications.Hiring(index, today);
        form["employer"] = new JsonObject { ["creditCode"] = employer.CreditCode, ["name"] = employer.Name };
        form["employee"] = new JsonObject
        {
            ["name"] = employee.Name, ["idNumber"] = employee.IdNumber, ["sex"] = employee.Sex, ["phone"] = employee.Phone, ["address"] = employee.Address,
        };
        return form;
    }

    /// <summary>企业注销 of a seeded enterprise, from the last one back (the hiring samples start at the first).</summary>
    private JsonObject Deregistration(int index, DateOnly today)
    {
        var enterprise = population.Enterprises[population.Enterprises.Count - 1 - (index % population.Enterprises.Count)];
        var legalRep = population.WithRole("legalRep").First();
        var form = SampleApplications.Deregistration(index, today);
        form["company"] = new JsonObject { ["creditCode"] = enterprise.CreditCode, ["name"] = enterprise.Name };
        form["legalRep"] = new JsonObject { ["name"] = legalRep.Name, ["idNumber"] = legalRep.IdNumber, ["phone"] = legalRep.Phone };
        return form;
    }

    /// <summary>社会保险 of a seeded adult, from the last one back (the hiring samples start at the first).</summary>
    private JsonObject SocialInsurance(int index, DateOnly today)
    {
        var person = Employees[Employees.Count - 1 - (index % Employees.Count)];
        var form = SampleApplications.SocialInsurance(index, today);
        form["applicant"] = new JsonObject
        {
            ["name"] = person.Name, ["idNumber"] = person.IdNumber, ["sex"] = person.Sex, ["birthDate"] = person.BirthDate,
            ["phone"] = person.Phone, ["address"] = person.Address,
        };
        return form;
    }

    /// <summary>
    /// “身后”: a seeded retiree (from the last one back, so the retirement samples keep theirs) whose provident fund
    /// account is still open, and an adult of the register as the relative who applies.
    /// </summary>
    private JsonObject AfterDeath(int index, DateOnly today)
    {
        var deceased = population.WithRole("retiree").OrderByDescending(p => p.IdNumber, StringComparer.Ordinal).ElementAt(index);
        var relative = Mothers[Mothers.Count - 1 - index];
        var form = SampleApplications.AfterDeath(index, today);
        form["deceased"]!["name"] = deceased.Name;
        form["deceased"]!["idNumber"] = deceased.IdNumber;
        form["deceased"]!["sex"] = deceased.Sex;
        form["deceased"]!["birthDate"] = deceased.BirthDate;
        form["applicant"] = new JsonObject { ["name"] = relative.Name, ["idNumber"] = relative.IdNumber, ["relation"] = "20", ["phone"] = relative.Phone };
        return form;
    }
}
