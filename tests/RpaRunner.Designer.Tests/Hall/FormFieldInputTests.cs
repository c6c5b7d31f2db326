using Bunit;
using RpaRunner.Designer.Hall;
using RpaRunner.Designer.Tests.TestSupport;

namespace RpaRunner.Designer.Tests.Hall;

public sealed class FormFieldInputTests : IDisposable
{
    private readonly BunitContext _context = UiTestContext.Create();

    [Fact]
    public void Change_WrongIdCheckCharacter_ShowsTheErrorUnderTheField()
    {
        var form = UiTestContext.Catalog.Value.Find("newborn")!.Form;
        var state = new UnifiedFormState(form, () => new DateOnly(2025, 6, 16));
        var section = form.Sections.Single(s => s.Id == "mother");
        var cut = _context.RenderInChinese<FormFieldInput>(p => p
            .Add(x => x.State, state)
            .Add(x => x.Section, section)
            .Add(x => x.Field, section.Fields.Single(f => f.Id == "idNumber")));

        var input = cut.Find("[data-field='mother.idNumber'] input");
        input.Input("110105199003070021");
        input.Blur();

        cut.WaitForAssertion(() => Assert.Contains("校验", cut.Find("[data-field='mother.idNumber']").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public void Change_ValidIdCheckCharacter_ShowsNoError()
    {
        var form = UiTestContext.Catalog.Value.Find("newborn")!.Form;
        var state = new UnifiedFormState(form, () => new DateOnly(2025, 6, 16));
        var section = form.Sections.Single(s => s.Id == "mother");
        var cut = _context.RenderInChinese<FormFieldInput>(p => p
            .Add(x => x.State, state)
            .Add(x => x.Section, section)
            .Add(x => x.Field, section.Fields.Single(f => f.Id == "idNumber")));

        var input = cut.Find("[data-field='mother.idNumber'] input");
        input.Input("110105199003070025");
        input.Blur();

        cut.WaitForAssertion(() =>
        {
            Assert.Equal("110105199003070025", state.Text("mother.idNumber"));
            Assert.Empty(state.VisibleErrors("mother.idNumber"));
            Assert.Empty(cut.FindAll(".mud-input-error"));
        });
    }

    public void Dispose() => _context.Dispose();
}
