using RpaRunner.Designer.Hall;
using RpaRunner.Designer.Tests.TestSupport;
using RpaRunner.Workflows.Forms;

namespace RpaRunner.Designer.Tests.Hall;

public sealed class UnifiedFormStateTests
{
    private static readonly DateOnly Today = new(2025, 6, 16);

    private static UnifiedFormState CreateSut(string bundle = "newborn") =>
        new(UiTestContext.Catalog.Value.Find(bundle)!.Form, () => Today);

    [Fact]
    public void VisibleErrors_UntouchedEmptyField_ShowsNothingUntilSubmitAttempted()
    {
        var sut = CreateSut();

        Assert.Empty(sut.VisibleErrors("mother.idNumber"));
        Assert.False(sut.IsValid);

        sut.AttemptSubmit();
        Assert.Contains(sut.VisibleErrors("mother.idNumber"), e => e.Code == FormErrorCodes.Required);
    }

    [Fact]
    public void SetText_WrongCheckCharacter_ShowsTheIdErrorOnceTouched()
    {
        var sut = CreateSut();

        sut.SetText("mother.idNumber", "110105199003070021");
        sut.Touch("mother.idNumber");

        var error = Assert.Single(sut.VisibleErrors("mother.idNumber"));
        Assert.Equal(FormErrorCodes.IdChecksum, error.Code);
    }

    [Fact]
    public void SetText_ValidIdNumber_FillsSexFromIt()
    {
        var sut = CreateSut("retirement");

        sut.SetText("applicant.idNumber", "11010519491231002X");

        Assert.Equal("2", sut.Text("applicant.sex"));
        Assert.Contains("applicant.sex", sut.Derived);
    }

    [Fact]
    public void SetText_SexTypedByClerk_IsNotOverwrittenByDerivation()
    {
        var sut = CreateSut("retirement");
        sut.SetText("applicant.sex", "1");

        sut.SetText("applicant.idNumber", "11010519491231002X");

        Assert.Equal("1", sut.Text("applicant.sex"));
        Assert.Contains(sut.Result.Errors, e => e.Code == FormErrorCodes.RuleIdSex);
    }

    [Fact]
    public void SetText_Empty_RemovesTheField()
    {
        var sut = CreateSut();
        sut.SetText("child.name", "王小明");

        sut.SetText("child.name", "  ");

        Assert.Null(sut.Text("child.name"));
    }

    [Fact]
    public void ShowRejected_EngineErrors_AreShownEverywhere()
    {
        var sut = CreateSut();

        sut.ShowRejected([new FieldError("child.name", "x", "错误", "wrong")]);

        Assert.Single(sut.VisibleErrors("child.name"));
        Assert.True(sut.SubmitAttempted);
    }
}
