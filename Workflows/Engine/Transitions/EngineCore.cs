using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using RpaRunner.Workflows.Calendar;
using RpaRunner.Workflows.Catalog;
using RpaRunner.Workflows.Engine.Storage;
using RpaRunner.Workflows.Model;
using RpaRunner.Workflows.Notifications;

namespace RpaRunner.Workflows.Engine.Transitions;

/// <summary>What every transition shares: the store, the bundle catalog, the bureau's clock, the schedule, the options.</summary>
internal sealed class EngineCore(
    IDbContextFactory<EngineDbContext> dbFactory,
    BundleCatalog bundles,
    BureauClock clock,
    EngineSignal signal,
    EngineOptions options,
    ILogger logger,
    IEngineLocks locks,
    DispatchSchedule schedule,
    CaseChanges changes,
    NotificationTargets notifications)
{
    public IDbContextFactory<EngineDbContext> DbFactory => dbFactory;

    public BundleCatalog Bundles => bundles;

    /// <summary>The bureau's clock: every instant the engine stores is UTC; dates and case codes are local to the bureau.</summary>
    public BureauClock Clock => clock;

    public TimeProvider Time => clock.Time;

    public EngineSignal Signal => signal;

    /// <summary>Where committed changes of cases are announced to open pages.</summary>
    public CaseChanges Changes => changes;

    public EngineOptions Options => options;

    public ILogger Logger => logger;

    public IEngineLocks Locks => locks;

    public DispatchSchedule Schedule => schedule;

    /// <summary>The webhooks each transition writes outbox rows for (ADR 0016).</summary>
    public NotificationTargets Notifications => notifications;

    /// <summary>Today in the bureau's time zone: what "not in the future" means on a form.</summary>
    public DateOnly Today => clock.Today;

    /// <param name="transition">The transition's name in the engine's timing metric (<see cref="EngineTransaction.PhaseDuration"/>).</param>
    public Task<T> TransactAsync<T>(Func<EngineTransaction, Task<T>> work, CancellationToken cancellationToken, [CallerMemberName] string transition = "") =>
        EngineTransaction.RunAsync(this, work, transition, cancellationToken);

    public static async Task<CaseRecord> LoadCaseAsync(EngineDbContext db, Guid caseId, CancellationToken cancellationToken) =>
        await db.Cases.Include(c => c.Steps).FirstAsync(c => c.Id == caseId, cancellationToken);

    public static async Task<CaseRecord> LoadCaseAsync(EngineDbContext db, string caseCode, CancellationToken cancellationToken) =>
        await db.Cases.Include(c => c.Steps).FirstOrDefaultAsync(c => c.Code == caseCode, cancellationToken)
        ?? throw new NotFoundException("case.unknown", $"No case {caseCode}.");

    /// <summary>A case the actor may act on: one outside their <paramref name="scope"/> (null: every case) is unknown, exactly like a missing one.</summary>
    public static async Task<CaseRecord> LoadCaseAsync(EngineDbContext db, string caseCode, CaseScope? scope, CancellationToken cancellationToken)
    {
        var record = await LoadCaseAsync(db, caseCode, cancellationToken);
        return scope is null || scope.Includes(record.Unit) ? record : throw new NotFoundException("case.unknown", $"No case {caseCode}.");
    }

    /// <summary>
    /// The bundle version the case pinned. A version published after this process started is not in its catalog
    /// yet; the definition every case pins is also stored with the cases, so it is read from there and learnt.
    /// </summary>
    public async Task<BundleDefinition> BundleOfAsync(EngineDbContext db, CaseRecord record, CancellationToken cancellationToken)
    {
        if (bundles.Find(record.BundleId, record.BundleVersion) is { } known)
        {
            return known;
        }

        var pinned = await db.BundleVersions.AsNoTracking()
            .Where(b => b.BundleId == record.BundleId && b.Version == record.BundleVersion)
            .Select(b => b.DefinitionJson)
            .FirstOrDefaultAsync(cancellationToken)
            ?? throw new InvalidOperationException($"Case {record.Code} pins bundle {record.BundleId} v{record.BundleVersion}, which is neither known to this runner nor stored with the cases.");
        logger.LogInformation("Learnt bundle {BundleId} v{Version} from the stored pinned definition", record.BundleId, record.BundleVersion);
        return bundles.Add(pinned, $"bundle_versions/{record.BundleId}/{record.BundleVersion}");
    }
}
