using System.Globalization;
using System.Text.Json.Nodes;
using RpaRunner.Runner.Demo;
using RpaRunner.Workflows.Catalog;
using RpaRunner.Workflows.Forms;
using RpaRunner.Workflows.Model;

namespace RpaRunner.Workflows.Tests.Catalog;

/// <summary>The newborn bundle's second version: what 出生登记 needs, the 90-day window, and version 1 kept for its cases.</summary>
public class NewbornBundleRulesTests
{
    private static readonly DateOnly s_today = new(2026, 11, 30);
    private static readonly BundleCatalog s_catalog = BundleCatalog.LoadEmbedded();
    private static readonly BundleDefinition s_bundle = s_catalog.Find("newborn")!;

    private static FormValidationResult Validate(JsonObject form) => FormValidator.Validate(s_bundle.Form, form, s_today);

    private static JsonObject Sample(int index = 0) => SampleApplications.Newborn(index, s_today);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Samples_AreValid(int index)
    {
        var result = Validate(Sample(index));
        Assert.True(result.IsValid, string.Join("; ", result.Errors.Select(e => $"{e.Path} {e.Code}")));
    }

    [Fact]
    public void TheLatestVersion_IsThree_AndVersionsOneAndTwoStillLoad()
    {
        Assert.Equal(3, s_bundle.Version);
        Assert.Equal("dzzz.fetchLicence", s_bundle.FindStep("fetchBirthCertificate")!.Action);
        Assert.Null(s_catalog.Find("newborn", 2)!.FindStep("fetchBirthCertificate"));
        var v1 = s_catalog.Find("newborn", 1);
        Assert.NotNull(v1);
        Assert.Equal("gongan.registerNewborn", v1!.FindStep("household")!.Action);
        Assert.Equal("shuiwu.payResidentMedicalPremium", v1.FindStep("premium")!.Action);
        Assert.Equal("gongan.registerBirth", s_bundle.FindStep("household")!.Action);
    }

    [Fact]
    public void AVersionOneForm_StillPassesVersionOne()
    {
        var form = Sample();
        form["child"]!.AsObject().Remove("ethnicity");
        var household = form["household"]!.AsObject();
        foreach (var field in new[] { "settleWith", "county", "headName", "headIdNumber", "headRelation" })
        {
            household.Remove(field);
        }

        var v1 = FormValidator.Validate(s_catalog.Find("newborn", 1)!.Form, form, s_today);
        Assert.True(v1.IsValid, string.Join("; ", v1.Errors.Select(e => $"{e.Path} {e.Code}")));
        Assert.False(Validate(form).IsValid);
    }

    [Theory]
    [InlineData("00")]
    [InlineData("57")]
    [InlineData("汉族")]
    public void AnEthnicityOutsideGb3304_IsRefused(string code)
    {
        var form = Sample();
        form["child"]!["ethnicity"] = code;
        Assert.Contains(Validate(form).Errors, e => e.Path == "child.ethnicity");
    }

    [Fact]
    public void TheEthnicities_AreTheFiftySixOfGb3304_WithChineseLabels()
    {
        var options = s_bundle.Form.FindField("child.ethnicity")!.Value.Field.Options!;
        Assert.Equal(56, options.Count);
        Assert.Equal(Enumerable.Range(1, 56).Select(i => i.ToString("00", CultureInfo.InvariantCulture)), options.Select(o => o.Code));
        Assert.Equal("汉族", options[0].Label.Zh);
        Assert.Equal("基诺族", options[55].Label.Zh);
        Assert.All(options, o => Assert.EndsWith("族", o.Label.Zh, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("headRelation", "10")]
    [InlineData("headRelation", "")]
    [InlineData("county", "110101")]
    [InlineData("county", "4301")]
    [InlineData("settleWith", "3")]
    public void AChoiceOutsideItsList_IsRefused(string field, string value)
    {
        var form = Sample();
        form["household"]![field] = value;
        Assert.Contains(Validate(form).Errors, e => e.Path == "household." + field);
    }

    [Fact]
    public void TheHeadOfHousehold_IsValidatedLikeEveryIdNumber()
    {
        var form = Sample();
        var id = form["household"]!["headIdNumber"]!.GetValue<string>();
        form["household"]!["headIdNumber"] = id[..17] + (id[17] == '0' ? '1' : '0');
        Assert.Contains(Validate(form).Errors, e => e.Path == "household.headIdNumber" && e.Code == FormErrorCodes.IdChecksum);

        form["household"]!.AsObject().Remove("headIdNumber");
        Assert.Contains(Validate(form).Errors, e => e.Path == "household.headIdNumber" && e.Code == FormErrorCodes.Required);
    }

    [Fact]
    public void JoiningTheFathersHousehold_NeedsTheFathersNumber()
    {
        var form = Sample(1);
        Assert.Equal("1", form["household"]!["settleWith"]!.GetValue<string>());
        form["father"]!.AsObject().Remove("idNumber");
        Assert.Contains(Validate(form).Errors, e => e.Code == FormErrorCodes.RuleRequiredWhen && e.Concerns("father.idNumber"));

        form["household"]!["settleWith"] = "2";
        form["household"]!["headName"] = form["mother"]!["name"]!.GetValue<string>();
        form["household"]!["headIdNumber"] = form["mother"]!["idNumber"]!.GetValue<string>();
        Assert.DoesNotContain(Validate(form).Errors, e => e.Code == FormErrorCodes.RuleRequiredWhen);
    }

    [Theory]
    [InlineData(90, true)]
    [InlineData(91, false)]
    public void TheApplication_FallsWithin90DaysOfBirth(int daysAfterBirth, bool accepted)
    {
        var form = Sample();
        var birth = s_today.AddDays(-daysAfterBirth);
        form["child"]!["birthDate"] = birth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        form["insurance"]!["year"] = birth.Year;
        var errors = Validate(form).Errors;
        Assert.Equal(accepted, !errors.Any(e => e.Code == FormErrorCodes.RuleMaxAgeDays));
        Assert.True(accepted || errors.Any(e => e.Message.Contains("90日", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData(90, true)]
    [InlineData(91, false)]
    public void TheEnrolmentContract_HoldsTheSameWindow_ForACorrectedBirthDate(int daysAfterBirth, bool accepted)
    {
        var action = s_catalog.Systems.FindAction("yibao.enrolNewborn")!;
        var birth = s_today.AddDays(-daysAfterBirth);
        var childId = ChildId(birth);
        var check = ActionContract.CheckInputs(action, new Dictionary<string, string?>
        {
            ["idNumber"] = childId, ["name"] = "王小宝", ["sex"] = "1", ["birthDate"] = birth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["address"] = "湖南省长沙市芙蓉区五一大道1号", ["guardianName"] = "李梅", ["phone"] = "13912345678", ["year"] = "2026",
        }, s_today);
        Assert.Equal(accepted, check.IsValid);
    }

    [Fact]
    public void ThePremiumStep_ConfirmsThePaymentAt医保_AndSaysWhatItAwaits()
    {
        var premium = s_bundle.FindStep("premium")!;
        Assert.Equal("yibao.confirmPremium", premium.Action);
        var awaits = s_catalog.Systems.FindAction(premium.Action)!.Awaits;
        Assert.Equal("待缴费", awaits!.Zh);
        Assert.Equal("awaiting payment", awaits.En);
        Assert.Contains("paymentRef", s_bundle.FindStep("medicalInsurance")!.Outputs);
    }

    private static string ChildId(DateOnly birth)
    {
        var first17 = string.Create(CultureInfo.InvariantCulture, $"430104{birth:yyyyMMdd}011");
        return first17 + CitizenIdNumber.ComputeCheckCharacter(first17);
    }
}
