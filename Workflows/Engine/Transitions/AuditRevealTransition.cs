using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using RpaRunner.Workflows.Audit;

namespace RpaRunner.Workflows.Engine.Transitions;

/// <summary>
/// Opens the sealed, unmasked details of one audit row for a person allowed to read the case, and records that
/// they did: reading personal data leaves its own trace in the trail.
/// </summary>
internal sealed class AuditRevealTransition(EngineCore core)
{
    public async Task<JsonElement> RevealAsync(string caseCode, long auditId, string actor, CaseScope? scope, CancellationToken cancellationToken = default)
    {
        var revealed = await core.TransactAsync(async tx =>
        {
            // A case of another unit is not there for this reader (the same answer as a case that does not exist).
            await EngineCore.LoadCaseAsync(tx.Db, caseCode, scope, cancellationToken);
            var row = await tx.Db.AuditEvents.AsNoTracking()
                .Where(a => a.Id == auditId && a.CaseCode == caseCode)
                .Select(a => new { a.Kind, a.SealedDetailJson })
                .FirstOrDefaultAsync(cancellationToken);
            if (row?.SealedDetailJson is not { } sealedDetail)
            {
                throw new NotFoundException("audit.no-sealed-detail", $"Audit row {auditId} of case {caseCode} has no sealed details.");
            }

            if (Privacy.PersonalDataCipher.IsProtected(sealedDetail))
            {
                throw new EngineRequestException("audit.unreadable", "The details were sealed with a key this runner does not hold.");
            }

            await tx.Audit.AppendAsync(AuditKinds.AuditDetailRevealed, actor, caseCode, null, new { auditId, kind = row.Kind }, cancellationToken);
            return sealedDetail;
        }, cancellationToken);
        using var document = JsonDocument.Parse(revealed);
        return document.RootElement.Clone();
    }

    /// <summary>Records that <paramref name="actor"/> exports the case's (masked) trail as a file; a case outside the scope is not found.</summary>
    public Task RecordExportAsync(string caseCode, string actor, string format, CaseScope? scope, CancellationToken cancellationToken = default) =>
        core.TransactAsync(async tx =>
        {
            await EngineCore.LoadCaseAsync(tx.Db, caseCode, scope, cancellationToken);
            await tx.Audit.AppendAsync(AuditKinds.AuditExported, actor, caseCode, null, new { format }, cancellationToken);
            return true;
        }, cancellationToken);
}
