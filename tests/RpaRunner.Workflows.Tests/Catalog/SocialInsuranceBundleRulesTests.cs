using System.Text.Json.Nodes;
using RpaRunner.Runner.Demo;
using RpaRunner.Workflows.Catalog;
using RpaRunner.Workflows.Forms;
using RpaRunner.Workflows.Model;

namespace RpaRunner.Workflows.Tests.Catalog;

/// <summary>The 社会保险 bundle's form rules and step conditions, on the shipped definition.</summary>
public class SocialInsuranceBundleRulesTests
{
    private static readonly DateOnly s_today = new(2026, 11, 30);
    private static readonly BundleDefinition s_bundle = BundleCatalog.LoadEmbedded().Find("social-insurance")!;

    private static FormValidationResult Validate(JsonObject form) => FormValidator.Validate(s_bundle.Form, form, s_today);

    private static bool Runs(string stepId, JsonObject form) =>
        StepConditionEvaluator.Holds(s_bundle.FindStep(stepId)!.Condition, new CaseValues(form, new Dictionary<string, JsonObject>()));

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Samples_AreValid(int index)
    {
        var result = Validate(SampleApplications.SocialInsurance(index, s_today));
        Assert.True(result.IsValid, string.Join("; ", result.Errors.Select(e => $"{e.Path} {e.Code}")));
    }

    [Fact]
    public void AFlexibleWorker_NeedsAContributionBase_AResidentDoesNot()
    {
        var form = SampleApplications.SocialInsurance(0, s_today);
        form["insurance"]!.AsObject().Remove("contributionBase");
        Assert.Contains(Validate(form).Errors, e => e.Code == FormErrorCodes.RuleRequiredWhen && e.Concerns("insurance.contributionBase"));

        form["insurance"]!["category"] = "2";
        Assert.True(Validate(form).IsValid);
    }

    [Fact]
    public void MovingIn_NeedsWhereThePersonWasInsured()
    {
        var form = SampleApplications.SocialInsurance(0, s_today);
        form["transfer"]!.AsObject().Remove("previousRegion");
        Assert.Contains(Validate(form).Errors, e => e.Code == FormErrorCodes.RuleRequiredWhen && e.Concerns("transfer.previousRegion"));
    }

    [Fact]
    public void ABirthDateOtherThanTheIdNumbers_IsRefused()
    {
        var form = SampleApplications.SocialInsurance(1, s_today);
        form["applicant"]!["birthDate"] = "1990-01-01";
        Assert.Contains(Validate(form).Errors, e => e.Code == FormErrorCodes.RuleIdBirthDate);
    }

    [Theory]
    [InlineData("1", true, false)]
    [InlineData("2", false, true)]
    public void TheTwoMedicalEnrolments_AreAlternatives_ByTheCategory(string category, bool flexibleRuns, bool residentRuns)
    {
        var form = SampleApplications.SocialInsurance(0, s_today);
        form["insurance"]!["category"] = category;
        Assert.Equal(flexibleRuns, Runs("flexibleMedical", form));
        Assert.Equal(residentRuns, Runs("residentMedical", form));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void BothTransfers_RunOnlyForSomeoneMovingIn(bool fromElsewhere)
    {
        var form = SampleApplications.SocialInsurance(0, s_today);
        form["transfer"]!["fromElsewhere"] = fromElsewhere;
        Assert.Equal(fromElsewhere, Runs("pensionTransfer", form));
        Assert.Equal(fromElsewhere, Runs("medicalTransfer", form));
    }

    [Fact]
    public void TheCard_FollowsTheRegistration_AndIsGivenItsNumber()
    {
        var card = s_bundle.FindStep("socialSecurityCard")!;
        Assert.Equal(["registration"], card.DependsOn);
        Assert.Null(card.Condition);
    }
}
