namespace RpaRunner.Workflows.Calendar;

/// <summary>
/// China's statutory holidays and make-up working days (调休) as published by the General Office of the State
/// Council for 2025 and 2026. Later years are added by configuration (Calendar:Holidays, Calendar:MakeUpWorkingDays).
/// </summary>
public static class ChinaHolidays
{
    public static IReadOnlyList<DateOnly> Holidays { get; } =
    [
        // 2025: New Year; Spring Festival; Qingming; Labour Day; Dragon Boat; National Day and Mid-Autumn.
        .. Days(2025, 1, 1, 1, 1),
        .. Days(2025, 1, 28, 2, 4),
        .. Days(2025, 4, 4, 4, 6),
        .. Days(2025, 5, 1, 5, 5),
        .. Days(2025, 5, 31, 6, 2),
        .. Days(2025, 10, 1, 10, 8),

        // 2026: New Year; Spring Festival; Qingming; Labour Day; Dragon Boat; Mid-Autumn; National Day.
        .. Days(2026, 1, 1, 1, 3),
        .. Days(2026, 2, 15, 2, 23),
        .. Days(2026, 4, 4, 4, 6),
        .. Days(2026, 5, 1, 5, 5),
        .. Days(2026, 6, 19, 6, 21),
        .. Days(2026, 9, 25, 9, 27),
        .. Days(2026, 10, 1, 10, 7),
    ];

    public static IReadOnlyList<DateOnly> MakeUpWorkingDays { get; } =
    [
        new(2025, 1, 26), new(2025, 2, 8), new(2025, 4, 27), new(2025, 9, 28), new(2025, 10, 11),
        new(2026, 1, 4), new(2026, 2, 14), new(2026, 2, 28), new(2026, 5, 9), new(2026, 9, 20), new(2026, 10, 10),
    ];

    private static IEnumerable<DateOnly> Days(int year, int fromMonth, int fromDay, int toMonth, int toDay)
    {
        for (var day = new DateOnly(year, fromMonth, fromDay); day <= new DateOnly(year, toMonth, toDay); day = day.AddDays(1))
        {
            yield return day;
        }
    }
}
