using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using RpaRunner.Workflows.Audit;
using RpaRunner.Workflows.Engine.Progression;
using RpaRunner.Workflows.Engine.Storage;
using RpaRunner.Workflows.Forms;
using RpaRunner.Workflows.Materials;
using RpaRunner.Workflows.Model;

namespace RpaRunner.Workflows.Engine.Transitions;

/// <summary>受理: validates the unified form and stores a new case with its steps, pinned to its bundle version.</summary>
internal sealed class SubmitTransition(EngineCore core, CaseProgression progression)
{
    /// <summary>Validates the form and stores a new case. Throws <see cref="FormRejectedException"/> with every field error when the form is bad.</summary>
    public async Task<SubmitResult> SubmitAsync(SubmitCase command, CancellationToken cancellationToken = default)
    {
        if (command.RequestId is not null)
        {
            // A resubmission is answered before anything else, as it was the first time; a key reused for another request is refused.
            await using var read = await core.DbFactory.CreateDbContextAsync(cancellationToken);
            if (await PriorSubmissionAsync(read, command, cancellationToken) is { } prior)
            {
                return prior;
            }
        }

        var bundle = core.Bundles.Find(command.BundleId, command.BundleVersion)
            ?? throw new NotFoundException("bundle.unknown", $"Unknown bundle '{command.BundleId}'{(command.BundleVersion is { } v ? $" version {v}" : string.Empty)}.");
        var validation = FormValidator.Validate(bundle.Form, command.Form, core.Today);
        if (!validation.IsValid)
        {
            throw new FormRejectedException(validation.Errors);
        }

        var decisions = command.Materials ?? [];
        if (MaterialDecision.Validate(bundle, decisions) is { Count: > 0 } decisionErrors)
        {
            throw new MaterialDecisionRejectedException(decisionErrors);
        }

        var window = core.Schedule.WindowOf(bundle.Id);
        var hold = command.HoldForBatchWindow ?? window?.HoldSubmissions ?? false;
        if (hold && window is null)
        {
            throw new EngineRequestException("batch.no-window", $"Bundle '{bundle.Id}' has no batch window to hold the case for (configure Bundles:{bundle.Id}:BatchWindow).");
        }

        var result = await core.TransactAsync(async tx =>
        {
            var db = tx.Db;
            if (await PriorSubmissionAsync(db, command, cancellationToken) is { } prior)
            {
                return prior;
            }

            await PinBundleVersionAsync(db, bundle, cancellationToken);
            var now = core.Time.GetUtcNow();
            var record = new CaseRecord
            {
                Id = Guid.CreateVersion7(now),
                Code = NewCaseCode(bundle, now),
                BundleId = bundle.Id,
                BundleVersion = bundle.Version,
                Status = CaseStatus.Running,
                FormJson = validation.Normalized.ToJsonString(JsonDefaults.Options),
                RequestId = command.RequestId,
                RequestFingerprint = command.RequestId is not null && command.RequestFingerprints is [var current, ..] ? current : null,
                PlatformCaseNo = command.Platform?.CaseNo,
                SubmittedBy = command.Actor,
                Unit = CaseScope.UnitOrDefault(command.Unit),
                SubmittedAt = now,
                UpdatedAt = now,
                BatchWindow = hold ? window!.Hours.Spec : null,
            };
            foreach (var step in bundle.Steps)
            {
                var system = core.Bundles.Systems.FindSystem(step.System)!;
                DateTimeOffset? deadline = step.TimeLimitDays is { } days ? core.Schedule.DeadlineOf(now, days) : null;
                if (deadline > record.DeadlineAt || (deadline is not null && record.DeadlineAt is null))
                {
                    record.DeadlineAt = deadline;
                }

                record.Steps.Add(new StepRecord
                {
                    Id = Guid.CreateVersion7(now),
                    CaseId = record.Id,
                    StepId = step.Id,
                    Status = StepStatus.Pending,
                    System = step.System,
                    Action = step.Action,
                    Pool = system.Pool,
                    IdempotencyKey = $"{record.Code}:{step.Id}",
                    DeadlineAt = deadline,
                    TimeLimitDays = step.TimeLimitDays,
                });
            }

            db.Cases.Add(record);
            await CaseSearchIndex.ReplaceAsync(db, record, bundle.Form, validation.Normalized, cancellationToken);
            var audit = tx.Audit;
            await audit.AppendAsync(AuditKinds.CaseSubmitted, command.Actor, record.Code, null, new { bundle = bundle.Id, version = bundle.Version, steps = bundle.Steps.Count, requestId = command.RequestId, platform = command.Platform, deadline = record.DeadlineAt, batchWindow = record.BatchWindow }, cancellationToken);
            foreach (var decision in decisions)
            {
                await MaterialTransition.RecordDecisionAsync(core, db, audit, record, bundle.FindMaterial(decision.MaterialId)!, decision, command.Actor, now, cancellationToken);
            }
            await progression.AdvanceAsync(record, bundle, audit, cancellationToken);
            return new SubmitResult(record.Code, Created: true);
        }, cancellationToken);

        if (result.Created)
        {
            core.Logger.LogInformation("Case {CaseCode} of bundle {BundleId} v{Version} submitted", result.CaseCode, bundle.Id, bundle.Version);
            core.Signal.Notify();
        }

        return result;
    }

    /// <summary>
    /// The case this user already submitted with this idempotency key, when the request is the same; null when the
    /// key is new to the user. The same key with another body is refused: the first case is not an answer to it.
    /// A case stored without a fingerprint (before they were kept) answers any resubmission with its key.
    /// </summary>
    private static async Task<SubmitResult?> PriorSubmissionAsync(EngineDbContext db, SubmitCase command, CancellationToken cancellationToken)
    {
        if (command.RequestId is not { } requestId)
        {
            return null;
        }

        var prior = await db.Cases.AsNoTracking()
            .Where(c => c.SubmittedBy == command.Actor && c.RequestId == requestId)
            .Select(c => new { c.Code, c.RequestFingerprint })
            .FirstOrDefaultAsync(cancellationToken);
        if (prior is null)
        {
            return null;
        }

        return prior.RequestFingerprint is null || command.RequestFingerprints is null || command.RequestFingerprints.Contains(prior.RequestFingerprint, StringComparer.Ordinal)
            ? new SubmitResult(prior.Code, Created: false)
            : throw new IdempotencyConflictException(prior.Code);
    }

    private async Task PinBundleVersionAsync(EngineDbContext db, BundleDefinition bundle, CancellationToken cancellationToken)
    {
        if (await db.BundleVersions.AnyAsync(b => b.BundleId == bundle.Id && b.Version == bundle.Version, cancellationToken))
        {
            return;
        }

        var json = core.Bundles.SourceOf(bundle.Id, bundle.Version) ?? JsonSerializer.Serialize(bundle, JsonDefaults.Options);
        db.BundleVersions.Add(new BundleVersionRecord
        {
            BundleId = bundle.Id,
            Version = bundle.Version,
            DefinitionJson = json,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(json))),
            RegisteredAt = core.Time.GetUtcNow(),
        });
    }


    private string NewCaseCode(BundleDefinition bundle, DateTimeOffset now)
    {
        const string alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
        Span<char> suffix = stackalloc char[6];
        for (var i = 0; i < suffix.Length; i++)
        {
            suffix[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
        }

        var local = core.Clock.ToLocal(now);
        return string.Create(CultureInfo.InvariantCulture, $"{bundle.CasePrefix}{local:yyyyMMdd}{suffix}");
    }
}
