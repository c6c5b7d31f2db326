using RpaRunner.Sandbox.Systems.Renshe;

namespace RpaRunner.Sandbox.Tests.Systems.Renshe;

public class RetirementAgePolicyTests
{
    [Theory]
    [InlineData(RetirementGroup.Male, "1964-12-15", 720)]          // before the reform: 60
    [InlineData(RetirementGroup.Male, "1965-01-10", 721)]          // 60 + 1 month
    [InlineData(RetirementGroup.Male, "1965-04-30", 721)]
    [InlineData(RetirementGroup.Male, "1965-05-01", 722)]          // one more month every four birth months
    [InlineData(RetirementGroup.Male, "1976-09-01", 756)]          // 63
    [InlineData(RetirementGroup.Male, "1990-01-01", 756)]          // capped at 63
    [InlineData(RetirementGroup.FemaleCadre, "1969-12-31", 660)]   // 55
    [InlineData(RetirementGroup.FemaleCadre, "1970-01-01", 661)]
    [InlineData(RetirementGroup.FemaleCadre, "1990-01-01", 696)]   // 58
    [InlineData(RetirementGroup.FemaleWorker, "1974-12-31", 600)]  // 50
    [InlineData(RetirementGroup.FemaleWorker, "1975-01-01", 601)]
    [InlineData(RetirementGroup.FemaleWorker, "1975-03-01", 602)]  // one more month every two birth months
    [InlineData(RetirementGroup.FemaleWorker, "1984-12-01", 660)]  // 55
    [InlineData(RetirementGroup.FemaleWorker, "1995-12-01", 660)]
    public void StatutoryAgeMonths_FollowsThe2024Decision(RetirementGroup group, string birth, int expectedMonths) =>
        Assert.Equal(expectedMonths, RetirementAgePolicy.StatutoryAgeMonths(group, DateOnly.Parse(birth, System.Globalization.CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData(2025, 15.0)]
    [InlineData(2029, 15.0)]
    [InlineData(2030, 15.5)]
    [InlineData(2035, 18.0)]
    [InlineData(2039, 20.0)]
    [InlineData(2050, 20.0)]
    public void MinimumContributionYears_RisesHalfAYearPerYearFrom2030(int year, double expected) =>
        Assert.Equal((decimal)expected, RetirementAgePolicy.MinimumContributionYears(year));

    [Fact]
    public void GroupOf_UsesSexThenPersonType()
    {
        Assert.Equal(RetirementGroup.Male, RetirementAgePolicy.GroupOf("1", "1"));
        Assert.Equal(RetirementGroup.FemaleCadre, RetirementAgePolicy.GroupOf("2", "1"));
        Assert.Equal(RetirementGroup.FemaleWorker, RetirementAgePolicy.GroupOf("2", "2"));
    }

    [Fact]
    public void PensionStartMonth_IsTheMonthAfterTheStatutoryAge()
    {
        // Born 1965-06-15: male, 60 years and 2 months -> 2025-08-15 -> paid from 2025-09.
        Assert.Equal(new DateOnly(2025, 9, 1), RetirementAgePolicy.PensionStartMonth(RetirementGroup.Male, new DateOnly(1965, 6, 15)));
    }
}
