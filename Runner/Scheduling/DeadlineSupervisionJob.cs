using Quartz;
using RpaRunner.Workflows.Engine;

namespace RpaRunner.Runner.Scheduling;

/// <summary>电子监察: recomputes the yellow and red flags of open matters and records each change once.</summary>
public sealed class DeadlineSupervisionJob(CaseEngine engine, ILogger<DeadlineSupervisionJob> logger) : IJob
{
    public static readonly JobKey Key = new("deadline-supervision");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var changed = await engine.SuperviseDeadlinesAsync(cancellationToken);
        if (changed > 0)
        {
            logger.LogInformation("Deadline supervision changed the flags of {Cases} case(s)", changed);
        }
    }
}
