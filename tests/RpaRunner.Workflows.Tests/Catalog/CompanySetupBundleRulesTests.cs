using System.Globalization;
using System.Text.Json.Nodes;
using RpaRunner.Runner.Demo;
using RpaRunner.Workflows.Catalog;
using RpaRunner.Workflows.Forms;
using RpaRunner.Workflows.Model;

namespace RpaRunner.Workflows.Tests.Catalog;

/// <summary>The 企业开办 form's rules: shareholders and the five-year paid-in deadline, officers, business-scope codes, credit limit.</summary>
public class CompanySetupBundleRulesTests
{
    private static readonly DateOnly s_today = new(2026, 11, 30);
    private static readonly BundleDefinition s_bundle = BundleCatalog.LoadEmbedded().Find("company-setup")!;

    private static FormValidationResult Validate(JsonObject form) => FormValidator.Validate(s_bundle.Form, form, s_today);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    public void Samples_AreValid(int index)
    {
        var result = Validate(SampleApplications.CompanySetup(index, s_today));
        Assert.True(result.IsValid, string.Join("; ", result.Errors.Select(e => $"{e.Path} {e.Code}")));
    }

    [Fact]
    public void SubscriptionsNotAddingUpToTheCapital_AreRefused_NamingEveryAmount()
    {
        var form = SampleApplications.CompanySetup(0, s_today);
        Assert.NotNull(form["shareholder2"]);
        form["shareholder2"]!["subscribedCapital"] = 39;
        var error = Assert.Single(Validate(form).Errors);
        Assert.Equal(FormErrorCodes.RuleSumEquals, error.Code);
        Assert.Equal("全体股东认缴出资额之和应等于注册资本", error.Message);
        Assert.True(error.Concerns("company.registeredCapital") && error.Concerns("shareholder1.subscribedCapital") && error.Concerns("shareholder2.subscribedCapital"));
    }

    [Fact]
    public void CapitalPaidInLaterThanFiveYearsFromEstablishment_IsRefused_OnTheLastDayItIsNot()
    {
        var form = SampleApplications.CompanySetup(1, s_today);
        form["shareholder1"]!["paidInDate"] = Iso(s_today.AddYears(5));
        Assert.True(Validate(form).IsValid);

        form["shareholder1"]!["paidInDate"] = Iso(s_today.AddYears(5).AddDays(1));
        var error = Assert.Single(Validate(form).Errors);
        Assert.Equal(FormErrorCodes.RuleMaxYearsAfter, error.Code);
        Assert.Contains("五年内缴足", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ASecondShareholder_GivenByName_MustBeWhole()
    {
        var form = SampleApplications.CompanySetup(1, s_today);
        form["shareholder2"] = new JsonObject { ["name"] = "王五" };
        var errors = Validate(form).Errors;
        Assert.Contains(errors, e => e.Code == FormErrorCodes.RuleRequiredWhen && e.Concerns("shareholder2.idNumber"));
        Assert.Contains(errors, e => e.Code == FormErrorCodes.RuleRequiredWhen && e.Concerns("shareholder2.subscribedCapital"));
        Assert.Contains(errors, e => e.Code == FormErrorCodes.RuleRequiredWhen && e.Concerns("shareholder2.paidInDate"));
    }

    [Theory]
    [InlineData("legalRep")]
    [InlineData("financeOfficer")]
    public void TheSupervisor_IsNeitherTheLegalRepresentativeNorTheFinanceOfficer(string other)
    {
        var form = SampleApplications.CompanySetup(1, s_today);
        form["supervisor"]!["idNumber"] = form[other]!["idNumber"]!.GetValue<string>();
        var error = Assert.Single(Validate(form).Errors);
        Assert.Equal(FormErrorCodes.RuleDistinct, error.Code);
        Assert.Equal("董事、高级管理人员不得兼任监事", error.Message);
    }

    [Theory]
    [InlineData("软件开发；信息技术咨询服务")]
    [InlineData("1040101,104010")]
    public void TheBusinessScope_IsCatalogueItemCodes(string scope)
    {
        var form = SampleApplications.CompanySetup(1, s_today);
        form["company"]!["businessScope"] = scope;
        Assert.Contains(Validate(form).Errors, e => e.Path == "company.businessScope");
    }

    [Fact]
    public void Invoices_AreAskedForByCreditLimit_NotByQuantity()
    {
        var tax = s_bundle.FindStep("tax")!;
        Assert.Contains("creditLimit", tax.Inputs.Keys);
        Assert.DoesNotContain("invoiceQuantity", tax.Inputs.Keys);
        var form = SampleApplications.CompanySetup(1, s_today);
        form["tax"]!["creditLimit"] = 0;
        Assert.Contains(Validate(form).Errors, e => e.Path == "tax.creditLimit");
    }

    [Theory]
    [InlineData(2, true)]
    [InlineData(0, false)]
    public void TheSumRule_SkipsEmptyShareholders_AndAValidSumPasses(int wrongBy, bool refused)
    {
        var form = SampleApplications.CompanySetup(1, s_today);
        Assert.Null(form["shareholder2"]);
        form["shareholder1"]!["subscribedCapital"] = form["company"]!["registeredCapital"]!.GetValue<int>() + wrongBy;
        Assert.Equal(refused, Validate(form).Errors.Any(e => e.Code == FormErrorCodes.RuleSumEquals));
    }

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
