using RpaRunner.Workflows.Engine;
using RpaRunner.Workflows.Tests.TestSupport;

namespace RpaRunner.Workflows.Tests.Engine;

/// <summary>The console's trends: cases per bureau day, time to complete per bundle, failure rate per system.</summary>
public sealed class CaseTrendsTests : IAsyncLifetime
{
    private EngineHarness _h = null!;

    public async Task InitializeAsync() => _h = await EngineHarness.CreateAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private static TimeSpan H(double hours) => TimeSpan.FromHours(hours);

    [Fact]
    public void MedianAndP95_InterpolateBetweenTheNearestRanks()
    {
        TimeSpan[] four = [H(1), H(2), H(3), H(4)];
        Assert.Equal(H(2.5), CaseQueries.Percentile(four, 0.5));
        Assert.Equal(H(3.85), CaseQueries.Percentile(four, 0.95));
        Assert.Equal(H(7), CaseQueries.Percentile([H(7)], 0.95));
        Assert.Equal(TimeSpan.Zero, CaseQueries.Percentile([], 0.5));
    }

    [Fact]
    public async Task CompletedCases_GiveTheMedianAndP95OfTheirBundle()
    {
        // Accepted 4 h, 2 h and 1 h before they all complete at once.
        var codes = new List<string> { await _h.SubmitAsync("company-setup") };
        _h.Time.Advance(H(2));
        codes.Add(await _h.SubmitAsync("company-setup"));
        _h.Time.Advance(H(1));
        codes.Add(await _h.SubmitAsync("company-setup"));
        _h.Time.Advance(H(1));
        await _h.RunToEndAsync();
        foreach (var code in codes)
        {
            Assert.Equal(CaseStatus.Completed, (await _h.CaseAsync(code)).Status);
        }

        var trends = await _h.Queries.TrendsAsync(7, CaseScope.All);
        var bundle = Assert.Single(trends.Durations);
        Assert.Equal(("company-setup", 3), (bundle.BundleId, bundle.Completed));
        Assert.Equal(H(2), bundle.Median);
        Assert.Equal(H(3.8), bundle.P95);
    }

    [Fact]
    public async Task Days_AreTheBureausDays_NotUtcDays()
    {
        // 2026-03-10 01:30 UTC is 09:30 in Changsha; 17:00 UTC the same UTC day is already 03-11 01:00 there.
        await _h.SubmitAsync("company-setup");
        _h.Time.Advance(new DateTimeOffset(2026, 3, 10, 17, 0, 0, TimeSpan.Zero) - _h.Time.GetUtcNow());
        await _h.SubmitAsync("company-setup");

        var trends = await _h.Queries.TrendsAsync(7, CaseScope.All);
        Assert.Equal((new DateOnly(2026, 3, 5), new DateOnly(2026, 3, 11)), (trends.From, trends.To));
        Assert.Equal(7, trends.PerDay.Count);
        Assert.Equal(1, trends.PerDay.Single(d => d.Day == new DateOnly(2026, 3, 10)).Accepted);
        Assert.Equal(1, trends.PerDay.Single(d => d.Day == new DateOnly(2026, 3, 11)).Accepted);
        Assert.Equal(2, trends.PerDay.Sum(d => d.Accepted));
        Assert.Equal(30, (await _h.Queries.TrendsAsync(30, CaseScope.All)).PerDay.Count);
    }

    [Fact]
    public async Task FailureRates_CountFailedAttemptsPerSystem_AndTheScopeApplies()
    {
        var code = await _h.SubmitAsync("company-setup");
        await _h.FailAsync((await _h.ClaimAllAsync()).Single(), FailureClass.Transient, "HTTP 503");
        _h.Time.Advance(H(1));
        await _h.RunToEndAsync();

        var trends = await _h.Queries.TrendsAsync(7, CaseScope.All);
        var shichang = trends.FailureRates.Single(r => r.System == "shichang");
        Assert.Equal((2, 1, 0.5), (shichang.Attempts, shichang.Failed, shichang.Rate));
        Assert.All(trends.FailureRates.Where(r => r.System != "shichang"), r => Assert.Equal(0, r.Failed));
        Assert.Equal(CaseStatus.Completed, (await _h.CaseAsync(code)).Status);

        var elsewhere = await _h.Queries.TrendsAsync(7, CaseScope.Of("furong/hall-9"));
        Assert.True(elsewhere.IsEmpty);
        Assert.Empty(elsewhere.Durations);
    }

    [Fact]
    public async Task OnlyTheOfferedWindows_AreAccepted()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _h.Queries.TrendsAsync(8, CaseScope.All));
        Assert.True((await _h.Queries.TrendsAsync(30, CaseScope.All)).IsEmpty);
    }
}
