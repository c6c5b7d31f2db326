using System.Text.Json;
using System.Text.Json.Nodes;
using RpaRunner.Workflows.Catalog;
using RpaRunner.Workflows.Engine.Storage;
using RpaRunner.Workflows.Engine.Transitions;
using RpaRunner.Workflows.Forms;
using RpaRunner.Workflows.Model;
using RpaRunner.Workflows.Privacy;

namespace RpaRunner.Workflows.Notifications;

/// <summary>
/// The one place a notification's body is made (ADR 0016). It carries what identifies the case to the platform (our
/// case code, the platform's case number), the bundle, the matter and its department, the case's status, the outputs an
/// applicant may see (licence and register numbers: outputs of a type that is not personal) and a department's
/// refusal reason as the audit trail holds it (masked). Never a name, ID number, mobile, bank card or address.
/// </summary>
public static class NotificationPayloads
{
    /// <summary>Output types that may name or reach a person: never sent, whatever the step keeps.</summary>
    private static readonly HashSet<FieldType> Personal = [FieldType.ChineseName, FieldType.IdNumber, FieldType.Mobile, FieldType.BankCard, FieldType.Address];

    public static JsonObject Build(
        Guid eventId, string eventType, DateTimeOffset occurredAt, CaseRecord record, BundleDefinition? bundle, StepRecord? step, SystemCatalog systems, string? reason)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(systems);
        var payload = new JsonObject
        {
            ["eventId"] = eventId,
            ["type"] = eventType,
            ["occurredAt"] = occurredAt,
            ["caseCode"] = record.Code,
            ["platformCaseNo"] = record.PlatformCaseNo,
            ["caseStatus"] = JsonSerializer.SerializeToNode(record.Status, JsonDefaults.Options),
            ["bundle"] = new JsonObject
            {
                ["id"] = record.BundleId,
                ["version"] = record.BundleVersion,
                ["name"] = Text(bundle?.Name),
            },
        };
        if (step is not null)
        {
            var definition = bundle?.FindStep(step.StepId);
            var system = systems.FindSystem(step.System);
            payload["step"] = new JsonObject
            {
                ["id"] = step.StepId,
                ["matter"] = Text(definition?.Matter),
                ["matterCode"] = definition?.MatterCode,
                ["department"] = definition?.Department,
                ["system"] = new JsonObject { ["id"] = step.System, ["name"] = Text(system?.Name) },
            };
            if (eventType == NotificationEvents.StepSucceeded && VisibleOutputs(step, systems.FindAction(step.Action)) is { Count: > 0 } outputs)
            {
                payload["outputs"] = outputs;
            }
        }

        if (!string.IsNullOrWhiteSpace(reason))
        {
            payload["reason"] = reason;
        }

        return payload;
    }

    /// <summary>The step's outputs of a type that is not personal, by output id (masked again, in case a system wrote a number into a text field).</summary>
    private static JsonObject VisibleOutputs(StepRecord step, SystemAction? action)
    {
        var visible = new JsonObject();
        if (action is null || step.OutputsJson is null || PersonalDataCipher.IsProtected(step.OutputsJson))
        {
            return visible;
        }

        foreach (var (name, value) in EngineText.ReadStrings(step.OutputsJson))
        {
            if (value is not null && action.Outputs.Find(o => o.Id == name) is { } field && !Personal.Contains(field.Type))
            {
                visible[name] = PersonalDataMasker.MaskText(value);
            }
        }

        return visible;
    }

    private static JsonObject? Text(LocalizedText? text) => text is null ? null : new JsonObject { ["zh"] = text.Zh, ["en"] = text.En };
}
