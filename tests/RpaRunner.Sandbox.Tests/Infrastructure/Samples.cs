using RpaRunner.Sandbox.Register;

namespace RpaRunner.Sandbox.Tests.Infrastructure;

/// <summary>Sample applicants and the forms of the three bundles, built from the seeded population.</summary>
public static class Samples
{
    private static int _counter;

    public static string UniqueKey(string step) => $"CASE{Interlocked.Increment(ref _counter):0000}-{Guid.NewGuid().ToString("N")[..6]}:{step}";

    public static SeedPerson Mother(SandboxFixture f, int index) => f.Host.Population.WithRole("mother").ElementAt(index);

    public static SeedPerson Father(SandboxFixture f, SeedPerson mother) => f.Host.Population.People.First(p => p.IdNumber == mother.SpouseIdNumber);

    public static SeedPerson Retiree(SandboxFixture f, string group, int index = 0) =>
        f.Host.Population.WithRole("retiree").Where(p => p.Retirement!.Group == group).ElementAt(index);

    public static SeedPerson LegalRep(SandboxFixture f, int index) => f.Host.Population.WithRole("legalRep").ElementAt(index);

    public static Dictionary<string, string> BirthCertificate(SeedPerson mother, SeedPerson? father, string childName, string sex = "1", string birthDate = "2026-10-08") => new()
    {
        ["childName"] = childName,
        ["childSex"] = sex,
        ["birthDate"] = birthDate,
        ["birthPlace"] = "湖南省妇幼保健院",
        ["motherName"] = mother.Name,
        ["motherIdNumber"] = mother.IdNumber,
        ["fatherName"] = father?.Name ?? "",
        ["fatherIdNumber"] = father?.IdNumber ?? "",
    };

    /// <summary>Issues a birth certificate and registers the child; returns the certificate number and the child's ID.</summary>
    public static async Task<(string CertificateNo, string ChildId, Dictionary<string, string> Form)> NewbornAsync(SandboxFixture f, int motherIndex, string childName, string sex = "1", string birthDate = "2026-10-08")
    {
        var mother = Mother(f, motherIndex);
        using var weijian = await f.LoggedInAsync("weijian");
        var form = BirthCertificate(mother, Father(f, mother), childName, sex, birthDate);
        var certificate = await weijian.SubmitAsync("weijian.issueBirthCertificate", form, UniqueKey("birthCertificate"));
        Assert.True(certificate.Accepted, certificate.Error);
        var certificateNo = certificate.Output("birthCertificateNo");
        using var gongan = await f.LoggedInAsync("gongan");
        var registration = await gongan.SubmitAsync("gongan.registerNewborn", new Dictionary<string, string>
        {
            ["childName"] = childName, ["childSex"] = sex, ["birthDate"] = birthDate, ["birthCertificateNo"] = certificateNo,
            ["motherIdNumber"] = mother.IdNumber, ["fatherIdNumber"] = Father(f, mother).IdNumber, ["householdAddress"] = mother.Address,
        }, UniqueKey("household"));
        Assert.True(registration.Accepted, registration.Error);
        return (certificateNo, registration.Output("childIdNumber"), form);
    }

    /// <summary>
    /// A newborn case as the window enters it: 出生医学证明, 预防接种证 and 户口登记, each under its own 综窗受理编号.
    /// Returns the keys and the numbers the departments issued.
    /// </summary>
    public static async Task<NewbornCase> NewbornCaseAsync(SandboxFixture f, int motherIndex, string childName, string sex = "1", string birthDate = "2026-10-08")
    {
        var mother = Mother(f, motherIndex);
        var father = Father(f, mother);
        var keys = new NewbornCase(UniqueKey("birthCertificate"), UniqueKey("vaccination"), UniqueKey("household"), mother, father, childName, sex, birthDate);
        using var weijian = await f.LoggedInAsync("weijian");
        var certificate = await weijian.SubmitAsync("weijian.issueBirthCertificate", BirthCertificate(mother, father, childName, sex, birthDate), keys.BirthKey);
        Assert.True(certificate.Accepted, certificate.Error);
        keys.CertificateNo = certificate.Output("birthCertificateNo");
        var vaccination = await weijian.SubmitAsync("weijian.issueVaccinationCertificate", new Dictionary<string, string>
        {
            ["childName"] = childName, ["childSex"] = sex, ["birthDate"] = birthDate, ["birthCertificateNo"] = keys.CertificateNo,
            ["guardianName"] = mother.Name, ["guardianPhone"] = mother.Phone, ["address"] = mother.Address,
        }, keys.VaccinationKey);
        Assert.True(vaccination.Accepted, vaccination.Error);
        keys.VaccinationNo = vaccination.Output("vaccinationCertificateNo");
        using var gongan = await f.LoggedInAsync("gongan");
        var registration = await gongan.SubmitAsync("gongan.registerNewborn", new Dictionary<string, string>
        {
            ["childName"] = childName, ["childSex"] = sex, ["birthDate"] = birthDate, ["birthCertificateNo"] = keys.CertificateNo,
            ["motherIdNumber"] = mother.IdNumber, ["fatherIdNumber"] = father.IdNumber, ["householdAddress"] = mother.Address,
        }, keys.HouseholdKey);
        Assert.True(registration.Accepted, registration.Error);
        keys.ChildId = registration.Output("childIdNumber");
        return keys;
    }

    private static readonly SeedPopulation s_population = SeedPopulation.Load();

    public static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));

    /// <summary>A registration 市场监管 accepts: the legal representative the only shareholder, supervisor, finance officer and liaison from the register.</summary>
    public static Dictionary<string, string> Enterprise(SeedPerson legalRep, string name)
    {
        var form = new Dictionary<string, string>
        {
            ["companyName"] = name,
            ["companyType"] = "1130",
            ["registeredCapital"] = "100",
            ["businessScope"] = "1040101,信息技术咨询服务",
            ["address"] = "湖南省长沙市岳麓区麓谷大道627号",
            ["legalRepName"] = legalRep.Name,
            ["legalRepIdNumber"] = legalRep.IdNumber,
            ["legalRepPhone"] = "13812345678",
        };
        foreach (var (key, value) in s_population.CompanyPeople(legalRep, "100", Today))
        {
            form[key] = value;
        }

        return form;
    }

    /// <summary>A new taxpayer's setup by 税务: the finance officer from the register, 数电普票 within a credit limit.</summary>
    public static Dictionary<string, string> Taxpayer(string creditCode, string company, SeedPerson legalRep, string creditLimit = "300000")
    {
        var people = s_population.CompanyPeople(legalRep, "100", Today);
        return new Dictionary<string, string>
        {
            ["creditCode"] = creditCode, ["companyName"] = company, ["legalRepName"] = legalRep.Name, ["legalRepIdNumber"] = legalRep.IdNumber,
            ["financeOfficerName"] = people["financeOfficerName"], ["financeOfficerIdNumber"] = people["financeOfficerIdNumber"],
            ["invoiceKinds"] = "02", ["creditLimit"] = creditLimit,
        };
    }

    public static async Task<(string CreditCode, string RegistrationNo)> EnterpriseAsync(SandboxFixture f, SeedPerson legalRep, string name)
    {
        using var shichang = await f.LoggedInAsync("shichang");
        var page = await shichang.SubmitAsync("shichang.registerEnterprise", Enterprise(legalRep, name), UniqueKey("enterprise"));
        Assert.True(page.Accepted, page.Error);
        return (page.Output("creditCode"), page.Output("registrationNo"));
    }
}

/// <summary>The three records of a newborn case and what they were entered with.</summary>
public sealed record NewbornCase(string BirthKey, string VaccinationKey, string HouseholdKey, SeedPerson Mother, SeedPerson Father, string ChildName, string Sex, string BirthDate)
{
    public string CertificateNo { get; set; } = "";
    public string VaccinationNo { get; set; } = "";
    public string ChildId { get; set; } = "";

    /// <summary>The 出生医学证明 as it was issued, under the field names of weijian.amendBirthCertificate.</summary>
    public Dictionary<string, string> BirthCertificate() => new(Samples.BirthCertificate(Mother, Father, ChildName, Sex, BirthDate)) { ["birthCertificateNo"] = CertificateNo };

    public Dictionary<string, string> Vaccination() => new()
    {
        ["childName"] = ChildName, ["childSex"] = Sex, ["birthDate"] = BirthDate, ["birthCertificateNo"] = CertificateNo,
        ["guardianName"] = Mother.Name, ["guardianPhone"] = Mother.Phone, ["address"] = Mother.Address, ["vaccinationCertificateNo"] = VaccinationNo,
    };

    public Dictionary<string, string> Household() => new()
    {
        ["childName"] = ChildName, ["childSex"] = Sex, ["birthDate"] = BirthDate, ["birthCertificateNo"] = CertificateNo,
        ["motherIdNumber"] = Mother.IdNumber, ["fatherIdNumber"] = Father.IdNumber, ["householdAddress"] = Mother.Address, ["childIdNumber"] = ChildId,
    };
}
