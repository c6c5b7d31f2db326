using System.Text.Json;
using RpaRunner.Workflows.Audit;
using RpaRunner.Workflows.Engine.Storage;
using RpaRunner.Workflows.Model;
using RpaRunner.Workflows.Privacy;
using static RpaRunner.Workflows.Engine.Transitions.EngineText;
using static RpaRunner.Workflows.Engine.Transitions.StepRules;

namespace RpaRunner.Workflows.Engine.Progression;

internal sealed partial class CaseProgression
{
    /// <summary>
    /// Computes every step's inputs again from the case's form and the outputs so far, and brings each step whose
    /// inputs changed in line: a step not yet run simply uses them (one waiting for a person or the applicant runs
    /// again); a running step is amended once its attempt succeeds; a succeeded step needs amendment. Steps whose
    /// dependencies are no longer done wait again. Returns the steps whose inputs changed.
    /// </summary>
    internal async Task<List<string>> ReconcileInputsAsync(CaseRecord record, BundleDefinition bundle, string actor, AuditWriter audit, CancellationToken cancellationToken)
    {
        var touched = new List<string>();
        var now = core.Time.GetUtcNow();
        var byId = record.Steps.ToDictionary(s => s.StepId, StringComparer.Ordinal);

        // Reconciling changes inputs only, never the form or outputs: the case's values and names are read once.
        var values = ValuesOf(record);
        var names = PersonalDataMasker.NamesIn(values.Form).ToList();
        foreach (var definition in bundle.Steps)
        {
            var step = byId[definition.Id];
            if (step.Status is StepStatus.Pending or StepStatus.Skipped or StepStatus.Cancelled || step.InputsJson is null)
            {
                continue;
            }

            var current = ReadStrings(step.InputsJson);
            var corrections = ReadStrings(step.CorrectedInputsJson);
            var desired = ResolveInputs(definition, values, step.CorrectedInputsJson);
            var changes = desired.Where(d => current.GetValueOrDefault(d.Key) != d.Value).Select(d => d.Key).ToList();
            if (changes.Count == 0)
            {
                continue;
            }

            touched.Add(step.StepId);
            var detail = changes.Select(k => new
            {
                input = k,
                from = PersonalDataMasker.MaskText(PersonalDataMasker.MaskValue(k, current.GetValueOrDefault(k)) ?? string.Empty, names),
                to = PersonalDataMasker.MaskText(PersonalDataMasker.MaskValue(k, desired[k]) ?? string.Empty, names),
                corrected = corrections.ContainsKey(k),
            }).ToList();
            switch (step.Status)
            {
                case StepStatus.Succeeded when core.Bundles.Systems.FindSystem(step.System)?.ReadsOnly == true:
                    // A certificate fetched from a library holds no record of ours to correct: the step keeps what it read.
                    step.InputsJson = JsonSerializer.Serialize(desired, JsonDefaults.Options);
                    await audit.AppendAsync(AuditKinds.StepInputsUpdated, actor, record.Code, step.StepId, new { changes = detail, readsOnly = true }, cancellationToken);
                    break;

                case StepStatus.Succeeded:
                    step.PreviousInputsJson = step.InputsJson;
                    step.InputsJson = JsonSerializer.Serialize(desired, JsonDefaults.Options);
                    await audit.AppendAsync(AuditKinds.StepNeedsAmendment, actor, record.Code, step.StepId, new { changes = detail }, cancellationToken);
                    await BeginAmendmentAsync(step, definition, record, actor, audit, cancellationToken);
                    break;

                case StepStatus.Running:
                    step.PreviousInputsJson ??= step.InputsJson;
                    step.InputsJson = JsonSerializer.Serialize(desired, JsonDefaults.Options);
                    step.AmendAfterRun = true;
                    await audit.AppendAsync(AuditKinds.StepInputsUpdated, actor, record.Code, step.StepId, new { changes = detail, whileRunning = true }, cancellationToken);
                    break;

                default:
                    step.InputsJson = JsonSerializer.Serialize(desired, JsonDefaults.Options);
                    if (step.Status is StepStatus.WaitingForPerson or StepStatus.FailedWillRetry)
                    {
                        // The new values are what a person (or the applicant) was asked for: try them.
                        step.Status = StepStatus.Ready;
                        step.DueAt = now;
                        step.AttemptsInBudget = 0;
                        step.ErrorClass = null;
                        step.ErrorMessage = null;
                    }

                    await audit.AppendAsync(AuditKinds.StepInputsUpdated, actor, record.Code, step.StepId, new { changes = detail }, cancellationToken);
                    break;
            }
        }

        // A step that has not run yet waits again while a step it builds on is being corrected.
        foreach (var definition in bundle.Steps)
        {
            var step = byId[definition.Id];
            if (step.AmendAction is null && step.Status is StepStatus.Ready or StepStatus.FailedWillRetry or StepStatus.WaitingForPerson
                && !definition.DependsOn.All(d => byId[d].Status.ReleasesDependents()))
            {
                step.Status = StepStatus.Pending;
                step.DueAt = null;
                step.ErrorClass = null;
                step.ErrorMessage = null;
                await audit.AppendAsync(AuditKinds.StepHeldForAmendment, actor, record.Code, step.StepId, new { waitsFor = definition.DependsOn.Where(d => !byId[d].Status.ReleasesDependents()) }, cancellationToken);
            }
        }

        UpdateCaseStatus(record);
        return touched;
    }


    /// <summary>
    /// A succeeded step's record is outdated. With an amend action in its system the bots correct it (now, or once
    /// the records it builds on are corrected); without one, a person corrects it in the system and confirms.
    /// </summary>
    internal async Task BeginAmendmentAsync(StepRecord step, StepDefinition definition, CaseRecord record, string actor, AuditWriter audit, CancellationToken cancellationToken)
    {
        var amendBy = core.Bundles.Systems.FindAction(definition.Action)?.AmendedBy;
        step.AmendAction = amendBy;
        step.FinishedAt = null;
        step.AttemptsInBudget = 0;
        step.ErrorClass = null;
        step.ErrorMessage = null;
        ClearLease(step);
        var byId = record.Steps.ToDictionary(s => s.StepId, StringComparer.Ordinal);
        if (amendBy is not null && definition.DependsOn.All(d => byId[d].Status.ReleasesDependents()))
        {
            step.Status = StepStatus.Ready;
            step.DueAt = core.Time.GetUtcNow();
            await audit.AppendAsync(AuditKinds.StepAmendmentReady, actor, record.Code, step.StepId, new { action = amendBy }, cancellationToken);
        }
        else
        {
            step.Status = StepStatus.NeedsAmendment;
            step.DueAt = null;
            if (amendBy is null)
            {
                var system = core.Bundles.Systems.FindSystem(step.System)?.Name.Zh ?? step.System;
                step.ErrorMessage = $"办件已更正，请在「{system}」中更正该记录后确认 / the case was amended: correct this record in {step.System}, then confirm";
            }
        }

        UpdateCaseStatus(record);
    }
}
