using RpaRunner.Sandbox.Identifiers;
using RpaRunner.Sandbox.Tests.Infrastructure;

namespace RpaRunner.Sandbox.Tests.Systems;

/// <summary>卫健, 公安, 医保, 税务 and 人社 for the newborn bundle, with the cross-department rules.</summary>
public class NewbornBundleTests(SandboxFixture f) : IClassFixture<SandboxFixture>
{
    [Fact]
    public async Task WholeBundle_EachDepartmentIssuesItsNumber()
    {
        var (certificateNo, childId, form) = await Samples.NewbornAsync(f, 0, "叶小宝", sex: "2", birthDate: "2026-09-30");
        Assert.Matches("^[A-Z][0-9]{9}$", certificateNo);
        Assert.True(CitizenIdNumber.IsValid(childId));
        Assert.Equal("20260930", childId[6..14]);
        Assert.Equal("2", CitizenIdNumber.SexCode(childId));
        Assert.Equal(Samples.Mother(f, 0).IdNumber[..6], childId[..6]);

        using var weijian = await f.LoggedInAsync("weijian");
        var vaccination = await weijian.SubmitAsync("weijian.issueVaccinationCertificate", new Dictionary<string, string>
        {
            ["childName"] = "叶小宝", ["childSex"] = "2", ["birthDate"] = "2026-09-30", ["birthCertificateNo"] = certificateNo,
            ["guardianName"] = form["motherName"], ["guardianPhone"] = "13912345678", ["address"] = "长沙市芙蓉区五一大道1号",
        }, Samples.UniqueKey("vaccination"));
        Assert.True(vaccination.Accepted, vaccination.Error);
        Assert.Matches("^430100[0-9]{10}$", vaccination.Output("vaccinationCertificateNo"));

        using var yibao = await f.LoggedInAsync("yibao");
        var enrol = new Dictionary<string, string>
        {
            ["idNumber"] = childId, ["name"] = "叶小宝", ["sex"] = "2", ["birthDate"] = "2026-09-30", ["address"] = "长沙市芙蓉区五一大道1号", ["phone"] = "13912345678",
        };
        var enrolment = await yibao.SubmitAsync("yibao.enrolResident", enrol, Samples.UniqueKey("enrol"));
        Assert.True(enrolment.Accepted, enrolment.Error);
        var insuredNo = enrolment.Output("insuredNo");
        var again = await yibao.SubmitAsync("yibao.enrolResident", enrol, Samples.UniqueKey("enrol"));
        Assert.Contains("已有有效参保登记", again.Error, StringComparison.Ordinal);

        using var shuiwu = await f.LoggedInAsync("shuiwu");
        var payment = await shuiwu.SubmitAsync("shuiwu.payResidentMedicalPremium", new Dictionary<string, string>
        {
            ["idNumber"] = childId, ["name"] = "叶小宝", ["insuredNo"] = insuredNo, ["year"] = "2026",
        }, Samples.UniqueKey("premium"));
        Assert.True(payment.Accepted, payment.Error);
        Assert.Equal("400.00", payment.Output("amount"));

        using var renshe = await f.LoggedInAsync("renshe");
        var card = await renshe.SubmitAsync("renshe.applySocialSecurityCard", new Dictionary<string, string>
        {
            ["idNumber"] = childId, ["name"] = "叶小宝", ["sex"] = "2", ["guardianName"] = form["motherName"], ["guardianPhone"] = "13912345678", ["mailingAddress"] = "长沙市芙蓉区五一大道1号",
        }, Samples.UniqueKey("card"));
        Assert.True(card.Accepted, card.Error);
        Assert.StartsWith("SBK", card.Output("cardApplicationNo"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Weijian_RejectsUnknownMotherWrongNameBadChecksumAndFutureBirth()
    {
        using var weijian = await f.LoggedInAsync("weijian");
        var mother = Samples.Mother(f, 1);
        var unknown = Samples.BirthCertificate(mother, null, "甲");
        unknown["motherIdNumber"] = CitizenIdNumber.Compose("430102", new DateOnly(1993, 3, 3), 888);
        Assert.Contains("人口信息库中不存在", (await weijian.SubmitAsync("weijian.issueBirthCertificate", unknown)).Error, StringComparison.Ordinal);

        var wrongName = Samples.BirthCertificate(mother, null, "乙");
        wrongName["motherName"] = "某某某";
        Assert.Contains("姓名与公民身份号码不一致", (await weijian.SubmitAsync("weijian.issueBirthCertificate", wrongName)).Error, StringComparison.Ordinal);

        var badChecksum = Samples.BirthCertificate(mother, null, "丙");
        badChecksum["motherIdNumber"] = mother.IdNumber[..17] + (mother.IdNumber[17] == '1' ? '2' : '1');
        Assert.Contains("校验位错误", (await weijian.SubmitAsync("weijian.issueBirthCertificate", badChecksum)).Error, StringComparison.Ordinal);

        var future = Samples.BirthCertificate(mother, null, "丁", birthDate: "2099-01-01");
        Assert.Contains("不能晚于当前日期", (await weijian.SubmitAsync("weijian.issueBirthCertificate", future)).Error, StringComparison.Ordinal);

        var missing = Samples.BirthCertificate(mother, null, "");
        Assert.Contains("请填写新生儿姓名", (await weijian.SubmitAsync("weijian.issueBirthCertificate", missing)).Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gongan_RejectsUnknownOrMismatchedCertificateAndSecondRegistration()
    {
        var mother = Samples.Mother(f, 2);
        using var gongan = await f.LoggedInAsync("gongan");
        var registration = new Dictionary<string, string>
        {
            ["childName"] = "林一", ["childSex"] = "1", ["birthDate"] = "2026-10-01", ["birthCertificateNo"] = "T999999999",
            ["motherIdNumber"] = mother.IdNumber, ["householdAddress"] = mother.Address,
        };
        Assert.Contains("无此证明编号", (await gongan.SubmitAsync("gongan.registerNewborn", registration)).Error, StringComparison.Ordinal);

        using var weijian = await f.LoggedInAsync("weijian");
        var certificate = await weijian.SubmitAsync("weijian.issueBirthCertificate", Samples.BirthCertificate(mother, null, "林一", birthDate: "2026-10-01"));
        registration["birthCertificateNo"] = certificate.Output("birthCertificateNo");
        registration["childSex"] = "2";
        Assert.Contains("与出生医学证明不一致", (await gongan.SubmitAsync("gongan.registerNewborn", registration)).Error, StringComparison.Ordinal);

        registration["childSex"] = "1";
        var first = await gongan.SubmitAsync("gongan.registerNewborn", registration);
        Assert.True(first.Accepted, first.Error);
        Assert.Equal("1", CitizenIdNumber.SexCode(first.Output("childIdNumber")));
        Assert.Contains("已办理出生登记", (await gongan.SubmitAsync("gongan.registerNewborn", registration)).Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Yibao_RefusesAPersonUnknownToTheHouseholdRegister()
    {
        using var yibao = await f.LoggedInAsync("yibao");
        var notIssued = CitizenIdNumber.Compose("430104", new DateOnly(2026, 8, 8), 997);
        var page = await yibao.SubmitAsync("yibao.enrolResident", new Dictionary<string, string>
        {
            ["idNumber"] = notIssued, ["name"] = "未落户", ["sex"] = "1", ["birthDate"] = "2026-08-08", ["address"] = "长沙", ["phone"] = "13912345678",
        });
        Assert.False(page.Accepted);
        Assert.Contains("未在公安户籍系统登记", page.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shuiwu_RejectsPremiumWithoutEnrolmentOrOutsideTheCollectionYears()
    {
        var (_, childId, _) = await Samples.NewbornAsync(f, 3, "冯二宝");
        using var shuiwu = await f.LoggedInAsync("shuiwu");
        var payment = new Dictionary<string, string> { ["idNumber"] = childId, ["name"] = "冯二宝", ["insuredNo"] = "43010000000001", ["year"] = "2026" };
        Assert.Contains("未查询到该缴费人的城乡居民医保参保登记信息", (await shuiwu.SubmitAsync("shuiwu.payResidentMedicalPremium", payment)).Error, StringComparison.Ordinal);

        using var yibao = await f.LoggedInAsync("yibao");
        var enrolment = await yibao.SubmitAsync("yibao.enrolResident", new Dictionary<string, string>
        {
            ["idNumber"] = childId, ["name"] = "冯二宝", ["sex"] = "1", ["birthDate"] = "2026-10-08", ["address"] = "长沙", ["phone"] = "13912345678",
        });
        payment["insuredNo"] = enrolment.Output("insuredNo");
        payment["year"] = "2020";
        Assert.Contains("不在征缴期内", (await shuiwu.SubmitAsync("shuiwu.payResidentMedicalPremium", payment)).Error, StringComparison.Ordinal);
        payment["year"] = "2026";
        Assert.True((await shuiwu.SubmitAsync("shuiwu.payResidentMedicalPremium", payment)).Accepted);
        Assert.Contains("已缴纳", (await shuiwu.SubmitAsync("shuiwu.payResidentMedicalPremium", payment)).Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Weijian_VaccinationNeedsAMatchingBirthCertificate()
    {
        using var weijian = await f.LoggedInAsync("weijian");
        var page = await weijian.SubmitAsync("weijian.issueVaccinationCertificate", new Dictionary<string, string>
        {
            ["childName"] = "无证", ["childSex"] = "1", ["birthDate"] = "2026-10-01", ["birthCertificateNo"] = "T000000001",
            ["guardianName"] = "某", ["guardianPhone"] = "13912345678", ["address"] = "长沙",
        });
        Assert.Contains("未查询到该出生医学证明", page.Error, StringComparison.Ordinal);
    }
}
