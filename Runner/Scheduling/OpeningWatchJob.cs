using Quartz;
using RpaRunner.Runner.Farm;
using RpaRunner.Workflows.Audit;
using RpaRunner.Workflows.Calendar;
using RpaRunner.Workflows.Engine;

namespace RpaRunner.Runner.Scheduling;

/// <summary>
/// Watches service hours and batch windows open and close. The engine itself never dispatches into a closed
/// system (it checks the schedule in every claim), so this job is not needed for correctness: it records each
/// opening and closing in the audit trail (with the steps it holds or releases) and wakes the dispatcher the
/// moment a system opens. The last state seen is kept in the job's data, which Quartz stores in PostgreSQL in a
/// farm, so an edge is recorded once even when another orchestrator runs the next check.
/// </summary>
public sealed class OpeningWatchJob(CaseEngine engine, DispatchSchedule schedule, DispatchWakeup wakeup, TimeProvider time, ILogger<OpeningWatchJob> logger) : IJob
{
    public static readonly JobKey Key = new("opening-watch");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var data = context.JobDetail.JobDataMap;
        var opened = false;
        var subjects = schedule.Systems.Where(s => s.Hours is { IsRestricted: true }).Select(s => (Kind: AuditKinds.SystemHoursPrefix, Id: s.System, Hours: s.Hours!))
            .Concat(schedule.Windows.Select(w => (Kind: AuditKinds.BatchWindowPrefix, Id: w.BundleId, Hours: w.Hours)));
        foreach (var (kind, id, hours) in subjects)
        {
            var key = $"{kind.TrimEnd('.')}:{id}";
            var open = hours.IsOpen(now);
            var state = open ? "open" : "closed";
            if (data.TryGetString(key, out var last) && last == state)
            {
                continue;
            }

            data[key] = state;
            if (last is null)
            {
                continue;
            }

            var next = open ? hours.NextClosing(now) : hours.NextOpening(now);
            await engine.RecordScheduleEventAsync(kind + (open ? AuditKinds.Opened : AuditKinds.Closed), id, new { hours = hours.Spec, until = next }, cancellationToken);
            logger.LogInformation("{Kind} {Id} {State} ({Hours})", kind.TrimEnd('.'), id, state, hours.Spec);
            opened |= open;
        }

        if (opened)
        {
            await wakeup.NotifyAsync(cancellationToken);
        }
    }
}
