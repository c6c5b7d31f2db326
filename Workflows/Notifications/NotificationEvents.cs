using RpaRunner.Workflows.Audit;
using RpaRunner.Workflows.Engine;

namespace RpaRunner.Workflows.Notifications;

/// <summary>
/// The events a webhook is told of (结果回传), each derived from the audit row a transition writes (ADR 0016): the
/// audit trail already names every change of every case, so every transition that makes one of these events is
/// covered without notifying code in each. The one list the engine, the options check and the console share.
/// </summary>
public static class NotificationEvents
{
    /// <summary>受理: the case was accepted (submitted at the hall, or pushed by the platform).</summary>
    public const string CaseAccepted = "case.accepted";

    /// <summary>A matter is done: its department system holds the record (by a robot, or a person finished it by hand).</summary>
    public const string StepSucceeded = "step.succeeded";

    /// <summary>A department system refused the data for a business reason: a person decides.</summary>
    public const string StepRefused = "step.refused";

    /// <summary>补正: a department refused the data for a reason only the applicant can fix.</summary>
    public const string StepNeedsApplicant = "step.needs-applicant";

    /// <summary>办结: every matter is done.</summary>
    public const string CaseCompleted = "case.completed";

    public const string CaseCancelled = "case.cancelled";

    public static IReadOnlyList<string> All { get; } = [CaseAccepted, StepSucceeded, StepRefused, StepNeedsApplicant, CaseCompleted, CaseCancelled];

    /// <summary>What people see for an event type, Chinese first.</summary>
    public static LocalizedText LabelOf(string eventType) => eventType switch
    {
        CaseAccepted => new("已受理", "Case accepted"),
        StepSucceeded => new("事项已办结", "Matter done"),
        StepRefused => new("部门退回", "Refused by the department"),
        StepNeedsApplicant => new("需申请人补正", "Applicant must correct"),
        CaseCompleted => new("办件已办结", "Case completed"),
        CaseCancelled => new("办件已撤销", "Case cancelled"),
        _ => new(eventType, eventType),
    };

    /// <summary>
    /// The event an audit row makes, or null when it is none a receiver is told of. A step handed to a person makes
    /// one only for a department's refusal (<paramref name="failure"/> Business or NeedsApplicant): a captcha or an
    /// exhausted retry is the bureau's own business, settled before the platform needs to know.
    /// </summary>
    public static string? Of(string auditKind, FailureClass? failure) => auditKind switch
    {
        AuditKinds.CaseSubmitted => CaseAccepted,
        AuditKinds.StepSucceeded or AuditKinds.StepCompletedByPerson => StepSucceeded,
        AuditKinds.StepWaitingForPerson when failure == FailureClass.Business => StepRefused,
        AuditKinds.StepWaitingForPerson when failure == FailureClass.NeedsApplicant => StepNeedsApplicant,
        AuditKinds.CaseCompleted => CaseCompleted,
        AuditKinds.CaseCancelled => CaseCancelled,
        _ => null,
    };
}

/// <summary>One webhook as the engine sees it: its name and the events it asked for.</summary>
public sealed record NotificationTarget(string Name, IReadOnlySet<string> Events);

/// <summary>The webhooks the engine writes outbox rows for; none unless the host configures some.</summary>
public sealed class NotificationTargets(IEnumerable<NotificationTarget> targets)
{
    public static NotificationTargets None { get; } = new([]);

    public IReadOnlyList<NotificationTarget> Items { get; } = [.. targets];

    public IEnumerable<NotificationTarget> For(string eventType) => Items.Where(t => t.Events.Contains(eventType));
}
