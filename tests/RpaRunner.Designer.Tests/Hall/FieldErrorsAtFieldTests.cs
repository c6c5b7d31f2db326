using Bunit;
using RpaRunner.Designer.Hall;
using RpaRunner.Designer.Tests.TestSupport;
using RpaRunner.Workflows.Forms;

namespace RpaRunner.Designer.Tests.Hall;

/// <summary>What a clerk sees under a field of the unified form: every error of it, in Chinese, as they type.</summary>
public sealed class FieldErrorsAtFieldTests : IAsyncDisposable
{
    private static readonly DateOnly Today = new(2025, 6, 16);
    private readonly BunitContext _context = UiTestContext.Create();

    private (IRenderedComponent<FormFieldInput> Field, UnifiedFormState State) Render(string bundle, string path, UnifiedFormState? state = null)
    {
        var form = UiTestContext.Catalog.Value.Find(bundle)!.Form;
        state ??= new UnifiedFormState(form, () => Today);
        var parts = path.Split('.');
        var section = form.Sections.Single(s => s.Id == parts[0]);
        var cut = _context.RenderInChinese<FormFieldInput>(p => p
            .Add(x => x.State, state)
            .Add(x => x.Section, section)
            .Add(x => x.Field, section.Fields.Single(f => f.Id == parts[1])));
        return (cut, state);
    }

    private static string[] Shown(IRenderedComponent<FormFieldInput> cut) =>
        [.. cut.FindAll("[data-testid=field-errors] li").Select(li => li.TextContent)];

    [Fact]
    public void Typing_ASecondWrongId_ReplacesTheFirstMessage_WithoutLeavingTheField()
    {
        var (cut, _) = Render("newborn", "mother.idNumber");
        cut.Find("input").Input("110105199003070021");
        cut.WaitForAssertion(() => Assert.Contains("校验位错误", Assert.Single(Shown(cut)), StringComparison.Ordinal));

        // Found again: the field re-rendered with its message.
        cut.Find("input").Input("11010519900307");
        cut.WaitForAssertion(() => Assert.Contains("应为 18 位", Assert.Single(Shown(cut)), StringComparison.Ordinal));
    }

    [Fact]
    public void AFieldWithSeveralErrors_ShowsEachOfThem()
    {
        var (cut, _) = Render("newborn", "mother.name");

        cut.Find("input").Input(new string('李', 40) + "<");

        cut.WaitForAssertion(() =>
        {
            var shown = Shown(cut);
            Assert.Equal(2, shown.Length);
            Assert.Contains(shown, s => s.Contains("不能超过", StringComparison.Ordinal));
            Assert.Contains(shown, s => s.Contains("不允许的字符", StringComparison.Ordinal));
        });
    }

    [Fact]
    public void IdNumberContradictingTheSex_ShowsAtTheSexFieldToo()
    {
        var form = UiTestContext.Catalog.Value.Find("retirement")!.Form;
        var state = new UnifiedFormState(form, () => Today);
        state.SetText("applicant.sex", "1");
        state.Touch("applicant.sex");
        state.SetText("applicant.idNumber", "11010519491231002X"); // a woman's number
        state.Touch("applicant.idNumber");

        var (sex, _) = Render("retirement", "applicant.sex", state);
        var (id, _) = Render("retirement", "applicant.idNumber", state);

        Assert.Contains(sex.FindAll("[data-code]"), e => e.GetAttribute("data-code") == FormErrorCodes.RuleIdSex);
        Assert.Contains(id.FindAll("[data-code]"), e => e.GetAttribute("data-code") == FormErrorCodes.RuleIdSex);
        Assert.Contains(state.VisibleErrors(), e => e.Code == FormErrorCodes.RuleIdSex);
    }

    [Fact]
    public void AWrongBankCard_ShowsAtItsField()
    {
        var (cut, _) = Render("retirement", "bank.cardNo");

        cut.Find("input").Input("6222020200112233440");

        cut.WaitForAssertion(() => Assert.Contains("银行卡号校验失败", Assert.Single(Shown(cut)), StringComparison.Ordinal));
    }

    [Fact]
    public void AnEmptiedRequiredField_SaysSoInChinese_NotInEnglish()
    {
        var (cut, _) = Render("newborn", "mother.phone");
        var input = cut.Find("input");

        input.Input("13800138000");
        cut.WaitForAssertion(() => Assert.Empty(Shown(cut)));
        input.Input(string.Empty);
        input.Blur();

        cut.WaitForAssertion(() => Assert.Contains("必填", Assert.Single(Shown(cut)), StringComparison.Ordinal));
        Assert.DoesNotContain("Required", cut.Find("[data-field]").TextContent, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void AnImpossibleDate_IsFlaggedAtTheField_NotDropped()
    {
        var (cut, state) = Render("newborn", "child.birthDate");

        cut.Find("input").Input("2023-02-30");

        cut.WaitForAssertion(() => Assert.Contains("不是有效的日期", Assert.Single(Shown(cut)), StringComparison.Ordinal));
        Assert.Equal("2023-02-30", state.Text("child.birthDate"));
        Assert.Equal("text", cut.Find("input").GetAttribute("type"));
    }

    public ValueTask DisposeAsync() => _context.DisposeAsync();
}
