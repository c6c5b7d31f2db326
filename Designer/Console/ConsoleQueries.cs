using Microsoft.EntityFrameworkCore;
using RpaRunner.Designer.Components;
using RpaRunner.Workflows.Engine;
using RpaRunner.Workflows.Engine.Storage;

namespace RpaRunner.Designer.Console;

/// <summary>The figures of the operators' morning dashboard, read straight from the engine's tables (read only).</summary>
public sealed class ConsoleQueries(IDbContextFactory<EngineDbContext> dbFactory, UiClock clock, TimeProvider time)
{
    /// <summary>Yellow flag: a matter whose committed deadline is this close.</summary>
    public static readonly TimeSpan YellowFlagAhead = TimeSpan.FromDays(1);

    public async Task<Dashboard> DashboardAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var start = clock.StartOfToday;
        var now = time.GetUtcNow();
        var casesToday = await db.Cases.CountAsync(c => c.SubmittedAt >= start, cancellationToken);
        var completedToday = await db.Cases.CountAsync(c => c.Status == CaseStatus.Completed && c.ClosedAt >= start, cancellationToken);
        var running = await db.Cases.CountAsync(c => c.Status == CaseStatus.Running, cancellationToken);
        var waitingSteps = await db.Steps.CountAsync(s => s.Status == StepStatus.WaitingForPerson, cancellationToken);
        var failing = await db.Steps
            .Where(s => s.Status == StepStatus.WaitingForPerson || s.Status == StepStatus.FailedWillRetry)
            .GroupBy(s => new { s.System, s.Status })
            .Select(g => new { g.Key.System, g.Key.Status, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var systems = failing
            .GroupBy(f => f.System)
            .Select(g => new FailingSystem(
                g.Key,
                g.Where(f => f.Status == StepStatus.WaitingForPerson).Sum(f => f.Count),
                g.Where(f => f.Status == StepStatus.FailedWillRetry).Sum(f => f.Count)))
            .OrderByDescending(s => s.WaitingForPerson + s.Retrying)
            .ToList();

        var open = new[] { StepStatus.Pending, StepStatus.Ready, StepStatus.Running, StepStatus.FailedWillRetry, StepStatus.WaitingForPerson };
        var yellowBefore = now + YellowFlagAhead;
        var red = await db.Steps.CountAsync(s => open.Contains(s.Status) && s.DeadlineAt != null && s.DeadlineAt < now, cancellationToken);
        var yellow = await db.Steps.CountAsync(s => open.Contains(s.Status) && s.DeadlineAt != null && s.DeadlineAt >= now && s.DeadlineAt < yellowBefore, cancellationToken);
        var withDeadlines = await db.Steps.AnyAsync(s => s.DeadlineAt != null, cancellationToken);
        return new Dashboard(casesToday, completedToday, running, waitingSteps, systems, withDeadlines ? new Flags(yellow, red) : null);
    }
}

public sealed record Dashboard(int CasesToday, int CompletedToday, int Running, int StepsWaitingForPerson, IReadOnlyList<FailingSystem> FailingSystems, Flags? Flags);

public sealed record FailingSystem(string System, int WaitingForPerson, int Retrying);

/// <summary>红黄牌: open matters near (yellow) or past (red) their committed deadline.</summary>
public sealed record Flags(int Yellow, int Red);
