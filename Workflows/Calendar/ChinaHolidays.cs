using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RpaRunner.Workflows.Calendar;

/// <summary>
/// China's statutory holidays and make-up working days (调休), year by year, as the General Office of the State Council
/// publishes them. The data lives in one file, <c>ops/calendar/china-holidays.json</c>, built into the runner; a bureau
/// adds a newly published year there or in its own copy (<c>Calendar:HolidaysFile</c>). A year that is in no file is
/// counted Monday to Friday, and the runner's health says so (<see cref="WorkingCalendar.IsYearCovered"/>).
/// </summary>
public static class ChinaHolidays
{
    /// <summary>The resource name of the built-in file.</summary>
    public const string ResourceName = "Calendar/china-holidays.json";

    // Declared before BuiltIn: static fields are initialised in order, and BuiltIn reads the file with these options.
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>The years of the built-in file.</summary>
    public static IReadOnlyList<HolidayYear> BuiltIn { get; } = LoadBuiltIn();

    /// <summary>Reads a holiday file; a malformed file throws <see cref="InvalidDataException"/> naming the year and day.</summary>
    public static IReadOnlyList<HolidayYear> Load(Stream json, string origin)
    {
        HolidayFile file;
        try
        {
            file = JsonSerializer.Deserialize<HolidayFile>(json, Options) ?? new HolidayFile();
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"The holiday file {origin} is not valid JSON: {ex.Message}", ex);
        }

        var years = new List<HolidayYear>();
        foreach (var (key, entry) in file.Years ?? [])
        {
            if (!int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var year) || year is < 2000 or > 2100)
            {
                throw new InvalidDataException($"The holiday file {origin} has a year '{key}' that is not a year.");
            }

            years.Add(new HolidayYear(year, Days(entry.Holidays, year, origin), Days(entry.MakeUpWorkingDays, year, origin), entry.Source));
        }

        return years;
    }

    /// <summary>Reads the holiday file at <paramref name="path"/>.</summary>
    public static IReadOnlyList<HolidayYear> LoadFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Load(stream, path);
    }

    private static List<DateOnly> Days(List<string>? texts, int year, string origin)
    {
        var days = new List<DateOnly>();
        foreach (var text in texts ?? [])
        {
            try
            {
                days.AddRange(WorkingCalendar.ParseDays(text));
            }
            catch (FormatException ex)
            {
                throw new InvalidDataException($"The holiday file {origin}, year {year}: '{text}' is not a day (yyyy-MM-dd) or a range (yyyy-MM-dd..yyyy-MM-dd).", ex);
            }
        }

        // A year's notice may reach a few days into the next year's January (a Spring Festival on the turn), no further.
        if (days.Where(d => d.Year != year && !(d.Month == 1 && d.Year == year + 1)).Select(d => (DateOnly?)d).FirstOrDefault() is { } stray)
        {
            throw new InvalidDataException($"The holiday file {origin}, year {year}: {stray:yyyy-MM-dd} is not in that year.");
        }

        return days;
    }

    private static IReadOnlyList<HolidayYear> LoadBuiltIn()
    {
        using var stream = typeof(ChinaHolidays).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The built-in holiday file {ResourceName} is missing from the build.");
        return Load(stream, ResourceName);
    }

    private sealed class HolidayFile
    {
        public Dictionary<string, HolidayFileYear>? Years { get; set; }
    }

    private sealed class HolidayFileYear
    {
        public string? Source { get; set; }

        public List<string>? Holidays { get; set; }

        [JsonPropertyName("makeUpWorkingDays")]
        public List<string>? MakeUpWorkingDays { get; set; }
    }
}

/// <summary>One published year: its holidays, its make-up working days, and the notice they come from.</summary>
public sealed record HolidayYear(int Year, IReadOnlyList<DateOnly> Holidays, IReadOnlyList<DateOnly> MakeUpWorkingDays, string? Source = null);
