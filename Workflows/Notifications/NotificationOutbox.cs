using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using RpaRunner.Workflows.Audit;
using RpaRunner.Workflows.Engine.Storage;
using RpaRunner.Workflows.Engine.Transitions;
using RpaRunner.Workflows.Model;

namespace RpaRunner.Workflows.Notifications;

/// <summary>
/// Writes the outbox rows of one transaction (ADR 0016): for each audit row it appended that makes a
/// <see cref="NotificationEvents"/> event, one row per webhook that asked for the event, in the order of the audit rows.
/// Called by <see cref="EngineTransaction"/> just before it saves, so a notification exists exactly when its change does.
/// </summary>
internal static class NotificationOutbox
{
    public static async Task WriteAsync(EngineCore core, EngineDbContext db, IReadOnlyList<AuditEventRecord> appended, CancellationToken cancellationToken)
    {
        if (core.Notifications.Items.Count == 0)
        {
            return;
        }

        foreach (var row in appended)
        {
            if (row.CaseCode is not { } code)
            {
                continue;
            }

            var record = db.Cases.Local.FirstOrDefault(c => c.Code == code)
                ?? await db.Cases.Include(c => c.Steps).FirstOrDefaultAsync(c => c.Code == code, cancellationToken);
            var step = row.StepId is null ? null : record?.Steps.Find(s => s.StepId == row.StepId);
            if (record is null || NotificationEvents.Of(row.Kind, step?.ErrorClass) is not { } eventType)
            {
                continue;
            }

            var targets = core.Notifications.For(eventType).ToList();
            if (targets.Count == 0)
            {
                continue;
            }

            var eventId = Guid.CreateVersion7(row.At);
            var bundle = core.Bundles.Find(record.BundleId, record.BundleVersion);
            var payload = NotificationPayloads.Build(eventId, eventType, row.At, record, bundle, step, core.Bundles.Systems, ReasonOf(row, eventType))
                .ToJsonString(JsonDefaults.Options);
            foreach (var target in targets)
            {
                db.Outbox.Add(new OutboxMessageRecord
                {
                    EventId = eventId,
                    Webhook = target.Name,
                    EventType = eventType,
                    CaseCode = code,
                    PayloadJson = payload,
                    State = OutboxState.Pending,
                    QueuedAt = row.At,
                    NextAttemptAt = row.At,
                });
            }
        }
    }

    /// <summary>A refusal's reason as the audit row holds it: masked (names of the case, ID and mobile numbers).</summary>
    private static string? ReasonOf(AuditEventRecord row, string eventType)
    {
        if (eventType is not (NotificationEvents.StepRefused or NotificationEvents.StepNeedsApplicant or NotificationEvents.CaseCancelled) || row.DetailJson is null)
        {
            return null;
        }

        var detail = JsonNode.Parse(row.DetailJson);
        return (detail?["error"] ?? detail?["reason"]) is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
    }
}
