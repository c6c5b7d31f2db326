using RpaRunner.Runner.Demo;
using RpaRunner.Workflows.Engine;
using RpaRunner.Workflows.Tests.TestSupport;

namespace RpaRunner.Workflows.Tests.Engine;

/// <summary>The hall's search: cases by the beginning of their code, in any letter case, within the clerk's unit only.</summary>
public sealed class CaseCodePrefixTests : IAsyncLifetime
{
    private EngineHarness _h = null!;
    private string _hall1Case = null!;
    private string _hall2Case = null!;

    public async Task InitializeAsync()
    {
        _h = await EngineHarness.CreateAsync();
        _hall1Case = (await _h.Engine.SubmitAsync(new SubmitCase("company-setup", SampleApplications.CompanySetup(1, _h.Today), "clerk", Unit: "furong/hall-1"))).CaseCode;
        _hall2Case = (await _h.Engine.SubmitAsync(new SubmitCase("company-setup", SampleApplications.CompanySetup(2, _h.Today), "clerk", Unit: "furong/hall-2"))).CaseCode;
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task APrefixInLowerCase_FindsTheCase()
    {
        var found = await _h.Queries.FindByCodePrefixAsync(_hall1Case[..10].ToLowerInvariant(), CaseScope.Of("furong/hall-1"));

        Assert.Equal([_hall1Case], found.Select(c => c.Code));
    }

    [Fact]
    public async Task AnotherUnitsCase_IsNotFound_EvenByItsWholeCode()
    {
        Assert.Empty(await _h.Queries.FindByCodePrefixAsync(_hall2Case, CaseScope.Of("furong/hall-1")));
        Assert.Equal(2, (await _h.Queries.FindByCodePrefixAsync(_hall1Case[..2], CaseScope.Of("furong"))).Count);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("CS%")]
    [InlineData("C_")]
    public async Task APrefixThatIsNoCodeBeginning_FindsNothing(string prefix) =>
        Assert.Empty(await _h.Queries.FindByCodePrefixAsync(prefix, CaseScope.All));
}
