using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using RpaRunner.Workflows.Audit;
using RpaRunner.Workflows.Engine.Contracts;
using RpaRunner.Workflows.Engine.Progression;
using RpaRunner.Workflows.Engine.Storage;
using RpaRunner.Workflows.Materials;
using RpaRunner.Workflows.Model;

namespace RpaRunner.Workflows.Engine.Transitions;

/// <summary>
/// The materials (一次告知) of a case: which the pinned bundle version declares, storing a checked file for one of
/// them (the last one supplied replaces the one before), recording in the trail a file that was refused, and the
/// window's decisions for materials not handed in (容缺, 告知承诺). Supplying or deciding a material takes the steps the
/// gate held for it through the gate again in the same transaction (ADR 0019).
/// </summary>
internal sealed class MaterialTransition(EngineCore core, CaseProgression progression)
{
    /// <summary>The declared material of a case in <paramref name="scope"/>; an unknown case or material is <see cref="NotFoundException"/>.</summary>
    public async Task<MaterialDefinition> DeclaredAsync(string caseCode, string materialId, CaseScope? scope, CancellationToken cancellationToken)
    {
        await using var db = await core.DbFactory.CreateDbContextAsync(cancellationToken);
        var record = await EngineCore.LoadCaseAsync(db, caseCode, scope, cancellationToken);
        return await MaterialOfAsync(db, record, materialId, cancellationToken);
    }

    public Task<MaterialView> AddAsync(MaterialUpload upload, MaterialType type, CaseScope? scope, CancellationToken cancellationToken) =>
        core.TransactAsync(async tx =>
        {
            var record = await EngineCore.LoadCaseAsync(tx.Db, upload.CaseCode, scope, cancellationToken);
            var material = await MaterialOfAsync(tx.Db, record, upload.MaterialId, cancellationToken);
            if (record.Status is CaseStatus.Completed or CaseStatus.Cancelled)
            {
                throw new ActionConflictException("material.case-closed", $"Case {record.Code} is {record.Status.ToString().ToLowerInvariant()}; it takes no more materials.");
            }

            var stored = await StoreAsync(tx.Db, tx.Audit, record, material, upload.FileName, type, upload.Content, upload.Actor, core.Time.GetUtcNow(), source: null, cancellationToken);
            var bundle = await core.BundleOfAsync(tx.Db, record, cancellationToken);
            await progression.ReconsiderMaterialAsync(record, bundle, [material.Id], upload.Actor, tx.Audit, cancellationToken);
            return Supplied(material, stored);
        }, cancellationToken);

    /// <summary>
    /// Stores a checked file as the case's material (replacing an earlier one; both stay in the trail) and audits it
    /// <c>material.added</c>. <paramref name="source"/> names where it came from when not from the window (电子证照库).
    /// The caller takes the steps the gate held for it through the gate again.
    /// </summary>
    internal static async Task<CaseMaterialRecord> StoreAsync(
        EngineDbContext db, AuditWriter audit, CaseRecord record, MaterialDefinition material, string fileName, MaterialType type, byte[] content, string actor,
        DateTimeOffset now, string? source, CancellationToken cancellationToken)
    {
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(content));
        var stored = await db.CaseMaterials.FirstOrDefaultAsync(m => m.CaseId == record.Id && m.MaterialId == material.Id, cancellationToken);
        var replaced = stored?.Sha256;
        if (stored is null)
        {
            stored = new CaseMaterialRecord
            {
                CaseId = record.Id, MaterialId = material.Id, FileName = fileName, ContentType = TypeCode(type), Size = content.Length,
                Sha256 = sha256, Content = content, UploadedBy = actor, UploadedAt = now,
            };
            db.CaseMaterials.Add(stored);
        }
        else
        {
            (stored.FileName, stored.ContentType, stored.Size, stored.Sha256, stored.Content, stored.UploadedBy, stored.UploadedAt) =
                (fileName, TypeCode(type), content.Length, sha256, content, actor, now);
        }

        await audit.AppendAsync(AuditKinds.MaterialAdded, actor, record.Code, null,
            new { materialId = material.Id, type = TypeCode(type), size = content.Length, sha256, replaced, source }, cancellationToken);
        return stored;
    }

    /// <summary>
    /// Records the window's decisions (容缺, 告知承诺) for materials of an open case in <paramref name="scope"/> that were
    /// not supplied, checked by the rule every door uses (<see cref="MaterialDecision.Validate"/>); the steps held for them
    /// go through the gate again. Throws <see cref="MaterialDecisionRejectedException"/> when a decision breaks the rule.
    /// </summary>
    public Task<IReadOnlyList<MaterialView>> DecideAsync(string caseCode, IReadOnlyList<MaterialDecision> decisions, string actor, CaseScope? scope, CancellationToken cancellationToken) =>
        core.TransactAsync<IReadOnlyList<MaterialView>>(async tx =>
        {
            var record = await EngineCore.LoadCaseAsync(tx.Db, caseCode, scope, cancellationToken);
            if (record.Status is CaseStatus.Completed or CaseStatus.Cancelled)
            {
                throw new ActionConflictException("material.case-closed", $"Case {record.Code} is {record.Status.ToString().ToLowerInvariant()}; it takes no more materials.");
            }

            var bundle = await core.BundleOfAsync(tx.Db, record, cancellationToken);
            var supplied = (await tx.Db.CaseMaterials.AsNoTracking().Where(m => m.CaseId == record.Id).Select(m => m.MaterialId).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
            if (MaterialDecision.Validate(bundle, decisions, supplied) is { Count: > 0 } errors)
            {
                throw new MaterialDecisionRejectedException(errors);
            }

            var now = core.Time.GetUtcNow();
            foreach (var decision in decisions)
            {
                await RecordDecisionAsync(core, tx.Db, tx.Audit, record, bundle.FindMaterial(decision.MaterialId)!, decision, actor, now, cancellationToken);
            }

            await progression.ReconsiderMaterialAsync(record, bundle, [.. decisions.Select(d => d.MaterialId)], actor, tx.Audit, cancellationToken);
            var views = new List<MaterialView>();
            foreach (var decision in decisions)
            {
                var material = bundle.FindMaterial(decision.MaterialId)!;
                views.Add(Decided(material, tx.Db.MaterialDecisions.Local.First(d => d.CaseId == record.Id && d.MaterialId == material.Id)));
            }

            return views;
        }, cancellationToken);

    /// <summary>Stores one checked decision (replacing an earlier one for the material) and audits it.</summary>
    internal static async Task RecordDecisionAsync(
        EngineCore core, EngineDbContext db, AuditWriter audit, CaseRecord record, MaterialDefinition material, MaterialDecision decision, string actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var stored = await db.MaterialDecisions.FirstOrDefaultAsync(d => d.CaseId == record.Id && d.MaterialId == material.Id, cancellationToken)
            ?? db.MaterialDecisions.Local.FirstOrDefault(d => d.CaseId == record.Id && d.MaterialId == material.Id);
        if (stored is null)
        {
            stored = new CaseMaterialDecisionRecord { CaseId = record.Id, MaterialId = material.Id, Decision = string.Empty, DecidedBy = actor };
            db.MaterialDecisions.Add(stored);
        }

        var promised = decision.Choice == MaterialChoice.Promised;
        stored.Decision = promised ? CaseMaterialDecisionRecord.Promised : CaseMaterialDecisionRecord.Deferred;
        stored.DueAt = promised ? null : core.Schedule.DeadlineOf(now, material.DeferralDaysOrDefault);
        stored.PromiseText = promised ? material.PromiseTextOrDefault.Zh : null;
        stored.ApplicantTicked = promised && decision.ApplicantTicked;
        stored.Signature = promised ? decision.Signature : null;
        stored.SignatureSha256 = promised && decision.Signature is { } signature ? Convert.ToHexStringLower(SHA256.HashData(signature)) : null;
        stored.DecidedBy = actor;
        stored.DecidedAt = now;
        if (promised)
        {
            await audit.AppendAsync(AuditKinds.MaterialPromised, actor, record.Code, null,
                new { materialId = material.Id, confirmedBy = actor, applicantTicked = stored.ApplicantTicked, signatureSha256 = stored.SignatureSha256 }, cancellationToken);
        }
        else
        {
            await audit.AppendAsync(AuditKinds.MaterialDeferred, actor, record.Code, null,
                new { materialId = material.Id, deferralDays = material.DeferralDaysOrDefault, dueAt = stored.DueAt }, cancellationToken);
        }
    }

    /// <summary>Records that a file was refused for a material (nothing is stored), with the reason and the file's fingerprint.</summary>
    public Task RecordRefusedAsync(MaterialUpload upload, MaterialRefusal reason, string? signature, CaseScope? scope, CancellationToken cancellationToken) =>
        core.TransactAsync(async tx =>
        {
            var record = await EngineCore.LoadCaseAsync(tx.Db, upload.CaseCode, scope, cancellationToken);
            await tx.Audit.AppendAsync(AuditKinds.MaterialRefused, upload.Actor, record.Code, null,
                new
                {
                    materialId = upload.MaterialId, reason = MaterialRefusedException.CodeOf(reason), signature,
                    size = upload.Content.Length, sha256 = Convert.ToHexStringLower(SHA256.HashData(upload.Content)),
                }, cancellationToken);
            return true;
        }, cancellationToken);

    /// <summary>The 一次告知 list of a case in <paramref name="scope"/> with what was supplied; null when there is no such case.</summary>
    public async Task<IReadOnlyList<MaterialView>?> ListAsync(string caseCode, CaseScope? scope, CancellationToken cancellationToken)
    {
        await using var db = await core.DbFactory.CreateDbContextAsync(cancellationToken);
        var record = await db.Cases.AsNoTracking().FirstOrDefaultAsync(c => c.Code == caseCode, cancellationToken);
        if (record is null || scope is not null && !scope.Includes(record.Unit))
        {
            return null;
        }

        var bundle = await core.BundleOfAsync(db, record, cancellationToken);
        var supplied = await db.CaseMaterials.AsNoTracking().Where(m => m.CaseId == record.Id)
            .Select(m => new CaseMaterialRecord
            {
                CaseId = m.CaseId, MaterialId = m.MaterialId, FileName = m.FileName, ContentType = m.ContentType, Size = m.Size, Sha256 = m.Sha256,
                Content = Array.Empty<byte>(), UploadedBy = m.UploadedBy, UploadedAt = m.UploadedAt,
            })
            .ToDictionaryAsync(m => m.MaterialId, StringComparer.Ordinal, cancellationToken);
        var decided = await db.MaterialDecisions.AsNoTracking().Where(d => d.CaseId == record.Id)
            .Select(d => new CaseMaterialDecisionRecord
            {
                CaseId = d.CaseId, MaterialId = d.MaterialId, Decision = d.Decision, DueAt = d.DueAt, PromiseText = d.PromiseText, ApplicantTicked = d.ApplicantTicked,
                SignatureSha256 = d.SignatureSha256, DecidedBy = d.DecidedBy, DecidedAt = d.DecidedAt,
            })
            .ToDictionaryAsync(d => d.MaterialId, StringComparer.Ordinal, cancellationToken);
        return [.. bundle.Materials.Select(m => supplied.TryGetValue(m.Id, out var file) ? Supplied(m, file) with { Decision = decided.TryGetValue(m.Id, out var earlier) ? DecisionOf(earlier) : null }
            : decided.TryGetValue(m.Id, out var decision) ? Decided(m, decision) : MaterialView.Declared(m))];
    }

    /// <summary>A supplied material's file, opened; null when the case (in scope), the material or its file is not there.</summary>
    public async Task<MaterialFile?> ReadAsync(string caseCode, string materialId, CaseScope? scope, CancellationToken cancellationToken)
    {
        await using var db = await core.DbFactory.CreateDbContextAsync(cancellationToken);
        var record = await db.Cases.AsNoTracking().FirstOrDefaultAsync(c => c.Code == caseCode, cancellationToken);
        if (record is null || scope is not null && !scope.Includes(record.Unit))
        {
            return null;
        }

        var file = await db.CaseMaterials.AsNoTracking().FirstOrDefaultAsync(m => m.CaseId == record.Id && m.MaterialId == materialId, cancellationToken);
        return file is null ? null : new MaterialFile(file.FileName, ParseType(file.ContentType), file.Sha256, file.Content);
    }

    /// <summary>
    /// The dispatches with, for each, the materials its step needs by the case's pinned bundle and a reference to the file
    /// the case holds for each (never the bytes). A step that needs none — most — costs no query.
    /// </summary>
    public async Task<IReadOnlyList<RunStep>> WithReferencesAsync(IReadOnlyList<RunStep> claimed, CancellationToken cancellationToken)
    {
        var needing = claimed.Where(s => core.Bundles.Versions(s.BundleId).Any(b => b.Materials.Any(m => m.Steps.Contains(s.StepId)))).ToList();
        if (needing.Count == 0)
        {
            return claimed;
        }

        await using var db = await core.DbFactory.CreateDbContextAsync(cancellationToken);
        var withMaterials = new Dictionary<Guid, RunStep>();
        foreach (var step in needing)
        {
            var record = await db.Cases.AsNoTracking().FirstOrDefaultAsync(c => c.Code == step.CaseCode, cancellationToken);
            if (record is null)
            {
                continue;
            }

            var declared = (await core.BundleOfAsync(db, record, cancellationToken)).Materials.Where(m => m.Steps.Contains(step.StepId)).ToList();
            if (declared.Count == 0)
            {
                continue;
            }

            var ids = declared.Select(m => m.Id).ToList();
            var files = await db.CaseMaterials.AsNoTracking().Where(m => m.CaseId == record.Id && ids.Contains(m.MaterialId))
                .Select(m => new { m.MaterialId, m.FileName, m.ContentType, m.Size, m.Sha256 })
                .ToDictionaryAsync(m => m.MaterialId, StringComparer.Ordinal, cancellationToken);
            withMaterials[step.StepRecordId] = step with
            {
                Materials = [.. declared.Select(m => files.TryGetValue(m.Id, out var f)
                    ? new MaterialReference
                    {
                        MaterialId = m.Id, Name = m.Name.Zh, EnglishName = m.Name.En, Sha256 = f.Sha256, Size = f.Size,
                        ContentType = MaterialContent.MediaType(ParseType(f.ContentType)), FileName = f.FileName,
                    }
                    : new MaterialReference { MaterialId = m.Id, Name = m.Name.Zh, EnglishName = m.Name.En })],
            };
        }

        return [.. claimed.Select(s => withMaterials.GetValueOrDefault(s.StepRecordId, s))];
    }

    /// <summary>
    /// A material's file for the bot running a step: only for the current dispatch (<paramref name="dispatchToken"/>) of a
    /// running step whose lease <paramref name="worker"/> holds, and only a material the bundle declares for that step.
    /// The reading is audited (<see cref="AuditKinds.MaterialRead"/>).
    /// </summary>
    public async Task<WorkerMaterialRead> ReadForAttemptAsync(Guid stepRecordId, Guid dispatchToken, string worker, string materialId, CancellationToken cancellationToken)
    {
        MaterialFile? file = null;
        var refusal = await core.TransactAsync(async tx =>
        {
            var step = await tx.Db.Steps.Include(s => s.Case).AsNoTracking().FirstOrDefaultAsync(s => s.Id == stepRecordId, cancellationToken);
            if (!StepRules.HeldBy(step, dispatchToken, worker, core.Time.GetUtcNow()))
            {
                return WorkerMaterialRefusal.NotCurrent;
            }

            var bundle = await core.BundleOfAsync(tx.Db, step.Case!, cancellationToken);
            if (bundle.FindMaterial(materialId) is not { } material || !material.Steps.Contains(step.StepId))
            {
                return WorkerMaterialRefusal.NotNeeded;
            }

            var stored = await tx.Db.CaseMaterials.AsNoTracking().FirstOrDefaultAsync(m => m.CaseId == step.CaseId && m.MaterialId == material.Id, cancellationToken);
            if (stored is null)
            {
                return WorkerMaterialRefusal.Missing;
            }

            file = new MaterialFile(stored.FileName, ParseType(stored.ContentType), stored.Sha256, stored.Content);
            await tx.Audit.AppendAsync(AuditKinds.MaterialRead, $"bot:{worker}", step.Case!.Code, step.StepId,
                new { materialId = material.Id, attempt = step.Attempt, size = stored.Size, sha256 = stored.Sha256 }, cancellationToken);
            return (WorkerMaterialRefusal?)null;
        }, cancellationToken);
        return new WorkerMaterialRead(file, refusal);
    }

    private async Task<MaterialDefinition> MaterialOfAsync(EngineDbContext db, CaseRecord record, string materialId, CancellationToken cancellationToken) =>
        (await core.BundleOfAsync(db, record, cancellationToken)).FindMaterial(materialId)
        ?? throw new NotFoundException("material.unknown", $"Case {record.Code} asks for no material '{materialId}'.");

    private static MaterialView Supplied(MaterialDefinition material, CaseMaterialRecord file) => MaterialView.Declared(material) with
    {
        State = MaterialState.Supplied, FileName = file.FileName, Size = file.Size, Sha256 = file.Sha256, ContentType = ParseType(file.ContentType),
        UploadedBy = file.UploadedBy, UploadedAt = file.UploadedAt,
    };

    private static MaterialView Decided(MaterialDefinition material, CaseMaterialDecisionRecord decision) => MaterialView.Declared(material) with
    {
        State = decision.Decision == CaseMaterialDecisionRecord.Promised ? MaterialState.Promised : MaterialState.Deferred,
        Decision = DecisionOf(decision),
    };

    private static MaterialDecisionView DecisionOf(CaseMaterialDecisionRecord decision) => new(
        decision.Decision == CaseMaterialDecisionRecord.Promised ? MaterialChoice.Promised : MaterialChoice.Deferred,
        decision.DueAt, decision.PromiseText, decision.ApplicantTicked, decision.SignatureSha256, decision.DecidedBy, decision.DecidedAt);

    private static string TypeCode(MaterialType type) => type.ToString().ToLowerInvariant();

    private static MaterialType ParseType(string code) => Enum.Parse<MaterialType>(code, ignoreCase: true);
}
