using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using RpaRunner.Designer.Console;
using RpaRunner.Designer.Tests.TestSupport;
using RpaRunner.Workflows.Calendar;

namespace RpaRunner.Designer.Tests.Console;

/// <summary>The console warns, naming the year, while deadlines reach a year without holiday data — the rule /health applies.</summary>
public sealed class HolidayDataBannerTests : IAsyncLifetime
{
    private readonly BunitContext _context = UiTestContext.Create();

    [Theory]
    [InlineData("2026-06-01", null)]
    [InlineData("2026-12-15", "2027")]
    public void TheBanner_NamesAYearWithoutHolidayData_WhenDeadlinesReachIt(string today, string? missing)
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse(today + "T10:00:00+08:00", System.Globalization.CultureInfo.InvariantCulture));
        _context.Services.AddSingleton(WorkingCalendar.China);
        _context.Services.AddSingleton(new BureauClock(time, BureauClock.DefaultZone));
        _context.Services.AddSingleton(new CalendarOptions());

        var cut = _context.RenderInChinese<HolidayDataBanner>(_ => { });

        if (missing is null)
        {
            Assert.Empty(cut.FindAll("[data-testid=holiday-data-missing]"));
        }
        else
        {
            var banner = cut.Find("[data-testid=holiday-data-missing]");
            Assert.Contains($"没有 {missing} 年的节假日数据", banner.TextContent, StringComparison.Ordinal);
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _context.DisposeAsync();
}
