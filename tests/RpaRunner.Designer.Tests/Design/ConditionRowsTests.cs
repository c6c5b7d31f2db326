using System.Text.Json;
using RpaRunner.Designer.Design;
using RpaRunner.Designer.Tests.TestSupport;
using RpaRunner.Workflows.Model;

namespace RpaRunner.Designer.Tests.Design;

public sealed class ConditionRowsTests
{
    private static readonly BundleDefinition s_retirement = UiTestContext.Catalog.Value.Find("retirement", 1)!;

    private static StepCondition Parse(string json) => JsonSerializer.Deserialize<StepCondition>(json, JsonDefaults.Options)!;

    private static string Json(StepCondition? c) => JsonSerializer.Serialize(c, JsonDefaults.Options);

    [Theory]
    [InlineData("""{"path":"form.onlyChild.hasCertificate","equals":true}""")]
    [InlineData("""{"not":{"path":"form.applicant.sex","equals":"2"}}""")]
    [InlineData("""{"path":"form.applicant.personType","in":["1","2"]}""")]
    [InlineData("""{"path":"form.onlyChild.certificateNo","notEmpty":true}""")]
    [InlineData("""{"any":[{"path":"form.onlyChild.hasCertificate","equals":true},{"path":"form.applicant.contributionYears","equals":15}]}""")]
    public void TryRead_ThenToCondition_RoundTripsWhatTheRowsCanSay(string json)
    {
        Assert.True(ConditionRows.TryRead(Parse(json), out var rows));
        Assert.Equal(Json(Parse(json)), Json(rows.ToCondition(s_retirement.Form)));
    }

    [Theory]
    [InlineData("""{"all":[{"any":[{"path":"form.applicant.sex","equals":"1"}]}]}""")]
    [InlineData("""{"path":"steps.retirementApproval.retirementApprovalNo","notEmpty":true}""")]
    [InlineData("""{"path":"form.applicant.sex","equals":"1","notEmpty":true}""")]
    public void TryRead_NestingStepResultsOrMixedTests_FallBackToJson(string json)
    {
        Assert.False(ConditionRows.TryRead(Parse(json), out _));
    }

    [Fact]
    public void ToCondition_TypesTheValueByTheField()
    {
        var rows = new ConditionRows([new("form.onlyChild.hasCertificate", ConditionOperator.Equals, "true"), new("form.applicant.contributionYears", ConditionOperator.Equals, "15")], true);
        Assert.Equal("""{"all":[{"path":"form.onlyChild.hasCertificate","equals":true},{"path":"form.applicant.contributionYears","equals":15}]}""", Json(rows.ToCondition(s_retirement.Form)));
    }

    [Theory]
    [InlineData("form.onlyChild.hasCertificate", "maybe", "请选择“是”或“否”")]
    [InlineData("form.applicant.contributionYears", "十五", "请填写整数")]
    [InlineData("form.applicant.sex", "9", "“9”不是该字段的选项")]
    [InlineData("form.applicant.name", "", "请填写要比较的值")]
    public void ValueProblem_SaysWhatDoesNotFitTheFieldsType(string path, string value, string expected)
    {
        var field = s_retirement.Form.FindField(path["form.".Length..])!.Value.Field;
        Assert.Equal(expected, ConditionRows.ValueProblem(new(path, ConditionOperator.Equals, value), field)?.Zh);
    }
}
