using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using RpaRunner.Workflows.Audit;
using RpaRunner.Workflows.Catalog;
using RpaRunner.Workflows.Engine.Contracts;
using RpaRunner.Workflows.Engine.Progression;
using RpaRunner.Workflows.Materials;
using RpaRunner.Workflows.Model;
using static RpaRunner.Workflows.Engine.Transitions.EngineText;
using static RpaRunner.Workflows.Engine.Transitions.StepRules;

namespace RpaRunner.Workflows.Engine.Transitions;

/// <summary>A bot reports how its attempt ended: the step succeeds, retries, waits, is looked up or goes to a person.</summary>
internal sealed class ReportTransition(EngineCore core, CaseProgression progression)
{
    /// <summary>Records how a bot attempt ended, then releases the steps that now have all they need.</summary>
    public async Task ApplyReportAsync(StepReport report, CancellationToken cancellationToken = default)
    {
        var changed = await core.TransactAsync(async tx =>
        {
            var db = tx.Db;
            // The case's id only: the case is then read with all its steps, this one among them.
            var caseId = await db.Steps.Where(s => s.Id == report.StepRecordId).Select(s => (Guid?)s.CaseId).FirstOrDefaultAsync(cancellationToken);
            if (caseId is null)
            {
                core.Logger.LogWarning("Report for unknown step record {StepRecordId} ignored", report.StepRecordId);
                return false;
            }

            var record = await EngineCore.LoadCaseAsync(db, caseId.Value, cancellationToken);
            var step = record.Steps.First(s => s.Id == report.StepRecordId);
            var attempt = await db.Attempts.FirstOrDefaultAsync(a => a.StepRecordId == step.Id && a.DispatchToken == report.DispatchToken, cancellationToken);
            var now = core.Time.GetUtcNow();
            var audit = tx.Audit;
            var actor = $"bot:{report.Worker}";
            var current = step.DispatchToken == report.DispatchToken;
            if (attempt is not null)
            {
                attempt.Worker = report.Worker;

                // An attempt the reconciler already closed (its lease ran out) stays closed at that moment: from
                // then on the engine counts its session as free, and the worker had stopped by its lease's end.
                attempt.FinishedAt ??= now;
                attempt.FoundExisting = report.FoundExisting;
                attempt.EvidenceJson = report.Evidence.Count > 0 ? JsonSerializer.Serialize(report.Evidence, JsonDefaults.Options) : null;
                attempt.ErrorClass = report.FailureClass;
                attempt.ErrorMessage = Truncate(report.Message, 2000);
                attempt.NotesJson = report.Notes.Count > 0 ? JsonSerializer.Serialize(report.Notes.Take(20), JsonDefaults.Options) : null;
            }

            // A success is accepted from any attempt while the step is open: the record exists in the
            // department system, and a later attempt would only find it. Failures count only when current.
            if (step.Status.IsTerminal() || record.Status == CaseStatus.Cancelled || (!report.Succeeded && (!current || step.Status != StepStatus.Running)))
            {
                attempt?.Outcome = AttemptOutcomes.Stale;
                await audit.AppendAsync(AuditKinds.StepReportIgnored, actor, record.Code, step.StepId, new { attempt = report.Attempt, succeeded = report.Succeeded, state = step.Status.ToString() }, cancellationToken);
                return true;
            }

            // The attempt is over: a question it left open closes, an answer it did not take is erased.
            await QuestionTransition.WithdrawAsync(db, step.Id, cancellationToken);
            var bundle = await core.BundleOfAsync(db, record, cancellationToken);
            var definition = bundle.FindStep(step.StepId)!;
            if (report.Succeeded)
            {
                // An output the contract does not require (a licence number when the library has none) may be empty;
                // the contract's own rules say when it must be there.
                var ranContract = core.Bundles.Systems.FindAction(step.AmendAction ?? step.Action);
                var missing = definition.Outputs.Where(o => string.IsNullOrWhiteSpace(report.Outputs.GetValueOrDefault(o)) && ranContract?.FindOutput(o)?.Required != false).ToList();
                if (missing.Count > 0)
                {
                    attempt?.Outcome = AttemptOutcomes.Failed;
                    await progression.HandOverAsync(step, record, FailureClass.NeedsPerson, $"机器人未取回结果字段 / the bot returned no value for: {string.Join(", ", missing)}", actor, audit, cancellationToken);
                    return true;
                }

                // A value read from a department system passes the same contract as one a person types.
                var ranAction = core.Bundles.Systems.FindAction(step.AmendAction ?? step.Action)!;
                var check = ActionContract.CheckOutputs(ranAction, InputsToSend(step), report.Outputs.Where(o => definition.Outputs.Contains(o.Key)).ToDictionary(), core.Today);
                if (!check.IsValid)
                {
                    attempt?.Outcome = AttemptOutcomes.Failed;
                    var detail = string.Join("；", check.Errors.Select(e => e.Message));
                    await progression.HandOverAsync(step, record, FailureClass.NeedsPerson, $"系统返回的结果不合规，未采用 / the system returned invalid values, not used: {detail}", actor, audit, cancellationToken);
                    return true;
                }

                var fetched = bundle.Materials.Find(m => m.FetchedBy == step.StepId);
                MaterialType? fetchedType = null;
                if (report.Document is { } document && fetched is not null)
                {
                    // The bot checked the library's SHA-256; the engine checks again what it is about to keep.
                    fetchedType = MaterialContent.Sniff(document.Content);
                    if (fetchedType is not { } type || !fetched.AcceptedTypes.Contains(type) || document.Content.Length > fetched.MaxBytes
                        || !string.Equals(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(document.Content)), document.Sha256, StringComparison.OrdinalIgnoreCase))
                    {
                        attempt?.Outcome = AttemptOutcomes.Failed;
                        await progression.FailAsync(step, record, definition, FailureClass.Transient,
                            $"电子证照库返回的文件未通过校验（类型、大小或 SHA-256），未采用 / the document from the certificate library failed its checks (type, size or SHA-256) and was not kept", actor, audit, cancellationToken);
                        return true;
                    }
                }

                attempt?.Outcome = step.Verifying ? AttemptOutcomes.Found : AttemptOutcomes.Succeeded;
                var amended = step.AmendAction is not null;
                var outputs = ReadStrings(step.OutputsJson);
                foreach (var (name, value) in check.Normalized)
                {
                    outputs[name] = value;
                }

                if (!current)
                {
                    await EndCurrentAttemptAsync(db, step, now, cancellationToken);
                }

                step.Status = StepStatus.Succeeded;
                step.OutputsJson = JsonSerializer.Serialize(outputs, JsonDefaults.Options);
                step.FinishedAt = now;
                step.AmendAction = null;
                if (!step.AmendAfterRun)
                {
                    step.PreviousInputsJson = null;
                }

                ClearRun(step);
                await audit.AppendAsync(amended ? AuditKinds.StepAmended : AuditKinds.StepSucceeded, actor, record.Code, step.StepId, new { attempt = report.Attempt, foundExisting = report.FoundExisting, outputs = MaskAll(check.Normalized.ToDictionary()), notes = report.Notes }, cancellationToken);
                if (step.AmendAfterRun)
                {
                    // The case was amended while this attempt entered the old values: the record needs correcting now.
                    step.AmendAfterRun = false;
                    await progression.BeginAmendmentAsync(step, definition, record, actor, audit, cancellationToken);
                }

                if (fetchedType is { } keptType && report.Document is { } kept && fetched is not null)
                {
                    // 电子证照: the fetched licence is the case's material from now on, as if handed in at the window.
                    await MaterialTransition.StoreAsync(db, audit, record, fetched, kept.FileName, keptType, kept.Content, CaseMaterials.LicenceLibraryActor, now,
                        $"{kept.Source} · {actor}", cancellationToken);
                    await progression.ReconsiderMaterialAsync(record, bundle, [fetched.Id], CaseMaterials.LicenceLibraryActor, audit, cancellationToken);
                }

                if (amended)
                {
                    // A corrected record may carry new outputs (a re-issued ID number): later steps follow them.
                    await progression.ReconcileInputsAsync(record, bundle, actor, audit, cancellationToken);
                }

                await progression.AdvanceAsync(record, bundle, audit, cancellationToken);
                return true;
            }

            if (report.Awaiting && core.Bundles.Systems.FindAction(step.Action)?.Awaits is not null && step.AmendAction is null)
            {
                // The system's own answer that nothing was recorded yet (待缴费): not an unknown outcome, not a failure.
                attempt?.Outcome = AttemptOutcomes.Awaiting;
                attempt?.ErrorClass = null;
                await progression.AwaitAsync(step, record, report.Message ?? "awaiting the applicant", actor, audit, cancellationToken);
                return true;
            }

            if (step.Verifying)
            {
                await progression.VerificationFailedAsync(step, record, definition, attempt, report, actor, audit, cancellationToken);
                return true;
            }

            if (IsUnknownOutcome(step, attempt, report.FailureClass))
            {
                await progression.OutcomeUnknownAsync(step, record, attempt, report.Message ?? "no message", actor, audit, cancellationToken);
                return true;
            }

            if (report.Unanswered)
            {
                // Nobody answered the bot's question (a captcha, an SMS code): not a failure of the step; it comes back
                // when the system's next service hours begin, with operators on shift to answer.
                attempt?.Outcome = AttemptOutcomes.Deferred;
                await progression.DeferUntilAsync(step, record, QuestionDeferral.NextShift(core.Schedule, core.Options, step.System, now), report.Message ?? "nobody answered the bot's question in time", actor, audit, cancellationToken);
                return true;
            }

            if (report.DeferredFor is { } deferredFor)
            {
                attempt?.Outcome = AttemptOutcomes.Deferred;
                await progression.DeferAsync(step, record, deferredFor, report.Message ?? "the department system is unavailable", actor, audit, cancellationToken);
                return true;
            }

            attempt?.Outcome = AttemptOutcomes.Failed;
            await progression.FailAsync(step, record, definition, report.FailureClass ?? FailureClass.Transient, report.Message ?? "no message", actor, audit, cancellationToken);
            return true;
        }, cancellationToken);

        if (changed)
        {
            core.Signal.Notify();
        }
    }
}
