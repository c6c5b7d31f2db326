using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using RpaRunner.Workflows.Audit;
using RpaRunner.Workflows.Engine.Progression;
using RpaRunner.Workflows.Forms;
using RpaRunner.Workflows.Model;
using RpaRunner.Workflows.Privacy;
using static RpaRunner.Workflows.Engine.Transitions.EngineText;
using static RpaRunner.Workflows.Engine.Transitions.StepRules;

namespace RpaRunner.Workflows.Engine.Transitions;

/// <summary>更正: a change of the case's unified form, carried to every department that holds the old values.</summary>
internal sealed class AmendTransition(EngineCore core, CaseProgression progression)
{
    /// <summary>
    /// Amends the case's unified form: the changed fields are merged into the form, which is validated exactly like a
    /// submission (nothing changes when it is refused). Then every step's inputs are computed again: steps not yet run
    /// use the new values; a step whose record a department already holds and whose inputs changed needs amendment —
    /// its system's amend action runs (after the records it builds on are corrected), or a person corrects the record.
    /// A step waiting for the applicant (补正) runs again with the new values.
    /// </summary>
    public async Task<AmendResult> AmendCaseAsync(AmendCase command, CancellationToken cancellationToken = default)
    {
        RequireReason(command.Reason);
        if (command.Form is not { Count: > 0 })
        {
            throw new EngineRequestException("amend.empty", "An amendment needs at least one changed field (form.section.field).");
        }

        var result = await core.TransactAsync(async tx =>
        {
            var db = tx.Db;
            var record = await EngineCore.LoadCaseAsync(db, command.CaseCode, command.Scope, cancellationToken);
            if (record.Status == CaseStatus.Cancelled)
            {
                throw new ActionConflictException("case.closed", $"Case {record.Code} is cancelled; it can no longer be amended.");
            }

            var bundle = await core.BundleOfAsync(db, record, cancellationToken);
            var before = JsonNode.Parse(record.FormJson)!.AsObject();
            var merged = before.DeepClone().AsObject();
            foreach (var (sectionId, sectionNode) in command.Form)
            {
                if (sectionNode is not JsonObject changes)
                {
                    merged[sectionId] = sectionNode?.DeepClone();
                    continue;
                }

                var section = merged[sectionId] as JsonObject ?? [];
                merged[sectionId] = section;
                foreach (var (fieldId, value) in changes)
                {
                    section[fieldId] = value?.DeepClone();
                }
            }

            var validation = FormValidator.Validate(bundle.Form, merged, core.Today);
            if (!validation.IsValid)
            {
                throw new FormRejectedException(validation.Errors);
            }

            var after = validation.Normalized;
            var changed = ChangedFields(bundle, before, after);
            if (changed.Count == 0)
            {
                throw new EngineRequestException("amend.no-change", "The amendment changes no field of the form.");
            }

            record.FormJson = after.ToJsonString(JsonDefaults.Options);
            await CaseSearchIndex.ReplaceAsync(db, record, bundle.Form, after, cancellationToken);
            var audit = tx.Audit;
            var names = PersonalDataMasker.NamesIn(before).Concat(PersonalDataMasker.NamesIn(after)).ToList();
            // The reason is masked by the writer (the full text kept sealed); the former names are masked too.
            await audit.AppendAsync(AuditKinds.CaseAmended, command.Actor, record.Code, null, new
            {
                reason = command.Reason,
                changes = changed.Select(c => new { field = "form." + c, from = MaskedField(c, before, names), to = MaskedField(c, after, names) }),
            }, names, cancellationToken);
            var touched = await progression.ReconcileInputsAsync(record, bundle, command.Actor, audit, cancellationToken);
            await progression.AdvanceAsync(record, bundle, audit, cancellationToken);
            return new AmendResult(
                [.. changed.Select(c => "form." + c)],
                touched,
                [.. record.Steps.Where(s => s.Status == StepStatus.NeedsAmendment || s.AmendAction is not null).Select(s => s.StepId)]);
        }, cancellationToken);
        core.Logger.LogInformation("Case {CaseCode} amended: {Fields}", command.CaseCode, string.Join(", ", result.ChangedFields));
        core.Signal.Notify();
        return result;
    }


    private static List<string> ChangedFields(BundleDefinition bundle, JsonObject before, JsonObject after)
    {
        var changed = new List<string>();
        foreach (var section in bundle.Form.Sections)
        {
            foreach (var field in section.Fields)
            {
                var a = (before[section.Id] as JsonObject)?[field.Id];
                var b = (after[section.Id] as JsonObject)?[field.Id];
                if (!JsonNode.DeepEquals(a, b))
                {
                    changed.Add($"{section.Id}.{field.Id}");
                }
            }
        }

        return changed;
    }


    private static string? MaskedField(string path, JsonObject form, IReadOnlyCollection<string> names)
    {
        var dot = path.IndexOf('.', StringComparison.Ordinal);
        var value = AsText((form[path[..dot]] as JsonObject)?[path[(dot + 1)..]]);
        return value is null ? null : PersonalDataMasker.MaskText(PersonalDataMasker.MaskValue(path[(dot + 1)..], value) ?? value, names);
    }
}
