using System.Net;
using System.Text.Json.Nodes;
using RpaRunner.Runner.Tests.TestSupport;

namespace RpaRunner.Runner.Tests.Hosting;

/// <summary>/health is degraded, with the reason, while deadlines reach a year without holiday data; a holiday file cures it.</summary>
public sealed class HolidayHealthTests
{
    private static int ThisYear => DateTime.UtcNow.AddHours(8).Year;

    [Fact]
    public async Task Health_IsDegraded_NamingTheYearWithoutHolidays_AndHealthyOnceAFileGivesIt()
    {
        // A look-ahead of a year always reaches next year, which the built-in file does not hold yet.
        await using (var runner = await RunnerFixture.StartAsync(null, "--Calendar:HolidayLookAheadDays=366", "--Scheduling:Enabled=false"))
        {
            using var anonymous = runner.Client(null);
            var response = await anonymous.GetAsync("/health");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var health = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            Assert.Equal("Degraded", health["status"]!.GetValue<string>());
            var check = health["checks"]!["holiday-data"]!;
            Assert.Equal("Degraded", check["status"]!.GetValue<string>());
            Assert.Contains($"{ThisYear + 1}", check["description"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Contains("节假日", check["description"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        var file = Path.Combine(Path.GetTempPath(), $"rpa-holidays-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, $$"""
            { "years": { "{{ThisYear}}": { "holidays": ["{{ThisYear}}-10-01"] }, "{{ThisYear + 1}}": { "holidays": ["{{ThisYear + 1}}-01-01"] } } }
            """);
        try
        {
            await using var runner = await RunnerFixture.StartAsync(null, "--Calendar:HolidayLookAheadDays=366", $"--Calendar:HolidaysFile={file}", "--Scheduling:Enabled=false");
            using var anonymous = runner.Client(null);
            var health = JsonNode.Parse(await anonymous.GetStringAsync("/health"))!;
            Assert.Equal("Healthy", health["status"]!.GetValue<string>());
        }
        finally
        {
            File.Delete(file);
        }
    }
}
