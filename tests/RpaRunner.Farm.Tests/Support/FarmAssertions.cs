using Microsoft.EntityFrameworkCore;
using RpaRunner.Workflows.Audit;
using RpaRunner.Workflows.Engine;

namespace RpaRunner.Farm.Tests;

/// <summary>What every farm test proves at the end, read from the database and the simulated systems' journal.</summary>
public static class FarmAssertions
{
    /// <summary>Waits until no case of the database is running any more; fails with the stragglers.</summary>
    public static async Task WaitUntilAllCasesCloseAsync(string connectionString, int expected, TimeSpan timeout, Func<Task>? meanwhile = null)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            await using (var db = FarmDatabase.Context(connectionString))
            {
                var open = await db.Cases.CountAsync(c => c.Status == CaseStatus.Running);
                var total = await db.Cases.CountAsync();
                if (total == expected && open == 0)
                {
                    return;
                }

                if (DateTimeOffset.UtcNow > deadline)
                {
                    var stuck = await db.Steps.Where(s => s.Status != StepStatus.Succeeded && s.Status != StepStatus.Skipped)
                        .Select(s => s.IdempotencyKey + " " + s.Status + " attempt " + s.Attempt + " " + s.ErrorMessage).Take(20).ToListAsync();
                    Assert.Fail($"{open} of {total} case(s) still running after {timeout}: {string.Join("; ", stuck)}");
                }
            }

            if (meanwhile is not null)
            {
                await meanwhile();
            }
            else
            {
                await Task.Delay(500);
            }
        }
    }

    /// <summary>Every case completed; every succeeded matter has exactly one record, made after a lookup; the audit chain holds.</summary>
    public static async Task EveryCaseCompletedWithOneRecordPerMatterAsync(FarmCluster cluster)
    {
        await using var db = FarmDatabase.Context(cluster.ConnectionString);
        var statuses = await db.Cases.GroupBy(c => c.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync();
        Assert.All(statuses, s => Assert.Equal(CaseStatus.Completed, s.Key));
        var keys = await db.Steps.Where(s => s.Status == StepStatus.Succeeded).Select(s => s.IdempotencyKey).ToListAsync();
        var records = cluster.Records;
        var counts = records.CountByKey();
        Assert.Equal(keys.Order(StringComparer.Ordinal), counts.Keys.Order(StringComparer.Ordinal));
        var doubled = counts.Where(c => c.Value != 1).Select(c => $"{c.Key}×{c.Value}").ToList();
        Assert.True(doubled.Count == 0, "records made more than once: " + string.Join(", ", doubled));
        Assert.Equal(0, records.CreatesWithoutLookup());
        var audit = await AuditVerifier.VerifyAsync(db, cluster.AuditKey, cluster.AuditCheckpoints.Read());
        Assert.True(audit.Intact, audit.Problem);
    }

    /// <summary>
    /// The most robot sessions the (simulated) department system had open at once, as it saw them: each from the
    /// bot's first request to its last; a session of a killed worker ends when its process was killed.
    /// </summary>
    public static int PeakSessionsSeenBySystem(FarmCluster cluster, string system)
    {
        var now = DateTimeOffset.UtcNow;
        var spans = cluster.Records.Sessions(system)
            .Select(s => (s.OpenedAt, ClosedAt: s.ClosedAt ?? cluster.Killed.GetValueOrDefault(s.Worker, now)));
        return Peak(spans);
    }

    private static int Peak(IEnumerable<(DateTimeOffset Start, DateTimeOffset End)> spans)
    {
        var edges = spans.SelectMany(i => new[] { (At: i.Start, Delta: 1), (At: i.End, Delta: -1) })
            .OrderBy(e => e.At).ThenBy(e => e.Delta);
        int current = 0, peak = 0;
        foreach (var edge in edges)
        {
            current += edge.Delta;
            peak = Math.Max(peak, current);
        }

        return peak;
    }

    /// <summary>The most attempts of a system the engine had running at once (dispatch to finish, as recorded).</summary>
    public static async Task<int> PeakSessionsAsync(string connectionString, string system)
    {
        await using var db = FarmDatabase.Context(connectionString);
        var intervals = await (from a in db.Attempts
                               join s in db.Steps on a.StepRecordId equals s.Id
                               where s.System == system
                               select new { a.DispatchedAt, a.FinishedAt }).ToListAsync();
        var now = DateTimeOffset.UtcNow;
        return Peak(intervals.Select(i => (i.DispatchedAt, i.FinishedAt ?? now)));
    }

    /// <summary>The attempts of a system that overlap the most others (dispatch to finish), one line each, to explain a peak.</summary>
    public static async Task<string> BusiestAttemptsAsync(string connectionString, string system)
    {
        await using var db = FarmDatabase.Context(connectionString);
        var attempts = await (from a in db.Attempts
                              join s in db.Steps on a.StepRecordId equals s.Id
                              where s.System == system
                              select new { s.IdempotencyKey, a.Attempt, a.DispatchedAt, a.FinishedAt, a.Outcome, a.Worker, Step = s.Status }).ToListAsync();
        var now = DateTimeOffset.UtcNow;
        var busiest = attempts.MaxBy(a => attempts.Count(b => b.DispatchedAt <= a.DispatchedAt && (b.FinishedAt ?? now) > a.DispatchedAt));
        return busiest is null ? string.Empty : string.Join("\n", attempts
            .Where(b => b.DispatchedAt <= busiest.DispatchedAt && (b.FinishedAt ?? now) > busiest.DispatchedAt)
            .Select(b => $"{b.IdempotencyKey} #{b.Attempt} {b.DispatchedAt:HH:mm:ss.fff}–{b.FinishedAt:HH:mm:ss.fff} {b.Outcome} by {b.Worker} (step {b.Step})"));
    }
}
