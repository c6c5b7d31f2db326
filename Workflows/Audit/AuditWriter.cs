using System.Text.Json.Nodes;
using RpaRunner.Workflows.Engine.Storage;
using RpaRunner.Workflows.Privacy;

namespace RpaRunner.Workflows.Audit;

/// <summary>
/// Adds audit rows inside the caller's transaction. A row is written unsequenced (no place in the chain, no
/// hash): writers never read or move a shared row, so transitions on different cases do not collide here.
/// <see cref="AuditSealer"/> chains the rows afterwards, in the order they arrived. Details pass
/// <see cref="AuditDetailMasking"/> first, with the names of the case's form when this transaction holds the case.
/// </summary>
internal sealed class AuditWriter(EngineDbContext db, TimeProvider time)
{
    private readonly Dictionary<string, (string Form, IReadOnlyList<string> Names)> _namesByCase = new(StringComparer.Ordinal);
    private readonly List<AuditEventRecord> _appended = [];

    /// <summary>The transaction's context the rows are appended to.</summary>
    public EngineDbContext Db => db;

    /// <summary>The rows this transaction appended, in the order it appended them.</summary>
    public IReadOnlyList<AuditEventRecord> Appended => _appended;

    public Task AppendAsync(string kind, string actor, string? caseCode, string? stepId, object? detail, CancellationToken cancellationToken) =>
        AppendAsync(kind, actor, caseCode, stepId, detail, [], cancellationToken);

    /// <param name="moreNames">Names to mask beyond those of the case's current form (an amendment's former names).</param>
    public Task AppendAsync(string kind, string actor, string? caseCode, string? stepId, object? detail, IEnumerable<string> moreNames, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var (masked, original) = AuditDetailMasking.Mask(detail, NamesOf(caseCode).Concat(moreNames));
        var row = new AuditEventRecord
        {
            At = DateTimeOffset.FromUnixTimeMilliseconds(time.GetUtcNow().ToUnixTimeMilliseconds()),
            Kind = kind,
            Actor = actor,
            CaseCode = caseCode,
            StepId = stepId,
            DetailJson = masked,
            SealedDetailJson = original,
        };
        db.AuditEvents.Add(row);
        _appended.Add(row);
        return Task.CompletedTask;
    }

    /// <summary>The personal names in the form of the case this transaction holds (none when it holds no such case).</summary>
    private IReadOnlyList<string> NamesOf(string? caseCode)
    {
        if (caseCode is null)
        {
            return [];
        }

        var record = db.Cases.Local.FirstOrDefault(c => c.Code == caseCode);
        if (record is null || PersonalDataCipher.IsProtected(record.FormJson))
        {
            return [];
        }

        // Parsed once per form: an amendment within the transaction gives the case a new form, and new names.
        if (!_namesByCase.TryGetValue(caseCode, out var known) || !ReferenceEquals(known.Form, record.FormJson))
        {
            known = (record.FormJson, [.. PersonalDataMasker.NamesIn(JsonNode.Parse(record.FormJson)).Where(n => n.Length >= 2).Distinct(StringComparer.Ordinal)]);
            _namesByCase[caseCode] = known;
        }

        return known.Names;
    }
}
