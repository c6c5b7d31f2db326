using System.Text.Json;
using RpaRunner.Workflows.Audit;
using RpaRunner.Workflows.Catalog;
using RpaRunner.Workflows.Engine.Progression;
using RpaRunner.Workflows.Engine.Storage;
using RpaRunner.Workflows.Forms;
using RpaRunner.Workflows.Model;
using static RpaRunner.Workflows.Engine.Transitions.EngineText;
using static RpaRunner.Workflows.Engine.Transitions.StepRules;

namespace RpaRunner.Workflows.Engine.Transitions;

/// <summary>An operator's decision on a step: retry, correct and retry, skip, complete by hand.</summary>
internal sealed class PersonActionTransition(EngineCore core, CaseProgression progression)
{
    /// <summary>Runs an operator's decision on a step (retry, correct and retry, skip, complete by hand), audited with who and why.</summary>
    public async Task PerformAsync(PersonAction action, CancellationToken cancellationToken = default)
    {
        RequireReason(action.Reason);
        await core.TransactAsync(async tx =>
        {
            var db = tx.Db;
            var record = await EngineCore.LoadCaseAsync(db, action.CaseCode, action.Scope, cancellationToken);
            if (record.Status is CaseStatus.Cancelled or CaseStatus.Completed)
            {
                throw new ActionConflictException("case.closed", $"Case {record.Code} is {record.Status}; its steps can no longer change.");
            }

            var step = record.Steps.FirstOrDefault(s => s.StepId == action.StepId)
                ?? throw new NotFoundException("step.unknown", $"Case {record.Code} has no step '{action.StepId}'.");
            var bundle = await core.BundleOfAsync(db, record, cancellationToken);
            var definition = bundle.FindStep(step.StepId)!;
            var audit = tx.Audit;
            var now = core.Time.GetUtcNow();
            switch (action.Kind)
            {
                case PersonActionKind.Retry:
                case PersonActionKind.CorrectAndRetry:
                    RequireState(step, action.Kind, StepStatus.WaitingForPerson, StepStatus.FailedWillRetry);
                    string[] corrected = [];
                    if (action.Kind == PersonActionKind.CorrectAndRetry)
                    {
                        corrected = ApplyCorrections(step, definition, action.Values);
                    }
                    else if (step.ErrorClass == FailureClass.NeedsApplicant)
                    {
                        throw new ActionConflictException("step.needs-applicant", $"The department refused '{step.StepId}' for a reason only the applicant can fix; retrying would repeat the refusal. Amend the case with the applicant's corrected data (or cancel it).");
                    }

                    step.Status = StepStatus.Ready;
                    step.DueAt = now;
                    step.AttemptsInBudget = 0;
                    step.ErrorClass = null;
                    step.ErrorMessage = null;
                    await audit.AppendAsync(action.Kind == PersonActionKind.Retry ? AuditKinds.StepRetriedByPerson : AuditKinds.StepCorrectedByPerson, action.Actor, record.Code, step.StepId, new { reason = action.Reason, corrected }, cancellationToken);
                    break;

                case PersonActionKind.Skip:
                    RequireState(step, action.Kind, StepStatus.WaitingForPerson, StepStatus.FailedWillRetry, StepStatus.Ready, StepStatus.Pending, StepStatus.OutcomeUnknown, StepStatus.AwaitingMaterial, StepStatus.Awaiting);
                    var affected = AffectedBySkip(bundle, record, step.StepId);
                    if (affected.Count > 0 && !action.Cascade)
                    {
                        throw new SkipAffectsLaterStepsException(step.StepId, affected);
                    }

                    foreach (var skipped in affected.Select(id => record.Steps.First(s => s.StepId == id)).Prepend(step))
                    {
                        skipped.Status = StepStatus.Skipped;
                        skipped.FinishedAt = now;
                        skipped.ResolvedBy = action.Actor;
                        skipped.AmendAction = null;
                        ClearRun(skipped);
                        await audit.AppendAsync(AuditKinds.StepSkippedByPerson, action.Actor, record.Code, skipped.StepId, skipped == step
                            ? new { reason = action.Reason, cascade = affected }
                            : new { reason = action.Reason, cascadeFrom = step.StepId }, cancellationToken);
                    }

                    break;

                case PersonActionKind.CompleteByHand:
                    RequireState(step, action.Kind, StepStatus.WaitingForPerson, StepStatus.FailedWillRetry, StepStatus.Ready, StepStatus.NeedsAmendment, StepStatus.OutcomeUnknown, StepStatus.AwaitingMaterial, StepStatus.Awaiting);
                    var outputs = action.Values ?? [];
                    var missing = definition.Outputs.Where(o => string.IsNullOrWhiteSpace(outputs.GetValueOrDefault(o))).ToList();
                    var unknown = outputs.Keys.Where(k => !definition.Outputs.Contains(k)).ToList();
                    if (missing.Count > 0 || unknown.Count > 0)
                    {
                        var errors = missing.Select(m => RequiredOutputError(core.Bundles.Systems.FindAction(definition.Action)?.FindOutput(m)?.Label, m))
                            .Concat(unknown.Select(u => new FieldError($"outputs.{u}", FormErrorCodes.UnknownField, $"事项「{definition.Matter.Zh}」没有结果字段「{u}」", $"'{definition.Matter.En}' has no output \"{u}\"")))
                            .ToList();
                        throw new ValuesRejectedException(errors);
                    }

                    var contract = core.Bundles.Systems.FindAction(definition.Action)!;
                    var handCheck = ActionContract.CheckOutputs(contract, ReadStrings(step.InputsJson), outputs, core.Today);
                    if (!handCheck.IsValid)
                    {
                        throw new ValuesRejectedException(handCheck.Errors);
                    }

                    var amending = step.AmendAction is not null || step.Status == StepStatus.NeedsAmendment;
                    step.Status = StepStatus.Succeeded;
                    step.OutputsJson = JsonSerializer.Serialize(handCheck.Normalized, JsonDefaults.Options);
                    step.FinishedAt = now;
                    step.ResolvedBy = action.Actor;
                    step.AmendAction = null;
                    step.PreviousInputsJson = null;
                    ClearRun(step);
                    await audit.AppendAsync(amending ? AuditKinds.StepAmendedByPerson : AuditKinds.StepCompletedByPerson, action.Actor, record.Code, step.StepId, new { reason = action.Reason, outputs = MaskAll(handCheck.Normalized.ToDictionary()) }, cancellationToken);
                    if (amending)
                    {
                        await progression.ReconcileInputsAsync(record, bundle, action.Actor, audit, cancellationToken);
                    }
                    break;

                default:
                    throw new EngineRequestException("action.unknown", $"Unknown action {action.Kind}.");
            }

            await progression.AdvanceAsync(record, bundle, audit, cancellationToken);
            return true;
        }, cancellationToken);
        core.Signal.Notify();
    }


    /// <summary>
    /// The later steps that cannot run without the skipped step: those with a required input mapped from its outputs,
    /// and in turn those that need theirs. Steps already done are not affected.
    /// </summary>
    private List<string> AffectedBySkip(BundleDefinition bundle, CaseRecord record, string skippedId)
    {
        var gone = new HashSet<string>(StringComparer.Ordinal) { skippedId };
        var affected = new List<string>();
        bool grew;
        do
        {
            grew = false;
            foreach (var definition in bundle.Steps)
            {
                var step = record.Steps.First(s => s.StepId == definition.Id);
                if (gone.Contains(definition.Id) || step.Status.IsTerminal())
                {
                    continue;
                }

                var action = core.Bundles.Systems.FindAction(definition.Action);
                var needs = definition.Inputs.Any(i => action?.FindInput(i.Key)?.Required == true
                    && ValuePath.TryParse(i.Value.Path, out var path) && path.Value.Source == ValueSource.Step && gone.Contains(path.Value.Owner));
                if (needs)
                {
                    gone.Add(definition.Id);
                    affected.Add(definition.Id);
                    grew = true;
                }
            }
        }
        while (grew);
        return affected;
    }


    private string[] ApplyCorrections(StepRecord step, StepDefinition definition, Dictionary<string, string?>? values)
    {
        if (values is not { Count: > 0 })
        {
            throw new EngineRequestException("inputs.missing", "Correct-and-retry needs at least one corrected input.");
        }

        var action = core.Bundles.Systems.FindAction(definition.Action)!;
        var unknown = values.Keys.Where(k => action.FindInput(k) is null).ToList();
        if (unknown.Count > 0)
        {
            throw new ValuesRejectedException([.. unknown.Select(u => new FieldError($"inputs.{u}", FormErrorCodes.UnknownField, $"「{action.Name.Zh}」没有输入项「{u}」", $"'{action.Name.En}' has no input \"{u}\""))]);
        }

        // A value of the unified form is changed once, for every department, by amending the case.
        var fromForm = values.Keys.Where(k => definition.Inputs.TryGetValue(k, out var source) && source.Path?.StartsWith("form.", StringComparison.Ordinal) == true).ToList();
        if (fromForm.Count > 0)
        {
            throw new ValuesRejectedException([.. fromForm.Select(k => new FieldError($"inputs.{k}", "input.fromForm",
                $"「{action.FindInput(k)!.Label.Zh}」来自一次表单（{definition.Inputs[k].Path}），请更正办件，使各部门一致", $"'{action.FindInput(k)!.Label.En}' comes from the unified form ({definition.Inputs[k].Path}); amend the case so every department gets it"))]);
        }

        var corrected = ReadStrings(step.CorrectedInputsJson);
        var inputs = ReadStrings(step.InputsJson);
        foreach (var (name, value) in values)
        {
            corrected[name] = value;
            inputs[name] = value;
        }

        var check = ActionContract.CheckInputs(action, inputs, core.Today);
        if (!check.IsValid)
        {
            throw new ValuesRejectedException(check.Errors);
        }

        foreach (var name in values.Keys)
        {
            corrected[name] = check.Normalized.GetValueOrDefault(name);
            inputs[name] = check.Normalized.GetValueOrDefault(name);
        }

        step.CorrectedInputsJson = JsonSerializer.Serialize(corrected, JsonDefaults.Options);
        step.InputsJson = JsonSerializer.Serialize(inputs, JsonDefaults.Options);
        return [.. values.Keys];
    }
}
