using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RpaRunner.Sandbox.Identifiers;
using RpaRunner.Sandbox.Tests.Infrastructure;

namespace RpaRunner.Sandbox.Tests.Systems;

/// <summary>
/// The newborn bundle's second version at the departments: 公安's 出生登记 with the household's head, 民族 and the county of
/// registration, 医保's newborn enrolment within 90 days that declares the premium, and the confirmation that waits
/// (待缴费) until the guardian's payment is on record.
/// </summary>
public class NewbornRegistrationAndPremiumTests(SandboxFixture f) : IClassFixture<SandboxFixture>
{
    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A birth certificate for a child of the seeded mother, born <paramref name="daysAgo"/> days ago; returns its number and the registration form.</summary>
    private async Task<Dictionary<string, string>> RegistrationAsync(int motherIndex, string childName, string sex = "1", int daysAgo = 10)
    {
        var mother = Samples.Mother(f, motherIndex);
        var father = Samples.Father(f, mother);
        var birthDate = Iso(Samples.Today.AddDays(-daysAgo));
        using var weijian = await f.LoggedInAsync("weijian");
        var certificate = await weijian.SubmitAsync("weijian.issueBirthCertificate", Samples.BirthCertificate(mother, father, childName, sex, birthDate), Samples.UniqueKey("birthCertificate"));
        Assert.True(certificate.Accepted, certificate.Error);
        return new Dictionary<string, string>
        {
            ["childName"] = childName, ["childSex"] = sex, ["birthDate"] = birthDate, ["birthCertificateNo"] = certificate.Output("birthCertificateNo"),
            ["ethnicity"] = "15", ["motherIdNumber"] = mother.IdNumber, ["fatherIdNumber"] = father.IdNumber, ["settleWith"] = "2",
            ["householdCounty"] = "430104", ["householdAddress"] = "湖南省长沙市岳麓区麓山南路2号",
            ["headName"] = mother.Name, ["headIdNumber"] = mother.IdNumber, ["headRelation"] = sex == "1" ? "20" : "30",
        };
    }

    [Fact]
    public async Task RegisterBirth_IssuesTheChildsNumber_WithTheRegionOfTheCountyOfRegistration()
    {
        var form = await RegistrationAsync(2, "岳小麓");
        using var gongan = await f.LoggedInAsync("gongan");
        var registration = await gongan.SubmitAsync("gongan.registerBirth", form, Samples.UniqueKey("household"));

        Assert.True(registration.Accepted, registration.Error);
        var childId = registration.Output("childIdNumber");
        Assert.True(CitizenIdNumber.IsValid(childId));
        Assert.Equal("430104", childId[..6]);
        Assert.NotEqual("430104", form["motherIdNumber"][..6]);
        Assert.Equal(form["birthDate"].Replace("-", "", StringComparison.Ordinal), childId[6..14]);
    }

    [Theory]
    [InlineData("headIdNumber", "缺小甲")]
    [InlineData("headRelation", "缺小乙")]
    [InlineData("ethnicity", "缺小丙")]
    [InlineData("settleWith", "缺小丁")]
    [InlineData("householdCounty", "缺小戊")]
    public async Task RegisterBirth_WithoutWhatARegistrationNeeds_IsRefused(string missing, string childName)
    {
        var form = await RegistrationAsync(3, childName);
        form.Remove(missing);
        using var gongan = await f.LoggedInAsync("gongan");
        var registration = await gongan.SubmitAsync("gongan.registerBirth", form, Samples.UniqueKey("household"));

        Assert.False(registration.Accepted);
        Assert.NotNull(registration.Error);
    }

    [Fact]
    public async Task RegisterBirth_RefusesAHeadNotInTheRegister_ARelationAgainstTheSex_AndTheFathersHouseholdWithoutHim()
    {
        using var gongan = await f.LoggedInAsync("gongan");
        var form = await RegistrationAsync(4, "户小主");
        form["headName"] = "查无此人";
        var unknownHead = await gongan.SubmitAsync("gongan.registerBirth", form, Samples.UniqueKey("household"));
        Assert.Contains("户主", unknownHead.Error, StringComparison.Ordinal);

        form = await RegistrationAsync(4, "户小女", sex: "2");
        form["headRelation"] = "20";
        var wrongRelation = await gongan.SubmitAsync("gongan.registerBirth", form, Samples.UniqueKey("household"));
        Assert.Contains("与户主关系与出生人性别不符", wrongRelation.Error, StringComparison.Ordinal);

        form = await RegistrationAsync(4, "随小父");
        form["settleWith"] = "1";
        form.Remove("fatherIdNumber");
        var noFather = await gongan.SubmitAsync("gongan.registerBirth", form, Samples.UniqueKey("household"));
        Assert.Contains("随父落户须申报父亲公民身份号码", noFather.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnrolNewborn_MoreThan90DaysAfterBirth_IsRefused()
    {
        var form = await RegistrationAsync(5, "迟小保", daysAgo: 91);
        using var gongan = await f.LoggedInAsync("gongan");
        var registration = await gongan.SubmitAsync("gongan.registerBirth", form, Samples.UniqueKey("household"));
        Assert.True(registration.Accepted, registration.Error);

        using var yibao = await f.LoggedInAsync("yibao");
        var late = await yibao.SubmitAsync("yibao.enrolNewborn", Enrolment(registration.Output("childIdNumber"), form), Samples.UniqueKey("medical"));

        Assert.Contains("出生已超过90日", late.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfirmPremium_SaysAwaitingPaymentUntilThePaymentNotice_ThenConfirmsOnce()
    {
        var form = await RegistrationAsync(6, "缴小费", sex: "2");
        using var gongan = await f.LoggedInAsync("gongan");
        var registration = await gongan.SubmitAsync("gongan.registerBirth", form, Samples.UniqueKey("household"));
        Assert.True(registration.Accepted, registration.Error);
        var childId = registration.Output("childIdNumber");

        using var yibao = await f.LoggedInAsync("yibao");
        var enrolment = await yibao.SubmitAsync("yibao.enrolNewborn", Enrolment(childId, form), Samples.UniqueKey("medical"));
        Assert.True(enrolment.Accepted, enrolment.Error);
        Assert.Equal("400.00", enrolment.Output("premiumAmount"));
        var paymentRef = enrolment.Output("paymentRef");
        var confirmation = new Dictionary<string, string>
        {
            ["idNumber"] = childId, ["insuredNo"] = enrolment.Output("insuredNo"), ["paymentRef"] = paymentRef,
            ["premiumAmount"] = "400.00", ["birthDate"] = form["birthDate"],
        };
        var key = Samples.UniqueKey("premium");

        var unpaid = await yibao.SubmitAsync("yibao.confirmPremium", confirmation, key);
        Assert.False(unpaid.Accepted);
        Assert.Null(unpaid.Error);
        Assert.Contains("result-pending", unpaid.Html, StringComparison.Ordinal);
        Assert.Contains("待缴费", unpaid.Html, StringComparison.Ordinal);
        Assert.Equal(0, await RecordsAsync(key));

        using var payments = new HttpClient { BaseAddress = f.Host["yibao"].BaseUrl };
        var notice = await payments.PostAsync($"payments/{paymentRef}", null);
        Assert.Equal(HttpStatusCode.OK, notice.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await payments.PostAsync("payments/JF00000000999999", null)).StatusCode);

        var paid = await yibao.SubmitAsync("yibao.confirmPremium", confirmation, key);
        Assert.True(paid.Accepted, paid.Error);
        Assert.Equal("400.00", paid.Output("paidAmount"));
        Assert.Equal(form["birthDate"], paid.Output("effectiveDate"));
        Assert.Equal(1, await RecordsAsync(key));

        var again = await yibao.SubmitAsync("yibao.confirmPremium", confirmation, Samples.UniqueKey("premium"));
        Assert.Contains("已确认到账", again.Error, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Enrolment(string childId, Dictionary<string, string> registration) => new()
    {
        ["idNumber"] = childId, ["name"] = registration["childName"], ["sex"] = registration["childSex"], ["birthDate"] = registration["birthDate"],
        ["address"] = registration["householdAddress"], ["guardianName"] = registration["headName"], ["phone"] = "13912345678",
        ["year"] = registration["birthDate"][..4],
    };

    private async Task<int> RecordsAsync(string key)
    {
        using var inspection = f.Inspection();
        var answer = await inspection.GetFromJsonAsync<JsonElement>($"systems/yibao/records/count?externalNo={Uri.EscapeDataString(key)}");
        return answer.GetProperty("count").GetInt32();
    }
}
