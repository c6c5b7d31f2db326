using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using RpaRunner.Workflows.Audit;
using RpaRunner.Workflows.Engine.Contracts;
using RpaRunner.Workflows.Engine.Storage;
using RpaRunner.Workflows.Materials;
using RpaRunner.Workflows.Model;

namespace RpaRunner.Workflows.Engine.Transitions;

/// <summary>
/// The materials (一次告知) of a case: which the pinned bundle version declares, storing a checked file for one of
/// them (the last one supplied replaces the one before), and recording in the trail a file that was refused.
/// </summary>
internal sealed class MaterialTransition(EngineCore core)
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

            var sha256 = Convert.ToHexStringLower(SHA256.HashData(upload.Content));
            var now = core.Time.GetUtcNow();
            var stored = await tx.Db.CaseMaterials.FirstOrDefaultAsync(m => m.CaseId == record.Id && m.MaterialId == material.Id, cancellationToken);
            var replaced = stored?.Sha256;
            if (stored is null)
            {
                stored = new CaseMaterialRecord
                {
                    CaseId = record.Id, MaterialId = material.Id, FileName = upload.FileName, ContentType = TypeCode(type), Size = upload.Content.Length,
                    Sha256 = sha256, Content = upload.Content, UploadedBy = upload.Actor, UploadedAt = now,
                };
                tx.Db.CaseMaterials.Add(stored);
            }
            else
            {
                (stored.FileName, stored.ContentType, stored.Size, stored.Sha256, stored.Content, stored.UploadedBy, stored.UploadedAt) =
                    (upload.FileName, TypeCode(type), upload.Content.Length, sha256, upload.Content, upload.Actor, now);
            }

            await tx.Audit.AppendAsync(AuditKinds.MaterialAdded, upload.Actor, record.Code, null,
                new { materialId = material.Id, type = TypeCode(type), size = upload.Content.Length, sha256, replaced }, cancellationToken);
            return Supplied(material, stored);
        }, cancellationToken);

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
        return [.. bundle.Materials.Select(m => supplied.TryGetValue(m.Id, out var file) ? Supplied(m, file) : MaterialView.Declared(m))];
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
            if (step is null || step.Status != StepStatus.Running || step.DispatchToken != dispatchToken
                || step.LeaseExpiresAt < core.Time.GetUtcNow() || step.LeaseHolder is not null && step.LeaseHolder != worker)
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

    private static string TypeCode(MaterialType type) => type.ToString().ToLowerInvariant();

    private static MaterialType ParseType(string code) => Enum.Parse<MaterialType>(code, ignoreCase: true);
}
