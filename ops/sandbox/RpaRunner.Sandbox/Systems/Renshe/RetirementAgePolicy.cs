namespace RpaRunner.Sandbox.Systems.Renshe;

public enum RetirementGroup
{
    Male,
    FemaleCadre,
    FemaleWorker,
}

/// <summary>
/// One group's statutory-age rule. People born before <see cref="FirstAffectedBirthMonth"/> keep
/// <see cref="OriginalAgeYears"/>; from that month on, every <see cref="BirthMonthsPerDelayMonth"/> birth months
/// add one month, up to <see cref="MaxDelayMonths"/>.
/// </summary>
public sealed record RetirementAgeRule(
    RetirementGroup Group,
    int OriginalAgeYears,
    DateOnly FirstAffectedBirthMonth,
    int BirthMonthsPerDelayMonth,
    int MaxDelayMonths);

/// <summary>
/// The gradual rise of the statutory retirement age decided by the NPC Standing Committee in September 2024,
/// in force from 2025-01-01: men 60 → 63 and women cadres 55 → 58 by one month every four months, women
/// workers 50 → 55 by one month every two months; the minimum contribution period rises from 15 years by
/// half a year per year from 2030 until it reaches 20. Kept as data so a later decision changes a table row.
/// </summary>
public static class RetirementAgePolicy
{
    public static IReadOnlyList<RetirementAgeRule> Rules { get; } =
    [
        new(RetirementGroup.Male, 60, new DateOnly(1965, 1, 1), 4, 36),
        new(RetirementGroup.FemaleCadre, 55, new DateOnly(1970, 1, 1), 4, 36),
        new(RetirementGroup.FemaleWorker, 50, new DateOnly(1975, 1, 1), 2, 60),
    ];

    /// <summary>Year from which the minimum contribution period starts to rise, the step per year and the cap.</summary>
    public static (int FromYear, decimal BaseYears, decimal StepPerYear, decimal MaxYears) ContributionRule { get; } = (2030, 15m, 0.5m, 20m);

    public static RetirementGroup GroupOf(string sexCode, string personTypeCode) =>
        sexCode == "1" ? RetirementGroup.Male : personTypeCode == "1" ? RetirementGroup.FemaleCadre : RetirementGroup.FemaleWorker;

    public static RetirementAgeRule RuleFor(RetirementGroup group) => Rules.First(r => r.Group == group);

    /// <summary>The statutory retirement age in months for a person born on <paramref name="birthDate"/>.</summary>
    public static int StatutoryAgeMonths(RetirementGroup group, DateOnly birthDate)
    {
        var rule = RuleFor(group);
        var monthsSinceStart = ((birthDate.Year - rule.FirstAffectedBirthMonth.Year) * 12) + birthDate.Month - rule.FirstAffectedBirthMonth.Month;
        var delay = monthsSinceStart < 0 ? 0 : Math.Min(rule.MaxDelayMonths, (monthsSinceStart / rule.BirthMonthsPerDelayMonth) + 1);
        return (rule.OriginalAgeYears * 12) + delay;
    }

    /// <summary>The day the person reaches the statutory age.</summary>
    public static DateOnly RetirementDate(RetirementGroup group, DateOnly birthDate) =>
        birthDate.AddMonths(StatutoryAgeMonths(group, birthDate));

    /// <summary>The pension is paid from the month after the statutory age is reached.</summary>
    public static DateOnly PensionStartMonth(RetirementGroup group, DateOnly birthDate)
    {
        var date = RetirementDate(group, birthDate);
        return new DateOnly(date.Year, date.Month, 1).AddMonths(1);
    }

    /// <summary>Minimum contribution years for someone retiring in <paramref name="year"/>.</summary>
    public static decimal MinimumContributionYears(int year)
    {
        var (fromYear, baseYears, step, max) = ContributionRule;
        return year < fromYear ? baseYears : Math.Min(max, baseYears + (step * (year - fromYear + 1)));
    }

    /// <summary>
    /// 弹性退休: the earliest date a person may choose (three years before the statutory date, not below the former age)
    /// and the latest (three years after it).
    /// </summary>
    public static (DateOnly Earliest, DateOnly Latest) FlexibleWindow(RetirementGroup group, DateOnly birthDate)
    {
        var statutory = RetirementDate(group, birthDate);
        var former = birthDate.AddYears(RuleFor(group).OriginalAgeYears);
        var earliest = statutory.AddYears(-FlexibleYears);
        return (earliest < former ? former : earliest, statutory.AddYears(FlexibleYears));
    }

    /// <summary>How far flexible retirement may move the date either way.</summary>
    public const int FlexibleYears = 3;

    /// <summary>How long before the retirement date 人社 takes the application (the employee tells the employer three months ahead).</summary>
    public const int ApplyMonthsAhead = 3;

    public static string Describe(RetirementGroup group) => group switch
    {
        RetirementGroup.Male => "男职工",
        RetirementGroup.FemaleCadre => "女干部",
        _ => "女工人",
    };
}
