using System.Text.Json;
using System.Text.Json.Nodes;
using RpaRunner.Workflows.Audit;
using RpaRunner.Workflows.Engine.Transitions;
using RpaRunner.Workflows.Engine.Storage;
using RpaRunner.Workflows.Model;
using static RpaRunner.Workflows.Engine.Transitions.EngineText;

namespace RpaRunner.Workflows.Engine.Progression;

/// <summary>
/// How a case moves on inside a transition: pending steps become ready (or skipped) when what they need is done,
/// failed steps retry, wait or go to a person, amendments are carried through; the case's status follows its steps.
/// Every transition shares it, so a rule of progression has one home.
/// </summary>
internal sealed partial class CaseProgression(EngineCore core)
{
    /// <summary>Moves pending steps whose dependencies are done to Ready (or Skipped when their condition
    /// does not hold), repeatedly, then updates the case's status.</summary>
    internal async Task AdvanceAsync(CaseRecord record, BundleDefinition bundle, AuditWriter audit, CancellationToken cancellationToken)
    {
        var now = core.Time.GetUtcNow();
        var byId = record.Steps.ToDictionary(s => s.StepId, StringComparer.Ordinal);
        MaterialStanding? standing = null;
        Func<Task<MaterialStanding>> standingOf = async () => standing ??= await StandingOfAsync(audit.Db, record, cancellationToken);
        bool progressed;
        do
        {
            progressed = false;
            var values = ValuesOf(record);
            foreach (var definition in bundle.Steps)
            {
                var step = byId[definition.Id];
                if (step.Status == StepStatus.NeedsAmendment && step.AmendAction is not null && definition.DependsOn.All(d => byId[d].Status.ReleasesDependents()))
                {
                    // The records it builds on are corrected: its own correction may run now.
                    step.Status = StepStatus.Ready;
                    step.DueAt = now;
                    step.AttemptsInBudget = 0;
                    await audit.AppendAsync(AuditKinds.StepAmendmentReady, CaseEngine.EngineActor, record.Code, step.StepId, new { action = step.AmendAction }, cancellationToken);
                    continue;
                }

                if (step.Status != StepStatus.Pending || !definition.DependsOn.All(d => byId[d].Status.ReleasesDependents()))
                {
                    continue;
                }

                progressed = true;
                if (!StepConditionEvaluator.Holds(definition.Condition, values))
                {
                    step.Status = StepStatus.Skipped;
                    step.FinishedAt = now;
                    await audit.AppendAsync(AuditKinds.StepSkipped, CaseEngine.EngineActor, record.Code, step.StepId, new { reason = "condition not met" }, cancellationToken);
                    continue;
                }

                step.InputsJson = JsonSerializer.Serialize(ResolveInputs(definition, values, step.CorrectedInputsJson), JsonDefaults.Options);
                if (!await PassesMaterialGateAsync(record, step, definition, bundle, standingOf, audit, cancellationToken))
                {
                    continue;
                }

                step.Status = StepStatus.Ready;
                step.DueAt = now;
                await audit.AppendAsync(AuditKinds.StepReady, CaseEngine.EngineActor, record.Code, step.StepId, null, cancellationToken);
            }
        }
        while (progressed);

        var before = record.Status;
        UpdateCaseStatus(record);
        if (record.Status == CaseStatus.Completed && before != CaseStatus.Completed)
        {
            record.ClosedAt = now;
            await audit.AppendAsync(AuditKinds.CaseCompleted, CaseEngine.EngineActor, record.Code, null, new { steps = record.Steps.Count(s => s.Status == StepStatus.Succeeded), skipped = record.Steps.Count(s => s.Status == StepStatus.Skipped) }, cancellationToken);
        }
    }


    internal void UpdateCaseStatus(CaseRecord record)
    {
        record.UpdatedAt = core.Time.GetUtcNow();
        if (record.Status == CaseStatus.Cancelled)
        {
            return;
        }

        record.Status = record.Steps.All(s => s.Status.IsTerminal()) ? CaseStatus.Completed
            : record.Steps.Any(s => s.Status == StepStatus.WaitingForPerson && s.ErrorClass == FailureClass.NeedsApplicant) ? CaseStatus.WaitingForApplicant
            : record.Steps.Any(s => s.Status == StepStatus.WaitingForPerson || (s.Status == StepStatus.NeedsAmendment && s.AmendAction is null)) ? CaseStatus.WaitingForPerson
            : record.Steps.Any(s => s.Status == StepStatus.AwaitingMaterial)
                && !record.Steps.Any(s => s.Status is StepStatus.Ready or StepStatus.Running or StepStatus.FailedWillRetry or StepStatus.OutcomeUnknown or StepStatus.NeedsAmendment)
                ? CaseStatus.AwaitingMaterial
            : CaseStatus.Running;
        if (record.Status != CaseStatus.Completed)
        {
            record.ClosedAt = null;
        }
    }


    internal static Dictionary<string, string?> ResolveInputs(StepDefinition definition, CaseValues values, string? correctedJson)
    {
        var inputs = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (name, source) in definition.Inputs)
        {
            var node = source.Path is not null && ValuePath.TryParse(source.Path, out var path) ? path.Value.Resolve(values) : source.Value;
            inputs[name] = StepConditionEvaluator.Holds(source.When, values) ? AsText(node)
                : source.Otherwise is not null && ValuePath.TryParse(source.Otherwise, out var other) ? AsText(other.Value.Resolve(values))
                : null;
        }

        foreach (var (name, value) in ReadStrings(correctedJson))
        {
            inputs[name] = value;
        }

        return inputs;
    }


    internal static CaseValues ValuesOf(CaseRecord record)
    {
        var form = JsonNode.Parse(record.FormJson)!.AsObject();
        var outputs = record.Steps
            .Where(s => s.OutputsJson is not null)
            .ToDictionary(s => s.StepId, s => JsonNode.Parse(s.OutputsJson!)!.AsObject(), StringComparer.Ordinal);
        return new CaseValues(form, outputs);
    }
}
