using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using RpaRunner.Workflows.Audit;
using RpaRunner.Workflows.Calendar;
using RpaRunner.Workflows.Engine.Storage;
using RpaRunner.Workflows.Privacy;
using RpaRunner.Workflows.Model;

namespace RpaRunner.Workflows.Engine;

/// <summary>
/// Read side of the engine: what clerks, operators and the API see of cases. Each query takes the caller's
/// <see cref="CaseScope"/>: a person sees the cases of their unit only, and a case outside it reads as unknown. The
/// overloads without a scope read the whole bureau, for the runner's own doors (command line, batch, demo).
/// </summary>
public sealed partial class CaseQueries(IDbContextFactory<EngineDbContext> dbFactory, TimeProvider time, DispatchSchedule? schedule = null, BotRoster? roster = null, BureauClock? clock = null)
{
    private readonly DispatchSchedule _schedule = schedule ?? DispatchSchedule.Unrestricted;
    private readonly BureauClock _clock = clock ?? new BureauClock(time, (schedule ?? DispatchSchedule.Unrestricted).Calendar.Zone);

    /// <summary>The trend windows the console offers, in days.</summary>
    public static readonly IReadOnlyList<int> TrendWindows = [7, 30];

    public Task<CaseView?> GetAsync(string caseCode, CancellationToken cancellationToken = default) => GetAsync(caseCode, CaseScope.All, cancellationToken);

    /// <summary>A case with its steps and attempts; null when there is none in <paramref name="scope"/>.</summary>
    public async Task<CaseView?> GetAsync(string caseCode, CaseScope scope, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var record = await scope.Filter(db.Cases.AsNoTracking()).Include(c => c.Steps).FirstOrDefaultAsync(c => c.Code == caseCode, cancellationToken);
        if (record is null)
        {
            return null;
        }

        var attempts = await db.Attempts.AsNoTracking().Where(a => a.CaseId == record.Id).OrderBy(a => a.Id).ToListAsync(cancellationToken);
        var view = ToView(record, attempts, includeForm: true, await RunningSessionsAsync(db, cancellationToken), await BotsAsync(db, cancellationToken));
        if (record.Status == CaseStatus.Cancelled)
        {
            var cancelled = await db.AuditEvents.AsNoTracking().Where(a => a.CaseCode == caseCode && a.Kind == AuditKinds.CaseCancelled).OrderByDescending(a => a.Id).FirstOrDefaultAsync(cancellationToken);
            view = view with { CancelReason = ReasonOf(cancelled?.DetailJson), CancelledBy = cancelled?.Actor };
        }

        return view;
    }

    /// <summary>
    /// The department system of a step, when a worker's request comes from the bot running its current attempt (its
    /// dispatch token, its lease); null otherwise.
    /// </summary>
    public async Task<string?> SystemOfCurrentAttemptAsync(Guid stepRecordId, Guid dispatchToken, string worker, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var step = await db.Steps.AsNoTracking().FirstOrDefaultAsync(s => s.Id == stepRecordId, cancellationToken);
        return Transitions.StepRules.HeldBy(step, dispatchToken, worker, time.GetUtcNow()) ? step.System : null;
    }

    /// <summary>Whether a case exists in <paramref name="scope"/> (e.g. before its evidence is shown).</summary>
    public async Task<bool> IsVisibleAsync(string caseCode, CaseScope scope, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await scope.Filter(db.Cases.AsNoTracking()).AnyAsync(c => c.Code == caseCode, cancellationToken);
    }

    public Task<IReadOnlyList<CaseView>> ListAsync(CaseFilter filter, CancellationToken cancellationToken = default) => ListAsync(filter, CaseScope.All, cancellationToken);

    /// <summary>The cases of <paramref name="scope"/>, newest first.</summary>
    public async Task<IReadOnlyList<CaseView>> ListAsync(CaseFilter filter, CaseScope scope, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = scope.Filter(db.Cases.AsNoTracking()).Include(c => c.Steps).AsQueryable();
        if (filter.Status is { } status)
        {
            query = query.Where(c => c.Status == status);
        }

        if (filter.BundleId is { } bundle)
        {
            query = query.Where(c => c.BundleId == bundle);
        }

        var records = await query.OrderByDescending(c => c.SubmittedAt).Skip(filter.Skip).Take(Math.Clamp(filter.Take, 1, 500)).ToListAsync(cancellationToken);
        var sessions = await RunningSessionsAsync(db, cancellationToken);
        var bots = await BotsAsync(db, cancellationToken);
        return [.. records.Select(r => ToView(r, [], includeForm: false, sessions, bots))];
    }

    /// <summary>
    /// The case list an operator searches: the cases of <paramref name="scope"/> matching every filter of
    /// <paramref name="search"/>, one page of them in its order, with how many match in all. A full ID number or mobile
    /// number is looked up in the search index, never by opening the cases' forms.
    /// </summary>
    public async Task<CasePage> SearchAsync(CaseSearch search, CaseScope scope, CancellationToken cancellationToken = default)
    {
        var pageSize = Math.Clamp(search.PageSize, 1, CaseSearch.MaxPageSize);
        var page = Math.Max(1, search.Page);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = scope.Filter(db.Cases.AsNoTracking());
        if (search.Unit is { } unit)
        {
            query = CaseScope.Of(unit).Filter(query);
        }

        if (search.Text?.Trim() is { Length: > 0 } text)
        {
            if (CaseSearchIndex.IdentifierIn(text) is { } identifier)
            {
                var hashes = CaseSearchIndex.HashesOf(db, identifier);
                query = query.Where(c => db.CaseSearchKeys.Any(k => k.CaseId == c.Id && k.Kind == identifier.Kind && hashes.Contains(k.Hash)));
            }
            else
            {
                // A case code or its beginning, or the provincial platform's case number of a pushed case, exactly.
                var prefix = text.ToUpperInvariant();
                query = query.Where(c => c.Code.StartsWith(prefix) || c.PlatformCaseNo == text);
            }
        }

        if (search.BundleId is { } bundle)
        {
            query = query.Where(c => c.BundleId == bundle);
        }

        if (search.Status is { } status)
        {
            query = query.Where(c => c.Status == status);
        }

        if (search.Flag is { } flag and not DeadlineFlag.None)
        {
            query = query.Where(c => c.Steps.AsQueryable().Where(OpenFlaggedStep).Any(s => s.Flag == flag));
        }

        if (search.System is { } system)
        {
            query = query.Where(c => c.Steps.Any(s => s.System == system));
        }

        query = search.StepState switch
        {
            CaseStepState.WaitingForPerson => query.Where(c => c.Steps.Any(s => s.Status == StepStatus.WaitingForPerson && s.ErrorClass != FailureClass.NeedsApplicant)),
            CaseStepState.FailedWillRetry => query.Where(c => c.Steps.Any(s => s.Status == StepStatus.FailedWillRetry)),
            CaseStepState.NeedsApplicant => query.Where(c => c.Steps.Any(s => s.Status == StepStatus.WaitingForPerson && s.ErrorClass == FailureClass.NeedsApplicant)),
            CaseStepState.OutcomeUnknown => query.Where(c => c.Steps.Any(s => s.Status == StepStatus.OutcomeUnknown || s.Verifying || s.ErrorClass == FailureClass.OutcomeUnknown)),
            CaseStepState.AwaitingMaterial => query.Where(c => c.Steps.Any(s => s.Status == StepStatus.AwaitingMaterial)),
            CaseStepState.NeedsAmendment => query.Where(c => c.Steps.Any(s => s.Status == StepStatus.NeedsAmendment || (s.AmendAction != null && s.Status != StepStatus.Succeeded && s.Status != StepStatus.Skipped && s.Status != StepStatus.Cancelled))),
            _ => query,
        };

        var zone = _schedule.Calendar.Zone;
        DateTimeOffset StartOf(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), zone.GetUtcOffset(day.ToDateTime(TimeOnly.MinValue)));
        if (search.From is { } from)
        {
            var start = StartOf(from);
            query = query.Where(c => c.SubmittedAt >= start);
        }

        if (search.To is { } to)
        {
            var end = StartOf(to.AddDays(1));
            query = query.Where(c => c.SubmittedAt < end);
        }

        var total = await query.CountAsync(cancellationToken);
        var ordered = (search.Sort, search.Descending) switch
        {
            (CaseSort.Code, false) => query.OrderBy(c => c.Code),
            (CaseSort.Code, true) => query.OrderByDescending(c => c.Code),
            (CaseSort.Status, false) => query.OrderBy(c => c.Status).ThenByDescending(c => c.SubmittedAt),
            (CaseSort.Status, true) => query.OrderByDescending(c => c.Status).ThenByDescending(c => c.SubmittedAt),
            // Cases without a deadline come last either way.
            (CaseSort.Deadline, false) => query.OrderBy(c => c.DeadlineAt == null).ThenBy(c => c.DeadlineAt).ThenBy(c => c.Code),
            (CaseSort.Deadline, true) => query.OrderBy(c => c.DeadlineAt == null).ThenByDescending(c => c.DeadlineAt).ThenBy(c => c.Code),
            (_, false) => query.OrderBy(c => c.SubmittedAt).ThenBy(c => c.Code),
            _ => query.OrderByDescending(c => c.SubmittedAt).ThenBy(c => c.Code),
        };
        var records = await ordered.Skip((page - 1) * pageSize).Take(pageSize).Include(c => c.Steps).AsSplitQuery().ToListAsync(cancellationToken);
        var sessions = await RunningSessionsAsync(db, cancellationToken);
        var bots = await BotsAsync(db, cancellationToken);
        return new CasePage(total, page, pageSize, [.. records.Select(r => ToView(r, [], includeForm: false, sessions, bots))]);
    }

    /// <summary>The units that hold cases in <paramref name="scope"/>, in order: what the case list may filter by.</summary>
    public async Task<IReadOnlyList<string>> UnitsAsync(CaseScope scope, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var units = await scope.Filter(db.Cases.AsNoTracking()).Select(c => c.Unit).Distinct().ToListAsync(cancellationToken);
        return [.. units.Select(CaseScope.UnitOrDefault).Distinct().Order(StringComparer.Ordinal)];
    }

    /// <summary>
    /// The cases of <paramref name="scope"/> whose code starts with <paramref name="codePrefix"/>, in any letter case
    /// (codes are stored upper-case), newest first; nothing for a prefix that is empty or not letters and digits.
    /// </summary>
    public async Task<IReadOnlyList<CaseView>> FindByCodePrefixAsync(string codePrefix, CaseScope scope, int take = 20, CancellationToken cancellationToken = default)
    {
        var prefix = codePrefix.Trim().ToUpperInvariant();
        if (prefix.Length is 0 or > 40 || !prefix.All(char.IsAsciiLetterOrDigit))
        {
            return [];
        }

        return (await SearchAsync(new CaseSearch(Text: prefix, PageSize: Math.Clamp(take, 1, 100)), scope, cancellationToken)).Items;
    }

    public Task<IReadOnlyDictionary<CaseStatus, int>> CountByStatusAsync(CancellationToken cancellationToken = default) => CountByStatusAsync(CaseScope.All, cancellationToken);

    public async Task<IReadOnlyDictionary<CaseStatus, int>> CountByStatusAsync(CaseScope scope, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var counts = await scope.Filter(db.Cases.AsNoTracking()).GroupBy(c => c.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        return counts.ToDictionary(c => c.Key, c => c.Count);
    }

    public Task<IReadOnlyList<WaitingStepView>> WaitingForPersonAsync(string? system = null, CancellationToken cancellationToken = default) =>
        WaitingForPersonAsync(system, CaseScope.All, cancellationToken);

    /// <summary>The operators' work list: steps of the cases in <paramref name="scope"/> waiting for a person, oldest first.</summary>
    public async Task<IReadOnlyList<WaitingStepView>> WaitingForPersonAsync(string? system, CaseScope scope, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = scope.Filter(db.Steps.AsNoTracking()).Include(s => s.Case).Where(s => s.Status == StepStatus.WaitingForPerson);
        if (system is not null)
        {
            query = query.Where(s => s.System == system);
        }

        var steps = await query.OrderBy(s => s.Case!.SubmittedAt).Take(500).ToListAsync(cancellationToken);
        return [.. steps.Select(s => new WaitingStepView(s.Case!.Code, s.Case.BundleId, s.StepId, s.System, s.Action, s.Attempt, s.ErrorClass, Readable(s.ErrorMessage), s.Case.SubmittedAt))];
    }

    public async Task<IReadOnlyList<AuditEventView>> AuditOfAsync(string caseCode, CancellationToken cancellationToken = default) =>
        await AuditOfAsync(caseCode, CaseScope.All, cancellationToken) ?? [];

    /// <summary>The case's audit trail in arrival order; null when there is no such case in <paramref name="scope"/>.</summary>
    public async Task<IReadOnlyList<AuditEventView>?> AuditOfAsync(string caseCode, CaseScope scope, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await scope.Filter(db.Cases.AsNoTracking()).AnyAsync(c => c.Code == caseCode, cancellationToken))
        {
            return null;
        }

        // The sealed originals are not opened here: only whether there is one.
        var rows = await db.AuditEvents.AsNoTracking().Where(a => a.CaseCode == caseCode).OrderBy(a => a.Id)
            .Select(a => new { a.Id, a.Seq, a.At, a.Kind, a.Actor, a.StepId, a.DetailJson, a.Hash, Sealed = a.SealedDetailJson != null })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => new AuditEventView(r.Id, r.Seq, r.At, r.Kind, r.Actor, r.StepId, r.DetailJson is null ? null : JsonDocument.Parse(r.DetailJson).RootElement.Clone(), r.Hash, r.Sealed))];
    }

    /// <summary>An open matter the deadline supervision flagged yellow or red: what the dashboard counts and the case list filters by.</summary>
    private static readonly System.Linq.Expressions.Expression<Func<StepRecord, bool>> OpenFlaggedStep = s =>
        s.Flag != null && s.Flag != DeadlineFlag.None && s.Status != StepStatus.Succeeded && s.Status != StepStatus.Skipped && s.Status != StepStatus.Cancelled;

    /// <summary>Running steps of each system that has a session limit.</summary>
    private async Task<Dictionary<string, int>> RunningSessionsAsync(EngineDbContext db, CancellationToken cancellationToken)
    {
        var limited = _schedule.Systems.Where(s => s.MaxConcurrentSessions is > 0).Select(s => s.System).ToList();
        if (limited.Count == 0)
        {
            return [];
        }

        return await db.Steps.AsNoTracking().Where(s => s.Status == StepStatus.Running && limited.Contains(s.System))
            .GroupBy(s => s.System).Select(g => new { System = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.System, g => g.Count, cancellationToken);
    }

    /// <summary>The live bots of each pool and its steps in flight, when this runner dispatches by its bots.</summary>
    private async Task<BotOccupancy?> BotsAsync(EngineDbContext db, CancellationToken cancellationToken)
    {
        if (roster is null)
        {
            return null;
        }

        var inFlight = await db.Steps.AsNoTracking().Where(s => s.Status == StepStatus.Running)
            .GroupBy(s => s.Pool).Select(g => new { Pool = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Pool, g => g.Count, cancellationToken);
        return new BotOccupancy(await roster.CapacityAsync(db, cancellationToken), inFlight);
    }

    /// <summary>Why a ready step is not running yet, in the words an operator needs (null when nothing holds it).</summary>
    private string? WaitingReason(CaseRecord record, StepRecord step, DateTimeOffset now, Dictionary<string, int> sessions, BotOccupancy? bots)
    {
        var zone = _schedule.Calendar.Zone;
        string Local(DateTimeOffset? at) => at is { } t ? TimeZoneInfo.ConvertTime(t, zone).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture) : "?";
        if (step.Status == StepStatus.Awaiting)
        {
            return $"部门系统等待申请人办理（如缴费），{Local(step.DueAt)} 再查 / the department waits for the applicant (e.g. a payment); checked again at {Local(step.DueAt)}";
        }

        if (step.Status is not (StepStatus.Ready or StepStatus.FailedWillRetry or StepStatus.OutcomeUnknown))
        {
            return null;
        }

        var rules = _schedule.RulesOf(step.System);
        if (rules?.Hours is { IsRestricted: true } hours && !hours.IsOpen(now))
        {
            var opens = hours.NextOpening(now);
            return $"等待系统开放：{step.System} 服务时间 {hours.Spec}，{Local(opens)} 开放 / outside the service hours of {step.System} ({hours.Spec}); resumes at {Local(opens)}";
        }

        if (record.BatchWindow is not null && _schedule.WindowOf(record.BundleId) is { } window && !window.Hours.IsOpen(now))
        {
            var opens = window.Hours.NextOpening(now);
            return $"等待夜间批处理窗口 {window.Hours.Spec}，{Local(opens)} 开始 / held for the batch window {window.Hours.Spec}; runs from {Local(opens)}";
        }

        if (rules?.MaxConcurrentSessions is { } limit && sessions.GetValueOrDefault(step.System) >= limit)
        {
            return $"等待 {step.System} 空闲会话（{sessions.GetValueOrDefault(step.System)}/{limit}）/ waiting for a free session of {step.System} ({sessions.GetValueOrDefault(step.System)}/{limit} in use)";
        }

        if (bots is not null && step.DueAt <= now)
        {
            if (bots.Pools.GetValueOrDefault(step.Pool) is not { } pool)
            {
                return $"等待 {step.Pool} 机器人上线（当前没有在线的机器人）/ no bot of pool {step.Pool} is online; the step runs when one starts";
            }

            var inFlight = bots.InFlight.GetValueOrDefault(step.Pool);
            if (pool.Claimable(inFlight) == 0)
            {
                return $"等待 {step.Pool} 机器人空闲（{inFlight} 个步骤在途，机器人同时可办 {pool.Sessions} 个）/ waiting for a free bot of pool {step.Pool} ({inFlight} steps in flight; its bots run {pool.Sessions} at once)";
            }
        }

        return null;
    }

    private static string? ReasonOf(string? detailJson)
    {
        if (detailJson is null)
        {
            return null;
        }

        using var detail = JsonDocument.Parse(detailJson);
        return detail.RootElement.ValueKind == JsonValueKind.Object && detail.RootElement.TryGetProperty("reason", out var reason) ? reason.GetString() : null;
    }

    /// <summary>A sealed column this runner could not open (its data key is not in the ring) reads as unreadable; nothing else fails.</summary>
    private static string? Readable(string? value) => PersonalDataCipher.IsProtected(value) ? PersonalDataCipher.UnreadableText : value;

    /// <summary>Named values of a JSON column; one sealed with an unknown key reads as one unreadable entry.</summary>
    private static Dictionary<string, string?>? Values(string? json) => json switch
    {
        null => null,
        _ when PersonalDataCipher.IsProtected(json) => new Dictionary<string, string?>(StringComparer.Ordinal) { ["*"] = PersonalDataCipher.UnreadableText },
        _ => Transitions.EngineText.ReadStrings(json),
    };

    private static string? FlagText(DeadlineFlag flag) => flag == DeadlineFlag.None ? null : flag.ToString().ToLowerInvariant();

    /// <summary>
    /// 红黄牌 as the engine's deadline supervision stored them (the one rule, <see cref="DispatchSchedule.FlagOf"/>, runs
    /// there only). A closed matter or case keeps a red flag (it ran late) and drops a yellow one (a warning no longer needed).
    /// </summary>
    private static DeadlineFlag ShownFlag(DeadlineFlag? stored, bool closed) =>
        stored is not { } flag || (closed && flag != DeadlineFlag.Red) ? DeadlineFlag.None : flag;

    private CaseView ToView(CaseRecord record, IReadOnlyList<StepAttemptRecord> attempts, bool includeForm, Dictionary<string, int> sessions, BotOccupancy? bots)
    {
        var now = time.GetUtcNow();
        var steps = record.Steps
            .OrderBy(s => s.Id)
            .Select(s => new StepView(
                s.StepId, s.Status, s.System, s.Action, s.Pool, s.IdempotencyKey, s.Attempt,
                Values(s.InputsJson) ?? new Dictionary<string, string?>(), Values(s.OutputsJson),
                s.ErrorClass, Readable(s.ErrorMessage), s.DueAt, s.LeaseHolder, s.LeaseExpiresAt, s.StartedAt, s.FinishedAt, s.ResolvedBy,
                [.. attempts.Where(a => a.StepRecordId == s.Id).Select(a => new AttemptView(
                    a.Attempt, a.Worker, a.DispatchedAt, a.FinishedAt, a.Outcome, a.ErrorClass, Readable(a.ErrorMessage), a.FoundExisting,
                    a.EvidenceJson is null ? null : JsonSerializer.Deserialize<Dictionary<string, string>>(a.EvidenceJson, JsonDefaults.Options),
                    a.NotesJson is null ? [] : JsonSerializer.Deserialize<List<string>>(a.NotesJson, JsonDefaults.Options)!,
                    a.CommittedAt, a.Verify))],
                WaitingReason(record, s, now, sessions, bots),
                s.DeadlineAt,
                FlagText(ShownFlag(s.Flag, s.Status.IsTerminal())),
                s.AmendAction,
                Values(s.PreviousInputsJson),
                s.Verifying,
                new[] { s.InputsJson, s.OutputsJson, s.PreviousInputsJson, s.ErrorMessage }.Any(PersonalDataCipher.IsProtected),
                _schedule.ViewOf(s.TimeLimitDays, s.DeadlineAt, ShownFlag(s.Flag, s.Status.IsTerminal()), now, s.Status.IsTerminal() ? s.FinishedAt ?? now : null, s.PausedAt)))
            .ToList();
        var done = steps.Count(s => s.Status.IsTerminal());
        var caseFlag = ShownFlag(record.Flag, record.Status is CaseStatus.Completed or CaseStatus.Cancelled);
        return new CaseView(
            record.Code, record.BundleId, record.BundleVersion, record.Status, record.SubmittedBy, record.SubmittedAt, record.UpdatedAt, record.ClosedAt,
            new Progress(done, steps.Count), includeForm && !PersonalDataCipher.IsProtected(record.FormJson) ? JsonDocument.Parse(record.FormJson).RootElement.Clone() : null, steps, now,
            record.DeadlineAt, FlagText(caseFlag), record.BatchWindow,
            Unreadable: PersonalDataCipher.IsProtected(record.FormJson) || steps.Any(s => s.Unreadable), Unit: record.Unit,
            Deadline: CaseDeadline(record, caseFlag, now), PlatformCaseNo: record.PlatformCaseNo);
    }

    /// <summary>The case's deadline is its latest matter's; its clock stands still while it waits for the applicant (补正).</summary>
    private DeadlineView? CaseDeadline(CaseRecord record, DeadlineFlag flag, DateTimeOffset now)
    {
        var closed = record.Status is CaseStatus.Completed or CaseStatus.Cancelled;
        var paused = record.Status == CaseStatus.WaitingForApplicant ? record.Steps.Where(s => !s.Status.IsTerminal()).Min(s => s.PausedAt) : null;
        return _schedule.ViewOf(record.Steps.Max(s => s.TimeLimitDays), record.DeadlineAt, flag, now, closed ? record.ClosedAt ?? now : null, paused);
    }
}

/// <summary>The live bots of each pool (absent: none online) and the steps of each pool in flight.</summary>
internal sealed record BotOccupancy(IReadOnlyDictionary<string, PoolCapacity> Pools, Dictionary<string, int> InFlight);
