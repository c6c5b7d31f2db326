using System.Globalization;
using System.Text.Json.Nodes;
using RpaRunner.Runner.Demo;
using RpaRunner.Workflows.Catalog;
using RpaRunner.Workflows.Forms;
using RpaRunner.Workflows.Model;

namespace RpaRunner.Workflows.Tests.Catalog;

/// <summary>The 员工录用 bundle's form rules and its step condition, on the shipped definition.</summary>
public class HiringBundleRulesTests
{
    private static readonly DateOnly s_today = new(2026, 11, 30);
    private static readonly BundleDefinition s_bundle = BundleCatalog.LoadEmbedded().Find("hiring")!;

    private static FormValidationResult Validate(JsonObject form) => FormValidator.Validate(s_bundle.Form, form, s_today);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Samples_AreValid(int index)
    {
        var result = Validate(SampleApplications.Hiring(index, s_today));
        Assert.True(result.IsValid, string.Join("; ", result.Errors.Select(e => $"{e.Path} {e.Code}")));
    }

    [Fact]
    public void AContractEndingBeforeItStarts_IsRefused()
    {
        var form = SampleApplications.Hiring(0, s_today);
        form["employment"]!["contractEndDate"] = Iso(s_today.AddDays(-30));
        var error = Assert.Single(Validate(form).Errors);
        Assert.Equal(FormErrorCodes.RuleDateOrder, error.Code);
        Assert.Equal("劳动合同终止日期应晚于用工起始日期", error.Message);
    }

    [Fact]
    public void AFixedTermContract_NeedsItsEndDate_AnOpenEndedOneDoesNot()
    {
        var form = SampleApplications.Hiring(0, s_today);
        form["employment"]!.AsObject().Remove("contractEndDate");
        Assert.Contains(Validate(form).Errors, e => e.Code == FormErrorCodes.RuleRequiredWhen && e.Concerns("employment.contractEndDate"));

        form["employment"]!["contractType"] = "2";
        Assert.True(Validate(form).IsValid);
    }

    [Fact]
    public void AnEmployeeUnder16OnTheStartDate_IsRefused()
    {
        var form = SampleApplications.Hiring(1, s_today);
        var birth = s_today.AddYears(-16).AddDays(3);
        form["employee"]!["idNumber"] = SampleApplications.IdNumber(birth, male: false, 5);
        form["employee"]!["sex"] = "2";
        var error = Assert.Single(Validate(form).Errors);
        Assert.Equal(FormErrorCodes.RuleMinAge, error.Code);
        Assert.Contains("未满16周岁", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MovingThePersonnelFile_NeedsWhereItIsKeptNow()
    {
        var form = SampleApplications.Hiring(0, s_today);
        Assert.True(form["archive"]!["transfer"]!.GetValue<bool>());
        form["archive"]!.AsObject().Remove("previousHolder");
        Assert.Contains(Validate(form).Errors, e => e.Code == FormErrorCodes.RuleRequiredWhen && e.Concerns("archive.previousHolder"));
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public void TheArchiveStep_RunsOnlyWhenTheFileMoves(bool transfer, bool runs)
    {
        var form = SampleApplications.Hiring(0, s_today);
        form["archive"] = new JsonObject { ["transfer"] = transfer };
        var step = s_bundle.FindStep("archive")!;
        Assert.Equal(runs, StepConditionEvaluator.Holds(step.Condition, new CaseValues(form, new Dictionary<string, JsonObject>())));
    }

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
