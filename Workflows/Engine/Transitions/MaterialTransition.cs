using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using RpaRunner.Workflows.Audit;
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
