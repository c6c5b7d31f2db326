using System.Globalization;
using System.Text.Json.Nodes;
using RpaRunner.Runner.Demo;
using RpaRunner.Workflows.Catalog;
using RpaRunner.Workflows.Forms;
using RpaRunner.Workflows.Model;

namespace RpaRunner.Workflows.Tests.Catalog;

/// <summary>The 企业注销 bundle: its form's date rules, and 企业注销登记 after 税务注销 on the clearance it issued.</summary>
public class DeregistrationBundleRulesTests
{
    private static readonly DateOnly s_today = new(2026, 11, 30);
    private static readonly BundleDefinition s_bundle = BundleCatalog.LoadEmbedded().Find("deregistration")!;

    private static FormValidationResult Validate(JsonObject form) => FormValidator.Validate(s_bundle.Form, form, s_today);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Samples_AreValid(int index)
    {
        var result = Validate(SampleApplications.Deregistration(index, s_today));
        Assert.True(result.IsValid, string.Join("; ", result.Errors.Select(e => $"{e.Path} {e.Code}")));
    }

    [Fact]
    public void ALiquidationEndingInTheFuture_IsRefused()
    {
        var form = SampleApplications.Deregistration(0, s_today);
        form["deregistration"]!["liquidationEndDate"] = Iso(s_today.AddDays(3));
        Assert.Contains(Validate(form).Errors, e => e.Concerns("deregistration.liquidationEndDate"));
    }

    [Fact]
    public void ALiquidationEndingBeforeTheNotice_IsRefused()
    {
        var form = SampleApplications.Deregistration(1, s_today);
        form["deregistration"]!["liquidationEndDate"] = Iso(s_today.AddDays(-100));
        var error = Assert.Single(Validate(form).Errors);
        Assert.Equal(FormErrorCodes.RuleDateOrder, error.Code);
        Assert.Equal("清算完结日期不能早于公告起始日期", error.Message);
    }

    [Fact]
    public void TheRegistration_WaitsForTheTaxClearance_AndIsGivenIt()
    {
        var registration = s_bundle.FindStep("registration")!;
        Assert.Equal(new[] { "taxDeregistration" }, registration.DependsOn);
        Assert.Equal("steps.taxDeregistration.taxClearanceNo", registration.Inputs["taxClearanceNo"].Path);
        Assert.Empty(s_bundle.FindStep("taxDeregistration")!.DependsOn);
    }

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
