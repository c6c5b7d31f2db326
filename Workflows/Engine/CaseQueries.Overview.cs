using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using RpaRunner.Workflows.Calendar;
using RpaRunner.Workflows.Engine.Storage;
using RpaRunner.Workflows.Model;
using RpaRunner.Workflows.Privacy;

namespace RpaRunner.Workflows.Engine;

/// <summary>The operators' overview: the failures in their four groups, the morning dashboard and the trends.</summary>
public sealed partial class CaseQueries
{
    /// <summary>
    /// Selector drift the bots reported since <paramref name="since"/>, per action and note, newest first: the
    /// department system changed its page and a script survives only on a fallback, so a designer should fix it.
    /// </summary>
    public async Task<IReadOnlyList<SelectorDriftView>> SelectorDriftAsync(DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await (from a in db.Attempts.AsNoTracking()
                          join s in db.Steps.AsNoTracking() on a.StepRecordId equals s.Id
                          where a.NotesJson != null && a.DispatchedAt >= since
                          orderby a.DispatchedAt descending
                          select new { s.System, s.Action, a.NotesJson, a.DispatchedAt, CaseCode = s.Case!.Code })
            .Take(2000)
            .ToListAsync(cancellationToken);
        return [.. rows
            .SelectMany(r => JsonSerializer.Deserialize<List<string>>(r.NotesJson!, JsonDefaults.Options)!
                .Where(n => n.StartsWith("selector drift", StringComparison.Ordinal))
                .Select(n => (r.System, r.Action, Note: n, r.DispatchedAt, r.CaseCode)))
            .GroupBy(n => (n.System, n.Action, n.Note))
            .Select(g => new SelectorDriftView(g.Key.System, g.Key.Action, g.Key.Note, g.Count(), g.Max(n => n.DispatchedAt), g.MaxBy(n => n.DispatchedAt).CaseCode))
            .OrderByDescending(d => d.LastSeen)];
    }

    /// <summary>
    /// The failures of the department systems, in four groups an operator handles differently: outages (transient
    /// failures, retried automatically or waiting for a person after the retries ran out) per system with the last
    /// error and since when; unknown outcomes (结果不明: an attempt failed after its submit, so the record may exist),
    /// per system, being looked up by bots or waiting for a person to check the system; refusals by a department
    /// (business, needs a person) per system and reason; and refusals only the applicant can fix (补正), per system
    /// and reason. Messages are masked. Every list keeps one order while its counts and times change: groups by system
    /// (and reason), the steps in a group by submission, case code and step, so a row never moves under a person's click.
    /// </summary>
    public Task<FailureOverview> FailuresAsync(CancellationToken cancellationToken = default) => FailuresAsync(CaseScope.All, cancellationToken);

    /// <summary>The failures of the cases in <paramref name="scope"/>, in the four groups of <see cref="FailuresAsync(CancellationToken)"/>.</summary>
    public async Task<FailureOverview> FailuresAsync(CaseScope scope, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var steps = await scope.Filter(db.Steps.AsNoTracking()).Include(s => s.Case)
            .Where(s => s.Status == StepStatus.FailedWillRetry || s.Status == StepStatus.WaitingForPerson || s.Status == StepStatus.OutcomeUnknown
                || (s.Status == StepStatus.Running && s.Verifying))
            .OrderBy(s => s.Case!.SubmittedAt).ThenBy(s => s.Case!.Code).ThenBy(s => s.StepId)
            .Take(2000)
            .ToListAsync(cancellationToken);
        var ids = steps.Select(s => s.Id).ToList();
        var failedAttempts = ids.Count == 0 ? [] : await db.Attempts.AsNoTracking()
            .Where(a => ids.Contains(a.StepRecordId) && (a.Outcome == AttemptOutcomes.Failed || a.Outcome == AttemptOutcomes.Unknown))
            .Select(a => new { a.StepRecordId, a.Outcome, a.DispatchedAt, a.FinishedAt, a.CommittedAt, a.ErrorClass, a.ErrorMessage })
            .ToListAsync(cancellationToken);
        var attemptsOf = failedAttempts.ToLookup(a => a.StepRecordId);

        // An unknown outcome is neither an outage nor a refusal: the record may exist, so it is never retried blindly.
        static bool IsUnknown(StepRecord s) => s.Status == StepStatus.OutcomeUnknown || s.Verifying || s.ErrorClass == FailureClass.OutcomeUnknown;
        static bool IsChecking(StepRecord s) => s.Status == StepStatus.OutcomeUnknown || (s.Status == StepStatus.Running && s.Verifying);
        static bool IsOutage(StepRecord s) => !IsUnknown(s) && (s.Status == StepStatus.FailedWillRetry || s.ErrorClass == FailureClass.Transient);
        var outages = steps.Where(IsOutage)
            .GroupBy(s => s.System, StringComparer.Ordinal)
            .Select(g =>
            {
                var attempts = g.SelectMany(s => attemptsOf[s.Id]).Where(a => a.Outcome == AttemptOutcomes.Failed && a.ErrorClass is (null or FailureClass.Transient)).ToList();
                var last = attempts.MaxBy(a => a.FinishedAt ?? a.DispatchedAt);
                var lastError = Readable(last?.ErrorMessage ?? g.Select(s => s.ErrorMessage).FirstOrDefault(m => m is not null));
                return new SystemOutageView(
                    g.Key,
                    g.Count(s => s.Status == StepStatus.WaitingForPerson),
                    g.Count(s => s.Status == StepStatus.FailedWillRetry),
                    lastError is null ? null : PersonalDataMasker.MaskText(lastError),
                    attempts.Count == 0 ? null : attempts.Min(a => a.FinishedAt ?? a.DispatchedAt),
                    last?.FinishedAt ?? last?.DispatchedAt,
                    [.. g.Where(s => s.Status == StepStatus.WaitingForPerson).Select(s => new FailedStepRef(s.Case!.Code, s.Case.BundleId, s.StepId))]);
            })
            .OrderBy(o => o.System, StringComparer.Ordinal)
            .ToList();

        var unknown = steps.Where(IsUnknown)
            .GroupBy(s => s.System, StringComparer.Ordinal)
            .Select(g =>
            {
                // The attempt that left the outcome unknown: the last one of the step that passed its commit point.
                var committed = g.Select(s => (Step: s, Attempt: attemptsOf[s.Id].Where(a => a.Outcome == AttemptOutcomes.Unknown).MaxBy(a => a.DispatchedAt))).ToList();
                return new UnknownOutcomeGroupView(
                    g.Key,
                    g.Count(IsChecking),
                    g.Count(s => s.Status == StepStatus.WaitingForPerson),
                    committed.Select(c => c.Attempt?.FinishedAt ?? c.Attempt?.DispatchedAt).Min(),
                    [.. committed.Select(c => new UnknownOutcomeStepRef(
                        c.Step.Case!.Code, c.Step.Case.BundleId, c.Step.StepId, c.Step.Status == StepStatus.WaitingForPerson, c.Attempt?.CommittedAt))]);
            })
            .OrderBy(u => u.System, StringComparer.Ordinal)
            .ToList();

        List<RefusalGroupView> Refusals(Func<StepRecord, bool> which) => [.. steps
            .Where(s => s.Status == StepStatus.WaitingForPerson && !IsOutage(s) && !IsUnknown(s) && which(s))
            .Select(s => (Step: s, Reason: Readable(s.ErrorMessage) is { } error && PersonalDataCipher.IsProtected(s.Case!.FormJson) ? PersonalDataMasker.MaskText(error) : PersonalDataMasker.MaskText(s.ErrorMessage ?? string.Empty, PersonalDataMasker.NamesIn(System.Text.Json.Nodes.JsonNode.Parse(s.Case!.FormJson)))))
            .GroupBy(x => (x.Step.System, x.Step.ErrorClass, x.Reason))
            .Select(g => new RefusalGroupView(
                g.Key.System, g.Key.ErrorClass, g.Key.Reason,
                [.. g.Select(x => new FailedStepRef(x.Step.Case!.Code, x.Step.Case.BundleId, x.Step.StepId))]))
            .OrderBy(g => g.System, StringComparer.Ordinal).ThenBy(g => g.Reason, StringComparer.Ordinal).ThenBy(g => g.ErrorClass)];

        return new FailureOverview(
            outages,
            Refusals(s => s.ErrorClass != FailureClass.NeedsApplicant),
            Refusals(s => s.ErrorClass == FailureClass.NeedsApplicant),
            unknown);
    }

    /// <summary>
    /// The figures of the operators' morning dashboard: cases submitted and completed since <paramref name="since"/>
    /// (the start of the bureau's day), cases running, steps waiting for a person, the failures in their four groups,
    /// and the open matters the engine flagged yellow or red (null when no matter has a deadline).
    /// </summary>
    public Task<Dashboard> DashboardAsync(DateTimeOffset since, CancellationToken cancellationToken = default) => DashboardAsync(since, CaseScope.All, cancellationToken);

    /// <summary>The dashboard's figures, counting the cases in <paramref name="scope"/> only.</summary>
    public async Task<Dashboard> DashboardAsync(DateTimeOffset since, CaseScope scope, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var cases = scope.Filter(db.Cases.AsNoTracking());
        var steps = scope.Filter(db.Steps.AsNoTracking());
        var casesToday = await cases.CountAsync(c => c.SubmittedAt >= since, cancellationToken);
        var completedToday = await cases.CountAsync(c => c.Status == CaseStatus.Completed && c.ClosedAt >= since, cancellationToken);
        var running = await cases.CountAsync(c => c.Status == CaseStatus.Running, cancellationToken);
        var waitingSteps = await steps.CountAsync(s => s.Status == StepStatus.WaitingForPerson, cancellationToken);
        var flags = await steps
            .Where(OpenFlaggedStep)
            .GroupBy(s => s.Flag).Select(g => new { Flag = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Flag!.Value, g => g.Count, cancellationToken);
        var withDeadlines = await steps.AnyAsync(s => s.DeadlineAt != null, cancellationToken);
        var failures = await FailuresAsync(scope, cancellationToken);
        return new Dashboard(casesToday, completedToday, running, waitingSteps, failures,
            withDeadlines ? new Flags(flags.GetValueOrDefault(DeadlineFlag.Yellow), flags.GetValueOrDefault(DeadlineFlag.Red)) : null);
    }

    /// <summary>
    /// The console's trends over the last <paramref name="days"/> days of the bureau, today included (days are local to
    /// the bureau's time zone), counting the cases in <paramref name="scope"/> only: accepted and completed per day, the
    /// median and 95th percentile of the time to complete per bundle (over the cases completed in the window), and each
    /// system's share of failed bot attempts. Reads only the columns it needs; the percentiles are computed here.
    /// </summary>
    public async Task<CaseTrends> TrendsAsync(int days, CaseScope scope, CancellationToken cancellationToken = default)
    {
        if (!TrendWindows.Contains(days))
        {
            throw new ArgumentOutOfRangeException(nameof(days), days, $"A trend window is one of {string.Join(", ", TrendWindows)} days.");
        }

        var to = _clock.Today;
        var from = to.AddDays(1 - days);
        var since = _clock.StartOf(from);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var cases = scope.Filter(db.Cases.AsNoTracking());
        var accepted = await cases.Where(c => c.SubmittedAt >= since).Select(c => c.SubmittedAt).ToListAsync(cancellationToken);
        var completed = await cases.Where(c => c.Status == CaseStatus.Completed && c.ClosedAt >= since)
            .Select(c => new { c.BundleId, c.SubmittedAt, ClosedAt = c.ClosedAt!.Value }).ToListAsync(cancellationToken);
        string[] ended = [AttemptOutcomes.Succeeded, AttemptOutcomes.Failed, AttemptOutcomes.Unknown, AttemptOutcomes.LeaseExpired];
        var attempts = await (from a in db.Attempts.AsNoTracking()
                              join s in scope.Filter(db.Steps.AsNoTracking()) on a.StepRecordId equals s.Id
                              where a.DispatchedAt >= since && !a.Verify && ended.Contains(a.Outcome)
                              group a by new { s.System, a.Outcome } into g
                              select new { g.Key.System, g.Key.Outcome, Count = g.Count() })
            .ToListAsync(cancellationToken);

        var acceptedOn = accepted.CountBy(_clock.LocalDate).ToDictionary();
        var completedOn = completed.CountBy(c => _clock.LocalDate(c.ClosedAt)).ToDictionary();
        var perDay = Enumerable.Range(0, days).Select(i => from.AddDays(i))
            .Select(d => new DayTrend(d, acceptedOn.GetValueOrDefault(d), completedOn.GetValueOrDefault(d)))
            .ToList();
        var durations = completed.GroupBy(c => c.BundleId, StringComparer.Ordinal)
            .Select(g =>
            {
                var sorted = g.Select(c => c.ClosedAt - c.SubmittedAt).Order().ToList();
                return new BundleDurationTrend(g.Key, sorted.Count, Percentile(sorted, 0.5), Percentile(sorted, 0.95));
            })
            .OrderBy(d => d.BundleId, StringComparer.Ordinal)
            .ToList();
        var failureRates = attempts.GroupBy(a => a.System, StringComparer.Ordinal)
            .Select(g => new SystemFailureTrend(g.Key, g.Sum(a => a.Count), g.Where(a => a.Outcome != AttemptOutcomes.Succeeded).Sum(a => a.Count)))
            .OrderBy(r => r.System, StringComparer.Ordinal)
            .ToList();
        return new CaseTrends(days, from, to, perDay, durations, failureRates);
    }

    /// <summary>The <paramref name="p"/> quantile of sorted durations, interpolated between the two nearest ranks (as spreadsheets' PERCENTILE.INC).</summary>
    public static TimeSpan Percentile(IReadOnlyList<TimeSpan> sorted, double p)
    {
        if (sorted.Count == 0)
        {
            return TimeSpan.Zero;
        }

        var rank = p * (sorted.Count - 1);
        var lower = (int)Math.Floor(rank);
        var upper = Math.Min(lower + 1, sorted.Count - 1);
        return sorted[lower] + ((sorted[upper] - sorted[lower]) * (rank - lower));
    }
}
