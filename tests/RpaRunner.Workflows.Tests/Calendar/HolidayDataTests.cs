using System.Text;
using RpaRunner.Workflows.Calendar;

namespace RpaRunner.Workflows.Tests.Calendar;

/// <summary>Holidays come from one data file (ops/calendar/china-holidays.json), a bureau's own file adds a year, and a year in no file is named.</summary>
public sealed class HolidayDataTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("rpa-holidays-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void TheBuiltInFile_IsTheOneUnderOps_AndGivesTheNationalDayAndItsMakeUpDay()
    {
        var opsFile = Path.Combine(RepositoryRoot(), "ops", "calendar", "china-holidays.json");
        var fromOps = ChinaHolidays.LoadFile(opsFile);
        Assert.Equal(fromOps.Select(y => y.Year), ChinaHolidays.BuiltIn.Select(y => y.Year));
        Assert.Equal(fromOps.SelectMany(y => y.Holidays), ChinaHolidays.BuiltIn.SelectMany(y => y.Holidays));

        var calendar = WorkingCalendar.China;
        Assert.False(calendar.IsWorkingDay(new DateOnly(2026, 10, 1)));
        Assert.True(calendar.IsWorkingDay(new DateOnly(2026, 10, 10))); // a Saturday worked (调休)
        Assert.True(calendar.IsYearCovered(2026));
        Assert.False(calendar.IsYearCovered(2027));
    }

    [Fact]
    public void AYearWithoutData_IsNamedWhenDeadlinesReachIt()
    {
        var calendar = WorkingCalendar.China;
        Assert.Empty(calendar.MissingYears(new DateOnly(2026, 6, 1), 31));
        Assert.Equal([2027], calendar.MissingYears(new DateOnly(2026, 12, 15), 31));
        Assert.Equal([2027], calendar.MissingYears(new DateOnly(2027, 3, 1), 0));
    }

    [Fact]
    public void ABureausOwnFile_AddsAYear_WhoseHolidaysThenCount()
    {
        var file = Write("""
            { "years": { "2027": { "source": "test notice", "holidays": ["2027-01-01..2027-01-03", "2027-02-06..2027-02-12"], "makeUpWorkingDays": ["2027-02-14"] } } }
            """);
        var calendar = WorkingCalendar.FromOptions(new CalendarOptions { HolidaysFile = file });

        Assert.True(calendar.IsYearCovered(2027));
        Assert.True(calendar.IsYearCovered(2026));
        Assert.False(calendar.IsWorkingDay(new DateOnly(2027, 2, 8)));  // a Monday in the Spring Festival
        Assert.True(calendar.IsWorkingDay(new DateOnly(2027, 2, 14))); // a Sunday worked
        Assert.Empty(calendar.MissingYears(new DateOnly(2026, 12, 15), 31));
    }

    [Theory]
    [InlineData("""{ "years": { "20x7": { "holidays": [] } } }""", "20x7")]
    [InlineData("""{ "years": { "2027": { "holidays": ["2027-02-30"] } } }""", "2027-02-30")]
    [InlineData("""{ "years": { "2027": { "holidays": ["2026-10-01"] } } }""", "2026-10-01")]
    [InlineData("""{ "years": [ """, "not valid JSON")]
    public void AMalformedFile_IsRefused_NamingWhatIsWrong(string json, string named)
    {
        var error = Assert.Throws<InvalidDataException>(() => WorkingCalendar.FromOptions(new CalendarOptions { HolidaysFile = Write(json) }));
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    private string Write(string json)
    {
        var path = Path.Combine(_folder, $"holidays-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json, Encoding.UTF8);
        return path;
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "RpaRunner.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("The repository root was not found.");
    }
}
