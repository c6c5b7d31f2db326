using RpaRunner.Sandbox.Register;
using RpaRunner.Sandbox.Tests.Infrastructure;

namespace RpaRunner.Sandbox.Tests.Systems;

/// <summary>社会保险: 人社 registration, card and pension transfer; 医保 enrolment as a flexible worker and the medical transfer.</summary>
public class SocialInsuranceBundleTests(SandboxFixture f) : IClassFixture<SandboxFixture>
{
    /// <summary>Adults from the last one back, as the samples take them (the hiring tests start at the first).</summary>
    private SeedPerson Person(int index) => f.Host.Population.WithRole("father").OrderByDescending(p => p.IdNumber, StringComparer.Ordinal).ElementAt(index);

    private static Dictionary<string, string> Registration(SeedPerson p, string type = "1", string? base_ = "6000") => new()
    {
        ["idNumber"] = p.IdNumber, ["name"] = p.Name, ["sex"] = p.Sex, ["phone"] = p.Phone, ["address"] = p.Address,
        ["insuranceType"] = type, ["insuredFrom"] = DateTime.UtcNow.AddHours(8).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        ["contributionBase"] = base_ ?? "",
    };

    [Fact]
    public async Task FlexibleWorkerMovingIn_RegistersThenCardAndBothTransfers_EachOnce()
    {
        var person = Person(0);
        using var renshe = await f.LoggedInAsync("renshe");
        var registered = await renshe.SubmitAsync("renshe.registerPersonalInsurance", Registration(person), Samples.UniqueKey("registration"));
        Assert.True(registered.Accepted, registered.Error);
        var personalNo = registered.Output("personalSocialInsuranceNo");
        Assert.Contains("不得重复参保", (await renshe.SubmitAsync("renshe.registerPersonalInsurance", Registration(person))).Error, StringComparison.Ordinal);

        var transfer = new Dictionary<string, string>
        {
            ["idNumber"] = person.IdNumber, ["name"] = person.Name, ["personalSocialInsuranceNo"] = personalNo, ["previousRegion"] = "广东省深圳市",
        };
        var pension = await renshe.SubmitAsync("renshe.transferPension", transfer, Samples.UniqueKey("pensionTransfer"));
        Assert.True(pension.Accepted, pension.Error);
        Assert.StartsWith("YLZY", pension.Output("transferContactNo"), StringComparison.Ordinal);
        Assert.Contains("不得重复申请", (await renshe.SubmitAsync("renshe.transferPension", transfer)).Error, StringComparison.Ordinal);

        var card = await renshe.SubmitAsync("renshe.applyEmployeeCard", new Dictionary<string, string>
        {
            ["idNumber"] = person.IdNumber, ["name"] = person.Name, ["sex"] = person.Sex, ["personalSocialInsuranceNo"] = personalNo,
            ["phone"] = person.Phone, ["mailingAddress"] = person.Address,
        }, Samples.UniqueKey("socialSecurityCard"));
        Assert.True(card.Accepted, card.Error);

        using var yibao = await f.LoggedInAsync("yibao");
        var medicalTransfer = new Dictionary<string, string> { ["idNumber"] = person.IdNumber, ["name"] = person.Name, ["previousRegion"] = "广东省深圳市" };
        Assert.Contains("请先办理参保登记", (await yibao.SubmitAsync("yibao.transferMedical", medicalTransfer)).Error, StringComparison.Ordinal);
        var flexible = new Dictionary<string, string>
        {
            ["idNumber"] = person.IdNumber, ["name"] = person.Name, ["phone"] = person.Phone, ["address"] = person.Address,
            ["insuredFrom"] = Registration(person)["insuredFrom"], ["contributionBase"] = "6000",
        };
        var enrolled = await yibao.SubmitAsync("yibao.enrolFlexibleWorker", flexible, Samples.UniqueKey("flexibleMedical"));
        Assert.True(enrolled.Accepted, enrolled.Error);
        Assert.Contains("不得重复参保", (await yibao.SubmitAsync("yibao.enrolFlexibleWorker", flexible)).Error, StringComparison.Ordinal);
        var moved = await yibao.SubmitAsync("yibao.transferMedical", medicalTransfer, Samples.UniqueKey("medicalTransfer"));
        Assert.True(moved.Accepted, moved.Error);
        Assert.StartsWith("YBZY", moved.Output("medicalTransferNo"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Renshe_RefusesAFlexibleBaseOutsideTheBand_AndATransferFromThisCity()
    {
        var person = Person(1);
        using var renshe = await f.LoggedInAsync("renshe");
        Assert.Contains("缴费基数应在", (await renshe.SubmitAsync("renshe.registerPersonalInsurance", Registration(person, base_: "3000"))).Error, StringComparison.Ordinal);
        Assert.Contains("须申报缴费基数", (await renshe.SubmitAsync("renshe.registerPersonalInsurance", Registration(person, base_: null))).Error, StringComparison.Ordinal);

        // A resident's pension has no base to declare.
        var registered = await renshe.SubmitAsync("renshe.registerPersonalInsurance", Registration(person, type: "2", base_: null));
        Assert.True(registered.Accepted, registered.Error);
        var local = await renshe.SubmitAsync("renshe.transferPension", new Dictionary<string, string>
        {
            ["idNumber"] = person.IdNumber, ["name"] = person.Name, ["personalSocialInsuranceNo"] = registered.Output("personalSocialInsuranceNo"),
            ["previousRegion"] = "湖南省长沙市",
        });
        Assert.Contains("无需办理", local.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Renshe_TransfersOnlyOntoTheNumberItGaveThePerson()
    {
        var person = Person(2);
        using var renshe = await f.LoggedInAsync("renshe");
        var refused = await renshe.SubmitAsync("renshe.transferPension", new Dictionary<string, string>
        {
            ["idNumber"] = person.IdNumber, ["name"] = person.Name, ["personalSocialInsuranceNo"] = "104399999999", ["previousRegion"] = "湖北省武汉市",
        });
        Assert.Contains("请先办理社会保险登记", refused.Error, StringComparison.Ordinal);
    }
}
