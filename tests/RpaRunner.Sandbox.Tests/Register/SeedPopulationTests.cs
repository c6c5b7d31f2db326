using RpaRunner.Sandbox.Identifiers;
using RpaRunner.Sandbox.Register;

namespace RpaRunner.Sandbox.Tests.Register;

public class SeedPopulationTests
{
    private static readonly SeedPopulation Seed = SeedPopulation.Load();

    [Fact]
    public void Load_EveryIdNumberIsValidAndMatchesBirthDateAndSex()
    {
        Assert.True(Seed.People.Count >= 40);
        foreach (var p in Seed.People)
        {
            Assert.True(CitizenIdNumber.IsValid(p.IdNumber), p.IdNumber);
            Assert.Equal(p.BirthDate.Replace("-", "", StringComparison.Ordinal), p.IdNumber[6..14]);
            Assert.Equal(p.Sex, CitizenIdNumber.SexCode(p.IdNumber));
        }

        Assert.Equal(Seed.People.Count, Seed.People.Select(p => p.IdNumber).Distinct().Count());
    }

    [Fact]
    public void Load_RetireesHaveValidCardsAndEmployers()
    {
        var retirees = Seed.WithRole("retiree").ToList();
        Assert.Contains(retirees, r => r.Retirement!.Group == "male");
        Assert.Contains(retirees, r => r.Retirement!.Group == "female-cadre");
        Assert.Contains(retirees, r => r.Retirement!.Group == "female-worker");
        foreach (var r in retirees)
        {
            Assert.True(BankCardNumber.IsValid(r.Retirement!.BankCardNo));
            Assert.Contains(Seed.Enterprises, e => e.CreditCode == r.Retirement.EmployerCreditCode);
        }

        Assert.All(Seed.Enterprises, e => Assert.True(CreditCode.IsValid(e.CreditCode), e.CreditCode));
    }

    [Fact]
    public void Load_MatchesThePublishedFile()
    {
        var file = Path.Combine(AppContext.BaseDirectory, "../../../../../ops/sandbox/seed/population.json");
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(file));
        Assert.Equal(Seed.People.Count, json.RootElement.GetProperty("people").GetArrayLength());
    }
}
