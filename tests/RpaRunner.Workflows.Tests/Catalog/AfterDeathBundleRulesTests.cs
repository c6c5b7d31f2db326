using System.Globalization;
using System.Text.Json.Nodes;
using RpaRunner.Runner.Demo;
using RpaRunner.Workflows.Catalog;
using RpaRunner.Workflows.Forms;
using RpaRunner.Workflows.Model;

namespace RpaRunner.Workflows.Tests.Catalog;

/// <summary>The “身后” bundle: a date of death in the past and after birth, and 驾驶证注销 only for a licence holder.</summary>
public class AfterDeathBundleRulesTests
{
    private static readonly DateOnly s_today = new(2026, 11, 30);
    private static readonly BundleDefinition s_bundle = BundleCatalog.LoadEmbedded().Find("after-death")!;

    private static FormValidationResult Validate(JsonObject form) => FormValidator.Validate(s_bundle.Form, form, s_today);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Samples_AreValid(int index)
    {
        var result = Validate(SampleApplications.AfterDeath(index, s_today));
        Assert.True(result.IsValid, string.Join("; ", result.Errors.Select(e => $"{e.Path} {e.Code}")));
    }

    [Fact]
    public void ADeathInTheFuture_IsRefused()
    {
        var form = SampleApplications.AfterDeath(0, s_today);
        form["deceased"]!["deathDate"] = Iso(s_today.AddDays(1));
        Assert.Contains(Validate(form).Errors, e => e.Concerns("deceased.deathDate"));
    }

    [Fact]
    public void ADeathBeforeBirth_IsRefused()
    {
        var form = SampleApplications.AfterDeath(1, s_today);
        var birth = DateOnly.ParseExact(form["deceased"]!["birthDate"]!.GetValue<string>(), "yyyy-MM-dd", CultureInfo.InvariantCulture);
        form["deceased"]!["deathDate"] = Iso(birth.AddDays(-1));
        var error = Assert.Single(Validate(form).Errors);
        Assert.Equal(FormErrorCodes.RuleDateOrder, error.Code);
        Assert.Equal("死亡日期不能早于出生日期", error.Message);
    }

    [Fact]
    public void ABirthDateOtherThanTheIdNumbers_IsRefused()
    {
        var form = SampleApplications.AfterDeath(0, s_today);
        var birth = DateOnly.ParseExact(form["deceased"]!["birthDate"]!.GetValue<string>(), "yyyy-MM-dd", CultureInfo.InvariantCulture);
        form["deceased"]!["birthDate"] = Iso(birth.AddDays(1));
        Assert.Contains(Validate(form).Errors, e => e.Code == FormErrorCodes.RuleIdBirthDate);
    }

    [Fact]
    public void ALicenceHolder_NeedsTheLicenceFileNumber()
    {
        var form = SampleApplications.AfterDeath(0, s_today);
        form["deceased"]!.AsObject().Remove("licenceFileNo");
        Assert.Contains(Validate(form).Errors, e => e.Code == FormErrorCodes.RuleRequiredWhen && e.Concerns("deceased.licenceFileNo"));
    }

    [Fact]
    public void TheApplicant_IsNotTheDeceased()
    {
        var form = SampleApplications.AfterDeath(0, s_today);
        form["applicant"]!["idNumber"] = form["deceased"]!["idNumber"]!.GetValue<string>();
        Assert.Contains(Validate(form).Errors, e => e.Code == FormErrorCodes.RuleDistinct);
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public void TheDrivingLicenceIsCancelled_OnlyWhenTheDeceasedHeldOne(bool held, bool runs)
    {
        var form = SampleApplications.AfterDeath(0, s_today);
        form["deceased"]!["hasDrivingLicence"] = held;
        var step = s_bundle.FindStep("drivingLicence")!;
        Assert.Equal(runs, StepConditionEvaluator.Holds(step.Condition, new CaseValues(form, new Dictionary<string, JsonObject>())));
    }

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
