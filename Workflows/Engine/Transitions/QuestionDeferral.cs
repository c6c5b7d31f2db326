using RpaRunner.Workflows.Calendar;

namespace RpaRunner.Workflows.Engine.Transitions;

/// <summary>When a step whose question nobody answered comes back (ADR 0028).</summary>
internal static class QuestionDeferral
{
    /// <summary>
    /// The start of the system's next service hours — the next opening after the present one closes, when the operators of
    /// the next shift are there to answer — or, for a system without service hours, <see cref="EngineOptions.UnansweredQuestionWait"/> from now.
    /// </summary>
    public static DateTimeOffset NextShift(DispatchSchedule schedule, EngineOptions options, string system, DateTimeOffset now)
    {
        var fallback = now + (options.UnansweredQuestionWait > TimeSpan.Zero ? options.UnansweredQuestionWait : TimeSpan.FromHours(1));
        if (schedule.RulesOf(system)?.Hours is not { IsRestricted: true } hours)
        {
            return fallback;
        }

        var closes = hours.NextClosing(now) ?? now;
        return hours.NextOpening(closes) ?? fallback;
    }
}
