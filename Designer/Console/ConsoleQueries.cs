using Microsoft.EntityFrameworkCore;
using RpaRunner.Designer.Components;
using RpaRunner.Workflows.Engine;
using RpaRunner.Workflows.Engine.Storage;

namespace RpaRunner.Designer.Console;

/// <summary>The figures of the operators' morning dashboard, read straight from the engine's tables (read only).</summary>
public sealed class ConsoleQueries(IDbContextFactory<EngineDbContext> dbFactory, CaseQueries cases, UiClock clock, TimeProvider time)
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
        var open = new[] { StepStatus.Pending, StepStatus.Ready, StepStatus.Running, StepStatus.FailedWillRetry, StepStatus.WaitingForPerson, StepStatus.OutcomeUnknown };
        var yellowBefore = now + YellowFlagAhead;
        var red = await db.Steps.CountAsync(s => open.Contains(s.Status) && s.DeadlineAt != null && s.DeadlineAt < now, cancellationToken);
        var yellow = await db.Steps.CountAsync(s => open.Contains(s.Status) && s.DeadlineAt != null && s.DeadlineAt >= now && s.DeadlineAt < yellowBefore, cancellationToken);
        var withDeadlines = await db.Steps.AnyAsync(s => s.DeadlineAt != null, cancellationToken);
        var failures = await cases.FailuresAsync(cancellationToken);
        return new Dashboard(casesToday, completedToday, running, waitingSteps, failures, withDeadlines ? new Flags(yellow, red) : null);
    }
}

/// <param name="Failures">Outages (transient), unknown outcomes (结果不明), refusals by reason, and refusals the applicant must fix (补正).</param>
public sealed record Dashboard(int CasesToday, int CompletedToday, int Running, int StepsWaitingForPerson, FailureOverview Failures, Flags? Flags);

/// <summary>红黄牌: open matters near (yellow) or past (red) their committed deadline.</summary>
public sealed record Flags(int Yellow, int Red);
