using RpaRunner.Workflows.Catalog;
using RpaRunner.Workflows.Forms;

namespace RpaRunner.Workflows.Tests.Catalog;

/// <summary>The typed contracts of the department systems' actions, and the checks every door runs with them.</summary>
public sealed class ActionContractTests
{
    private static readonly SystemCatalog s_systems = SystemCatalog.LoadEmbedded();
    private static readonly DateOnly s_today = new(2026, 11, 29);

    public static TheoryData<string> Actions() => [.. s_systems.Systems.SelectMany(s => s.Actions).Select(a => a.Id)];

    [Theory]
    [MemberData(nameof(Actions))]
    public void EveryShippedContract_IsWellFormed_AndLabelsEveryField(string actionId)
    {
        var action = s_systems.FindAction(actionId)!;
        Assert.Empty(ActionContract.DefinitionProblems(action));
        Assert.All(action.Inputs.Concat(action.Outputs), f => Assert.False(string.IsNullOrWhiteSpace(f.Label.Zh) || string.IsNullOrWhiteSpace(f.Label.En), $"{actionId}.{f.Id} has no label"));
        Assert.All(action.Inputs.Concat(action.Outputs).Where(f => f.Type == FieldType.Enum), f => Assert.NotEmpty(f.Options!));
    }

    [Theory]
    [MemberData(nameof(Actions))]
    public void AnAmendAction_TakesTheInputsAndOutputsOfTheActionItCorrects_AndReturnsItsOutputs(string actionId)
    {
        var action = s_systems.FindAction(actionId)!;
        if (action.AmendedBy is { } amendId)
        {
            var amend = s_systems.FindAction(amendId);
            Assert.NotNull(amend);
            Assert.Equal(actionId, amend.Amends);
            Assert.Equal(action.InputIds.Concat(action.OutputIds).Order(), amend.InputIds.Order());
            Assert.Equal(action.OutputIds, amend.OutputIds);
        }

        if (action.Amends is { } amends)
        {
            Assert.Equal(actionId, s_systems.FindAction(amends)?.AmendedBy);
        }
    }

    [Fact]
    public void CheckInputs_ABadIdNumberAndAnUnknownSexCode_AreEachReportedWithTheirLabel()
    {
        var action = s_systems.FindAction("weijian.issueBirthCertificate")!;
        var inputs = new Dictionary<string, string?>
        {
            ["childName"] = "王小明", ["childSex"] = "9", ["birthDate"] = "2026-11-01", ["birthPlace"] = "长沙市妇幼保健院",
            ["motherName"] = "张丽", ["motherIdNumber"] = "430102199001011221",
        };

        var check = ActionContract.CheckInputs(action, inputs, s_today);

        Assert.Equal(["inputs.childSex", "inputs.motherIdNumber"], check.Errors.Select(e => e.Path).Order());
        Assert.Contains(check.Errors, e => e.Message.Contains("母亲公民身份号码", StringComparison.Ordinal));
    }

    [Fact]
    public void CheckOutputs_AChildIdThatFitsTheBirthDateAndSex_Passes_AndIsNormalized()
    {
        var action = s_systems.FindAction("gongan.registerNewborn")!;
        var inputs = new Dictionary<string, string?> { ["birthDate"] = "2026-11-01", ["childSex"] = "1" };
        var id = "43010220261101001" + CitizenIdNumber.ComputeCheckCharacter("43010220261101001");

        var check = ActionContract.CheckOutputs(action, inputs, new Dictionary<string, string?> { ["childIdNumber"] = id.ToLowerInvariant() }, s_today);

        Assert.True(check.IsValid, string.Join("; ", check.Errors.Select(e => e.Message)));
        Assert.Equal(id, check.Normalized["childIdNumber"]);
    }

    [Theory]
    [InlineData("43010220261102001", "birth date")]
    [InlineData("43010220261101002", "sex")]
    public void CheckOutputs_AChildIdOfAnotherBirthDateOrSex_IsRefused(string first17, string _)
    {
        var action = s_systems.FindAction("gongan.registerNewborn")!;
        var inputs = new Dictionary<string, string?> { ["birthDate"] = "2026-11-01", ["childSex"] = "1" };
        var id = first17 + CitizenIdNumber.ComputeCheckCharacter(first17);

        var check = ActionContract.CheckOutputs(action, inputs, new Dictionary<string, string?> { ["childIdNumber"] = id }, s_today);

        Assert.Equal("outputs.childIdNumber", Assert.Single(check.Errors).Path);
    }

    [Fact]
    public void CheckOutputs_MarkupInACertificateNumber_IsRefused()
    {
        var action = s_systems.FindAction("weijian.issueBirthCertificate")!;
        var check = ActionContract.CheckOutputs(action, new Dictionary<string, string?>(), new Dictionary<string, string?> { ["birthCertificateNo"] = "<img src=x onerror=alert(1)>" }, s_today);
        Assert.Equal("outputs.birthCertificateNo", Assert.Single(check.Errors).Path);
    }
}
