using System.Globalization;
using System.Text.Json.Nodes;
using RpaRunner.Runner.Demo;
using RpaRunner.Workflows.Catalog;
using RpaRunner.Workflows.Forms;
using RpaRunner.Workflows.Model;

namespace RpaRunner.Workflows.Tests.Catalog;

/// <summary>
/// The rules of 退休 version 2: the chosen date inside the flexible window (at most three years either side of the
/// statutory date, never below the former age), per category; the grounds of 职工提前退休; no typed contribution years.
/// </summary>
public class RetirementBundleRulesTests
{
    private static readonly DateOnly s_today = new(2026, 11, 30);
    private static readonly BundleCatalog s_catalog = BundleCatalog.LoadEmbedded();
    private static readonly BundleDefinition s_bundle = s_catalog.Find("retirement", 2)!;

    private static FormValidationResult Validate(JsonObject form) => FormValidator.Validate(s_bundle.Form, form, s_today);

    private static string IdNumber(DateOnly birth, bool male)
    {
        var first17 = string.Create(CultureInfo.InvariantCulture, $"430102{birth:yyyyMMdd}{(male ? 131 : 132)}");
        return first17 + CitizenIdNumber.ComputeCheckCharacter(first17);
    }

    /// <summary>A valid version-2 form of someone born on <paramref name="birth"/>, retiring as <paramref name="kind"/> on <paramref name="date"/>.</summary>
    private static JsonObject Form(DateOnly birth, bool male, string personType, string kind, DateOnly? date = null)
    {
        var form = SampleApplications.Retirement(0, s_today);
        form["applicant"]!["idNumber"] = IdNumber(birth, male);
        form["applicant"]!["sex"] = male ? "1" : "2";
        form["applicant"]!["personType"] = personType;
        form["retirement"] = new JsonObject { ["kind"] = kind };
        if (date is { } d)
        {
            form["retirement"]!["date"] = d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        return form;
    }

    private static FieldError WindowError(JsonObject form)
    {
        var error = Assert.Single(Validate(form).Errors);
        Assert.Equal(FormErrorCodes.RuleFlexibleRetirement, error.Code);
        Assert.True(error.Concerns("retirement.date") && error.Concerns("applicant.idNumber"));
        return error;
    }

    [Fact]
    public void Latest_IsVersionTwo_AndVersionOneStillLoads()
    {
        Assert.Equal(2, s_catalog.Find("retirement")!.Version);
        Assert.NotNull(s_catalog.Find("retirement", 1));
        Assert.DoesNotContain(s_bundle.Form.Sections.SelectMany(s => s.Fields), f => f.Id == "contributionYears");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    public void Samples_AreValid(int index)
    {
        var result = Validate(SampleApplications.Retirement(index, s_today));
        Assert.True(result.IsValid, string.Join("; ", result.Errors.Select(e => $"{e.Path} {e.Code} {e.Message}")));
    }

    [Fact]
    public void Samples_OfVersionOne_AreValidForVersionOne()
    {
        var result = FormValidator.Validate(s_catalog.Find("retirement", 1)!.Form, SampleApplications.RetirementVersion1(1, s_today), s_today);
        Assert.True(result.IsValid, string.Join("; ", result.Errors.Select(e => $"{e.Path} {e.Code}")));
    }

    // A man born 1966-01-08: statutory age 60 years 4 months (2026-05-08); former age 60 (2026-01-08).
    private static readonly DateOnly s_man = new(1966, 1, 8);

    [Fact]
    public void EarlyRetirement_NotBelowTheFormerAge_TheDayOfTheFormerAgeIsAccepted()
    {
        Assert.True(Validate(Form(s_man, true, "2", "2", new DateOnly(2026, 1, 8))).IsValid);

        var error = WindowError(Form(s_man, true, "2", "2", new DateOnly(2026, 1, 7)));
        Assert.Contains("男职工法定退休年龄为60周岁4个月（2026-05-08到达）", error.Message, StringComparison.Ordinal);
        Assert.Contains("2026-01-08 至 2029-05-08", error.Message, StringComparison.Ordinal);
        Assert.Contains("2026-01-08 to 2029-05-08", error.MessageEn, StringComparison.Ordinal);
    }

    [Fact]
    public void DeferredRetirement_AtMostThreeYearsLater()
    {
        Assert.True(Validate(Form(s_man, true, "2", "3", new DateOnly(2029, 5, 8))).IsValid);
        var error = WindowError(Form(s_man, true, "2", "3", new DateOnly(2029, 5, 9)));
        Assert.Contains("延迟最多 3 年", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EarlyRetirement_AtMostThreeYearsEarlier_WhenTheFormerAgeIsFurtherAway()
    {
        // A woman worker born 1985-01-10 retires at 55 (2040-01-10); three years earlier (2037-01-10) is later than 50.
        var birth = new DateOnly(1985, 1, 10);
        Assert.True(Validate(Form(birth, false, "2", "2", new DateOnly(2037, 1, 10))).IsValid);
        var error = WindowError(Form(birth, false, "2", "2", new DateOnly(2037, 1, 9)));
        Assert.Contains("女工人法定退休年龄为55周岁", error.Message, StringComparison.Ordinal);
        Assert.Contains("2037-01-10 至 2043-01-10", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EachCategory_HasItsOwnStatutoryAge()
    {
        // A woman born 1975-06-15: as a cadre 56 years 5 months (2031-11-15), as a worker 50 years 3 months (2025-09-15).
        var birth = new DateOnly(1975, 6, 15);
        var deferred = new DateOnly(2031, 12, 1);
        Assert.True(Validate(Form(birth, false, "1", "3", deferred)).IsValid);
        var worker = WindowError(Form(birth, false, "2", "3", deferred));
        Assert.Contains("女工人法定退休年龄为50周岁3个月（2025-09-15到达）", worker.Message, StringComparison.Ordinal);

        // A man born the same day: 62 years 8 months (2038-02-15), whatever his category.
        var man = Validate(Form(birth, true, "1", "2", new DateOnly(2031, 12, 1)));
        Assert.Contains("男职工法定退休年龄为62周岁8个月", Assert.Single(man.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BornBeforeTheRise_NoEarlyFlexibleRetirement()
    {
        var error = WindowError(Form(new DateOnly(1964, 3, 12), true, "2", "2", new DateOnly(2024, 1, 1)));
        Assert.Contains("不能选择弹性提前退休", error.Message, StringComparison.Ordinal);
        Assert.Contains("cannot be brought forward", error.MessageEn, StringComparison.Ordinal);
    }

    [Fact]
    public void EarlyDate_AfterTheStatutoryDate_AndDeferredDate_BeforeIt_AreRefused()
    {
        Assert.Contains("应早于法定退休日期", WindowError(Form(s_man, true, "2", "2", new DateOnly(2026, 6, 1))).Message, StringComparison.Ordinal);
        Assert.Contains("应晚于法定退休日期", WindowError(Form(s_man, true, "2", "3", new DateOnly(2026, 4, 1))).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2")]
    [InlineData("3")]
    public void FlexibleRetirement_NeedsTheChosenDate(string kind)
    {
        var error = Assert.Single(Validate(Form(s_man, true, "2", kind)).Errors);
        Assert.Equal(FormErrorCodes.RuleRequiredWhen, error.Code);
        Assert.Equal("retirement.date", error.Path);
    }

    [Fact]
    public void StatutoryRetirement_TakesNoDate()
    {
        Assert.True(Validate(Form(s_man, true, "2", "1")).IsValid);
    }

    [Fact]
    public void EarlyRetirementForSpecialWork_NeedsTheGroundsAndTheYears_DisabilityTheAppraisal()
    {
        var form = Form(s_man, true, "2", "4");
        Assert.Contains(Validate(form).Errors, e => e.Code == FormErrorCodes.RuleRequiredWhen && e.Path == "retirement.earlyGrounds");

        form["retirement"]!["earlyGrounds"] = "1";
        Assert.Equal("retirement.specialWorkYears", Assert.Single(Validate(form).Errors).Path);
        form["retirement"]!["specialWorkYears"] = 12;
        Assert.True(Validate(form).IsValid);

        form["retirement"]!["earlyGrounds"] = "2";
        Assert.Equal("retirement.appraisalNo", Assert.Single(Validate(form).Errors).Path);
        form["retirement"]!["appraisalNo"] = "LDNL2026-0012";
        Assert.True(Validate(form).IsValid);
    }

    [Fact]
    public void TheApprovalsContract_RefusesADateOutsideTheWindow_ForBotsAndCorrectionsToo()
    {
        var action = SystemCatalog.LoadEmbedded().FindAction("renshe.approveFlexibleRetirement")!;
        var inputs = new Dictionary<string, string?>
        {
            ["idNumber"] = IdNumber(s_man, true), ["name"] = "王建国", ["sex"] = "1", ["personType"] = "2",
            ["retirementKind"] = "2", ["retirementDate"] = "2026-01-08", ["contributionMonths"] = "360",
        };
        Assert.True(ActionContract.CheckInputs(action, inputs, s_today).IsValid);

        inputs["retirementDate"] = "2026-01-07";
        var error = Assert.Single(ActionContract.CheckInputs(action, inputs, s_today).Errors);
        Assert.Equal(FormErrorCodes.RuleFlexibleRetirement, error.Code);
    }

    [Fact]
    public void TheSecondVersion_ReadsTheContributionYearsFrom人社_BeforeTheApproval()
    {
        var approval = s_bundle.Steps.Single(s => s.Id == "retirementApproval");
        Assert.Equal("renshe.approveFlexibleRetirement", approval.Action);
        Assert.Contains("contributionRecord", approval.DependsOn);
        Assert.Equal("steps.contributionRecord.contributionMonths", approval.Inputs["contributionMonths"].Path);
        Assert.Equal(["housingFundFreeze"], s_bundle.Steps.Single(s => s.Id == "housingFund").DependsOn);
    }
}
