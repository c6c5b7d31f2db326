using System.Globalization;

namespace RpaRunner.Workflows.Forms;

/// <summary>Whose statutory retirement age applies: men, women in cadre (management or professional) posts, women workers.</summary>
public enum RetirementGroup
{
    Male,
    FemaleCadre,
    FemaleWorker,
}

/// <summary>
/// One group's rule of the gradual rise: people born before <see cref="FirstAffectedBirthMonth"/> keep
/// <see cref="FormerAgeYears"/>; from that month on, every <see cref="BirthMonthsPerDelayMonth"/> birth months add one
/// month, up to <see cref="MaxDelayMonths"/>.
/// </summary>
public sealed record RetirementAgeRule(
    RetirementGroup Group,
    int FormerAgeYears,
    DateOnly FirstAffectedBirthMonth,
    int BirthMonthsPerDelayMonth,
    int MaxDelayMonths);

/// <summary>The dates that bound a person's flexible retirement: the statutory date and the window around it.</summary>
public sealed record RetirementWindow(RetirementGroup Group, int StatutoryAgeMonths, DateOnly StatutoryDate, DateOnly FormerAgeDate, DateOnly Earliest, DateOnly Latest)
{
    /// <summary>False for people born before the rise began: their statutory age is the former one, so there is nothing to retire early into.</summary>
    public bool AllowsEarly => Earliest < StatutoryDate;
}

/// <summary>
/// The statutory retirement age after the decision of the NPC Standing Committee of September 2024 (in force from
/// 2025-01-01): men 60 → 63 and women cadres 55 → 58 by one month every four birth months, women workers 50 → 55 by
/// one month every two birth months. 弹性退休: with the minimum contribution years met a person may retire up to three
/// years before the statutory age, never below the former age, or defer up to three years after it. Kept as a table,
/// so a later decision changes a row. The department (人社) applies the same table on its side.
/// </summary>
public static class RetirementAge
{
    /// <summary>How far flexible retirement may move the date either way, in years.</summary>
    public const int FlexibleYears = 3;

    public static IReadOnlyList<RetirementAgeRule> Rules { get; } =
    [
        new(RetirementGroup.Male, 60, new DateOnly(1965, 1, 1), 4, 36),
        new(RetirementGroup.FemaleCadre, 55, new DateOnly(1970, 1, 1), 4, 36),
        new(RetirementGroup.FemaleWorker, 50, new DateOnly(1975, 1, 1), 2, 60),
    ];

    public static RetirementGroup GroupOf(bool male, bool cadre) =>
        male ? RetirementGroup.Male : cadre ? RetirementGroup.FemaleCadre : RetirementGroup.FemaleWorker;

    public static RetirementAgeRule RuleFor(RetirementGroup group) => Rules.First(r => r.Group == group);

    /// <summary>The statutory retirement age, in months, of someone of <paramref name="group"/> born on <paramref name="birthDate"/>.</summary>
    public static int StatutoryAgeMonths(RetirementGroup group, DateOnly birthDate)
    {
        var rule = RuleFor(group);
        var sinceStart = ((birthDate.Year - rule.FirstAffectedBirthMonth.Year) * 12) + birthDate.Month - rule.FirstAffectedBirthMonth.Month;
        var delay = sinceStart < 0 ? 0 : Math.Min(rule.MaxDelayMonths, (sinceStart / rule.BirthMonthsPerDelayMonth) + 1);
        return (rule.FormerAgeYears * 12) + delay;
    }

    /// <summary>The statutory date and the flexible window: from the later of three years before it and the former age, to three years after it.</summary>
    public static RetirementWindow WindowFor(RetirementGroup group, DateOnly birthDate, int flexibleYears = FlexibleYears)
    {
        var months = StatutoryAgeMonths(group, birthDate);
        var statutory = birthDate.AddMonths(months);
        var former = birthDate.AddYears(RuleFor(group).FormerAgeYears);
        var earliest = statutory.AddYears(-flexibleYears);
        return new(group, months, statutory, former, earliest < former ? former : earliest, statutory.AddYears(flexibleYears));
    }

    /// <summary>An age in months as people say it: 60周岁, 60周岁4个月.</summary>
    public static string DescribeAgeZh(int months) => months % 12 == 0
        ? string.Create(CultureInfo.InvariantCulture, $"{months / 12}周岁")
        : string.Create(CultureInfo.InvariantCulture, $"{months / 12}周岁{months % 12}个月");

    public static string DescribeAgeEn(int months) => months % 12 == 0
        ? string.Create(CultureInfo.InvariantCulture, $"{months / 12} years")
        : string.Create(CultureInfo.InvariantCulture, $"{months / 12} years {months % 12} months");

    public static (string Zh, string En) Describe(RetirementGroup group) => group switch
    {
        RetirementGroup.Male => ("男职工", "a man"),
        RetirementGroup.FemaleCadre => ("女干部", "a woman in a cadre post"),
        _ => ("女工人", "a woman worker"),
    };
}
