using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using RpaRunner.Workflows.Engine.Storage;
using RpaRunner.Workflows.Forms;
using RpaRunner.Workflows.Privacy;

namespace RpaRunner.Workflows.Engine;

/// <summary>
/// The search index of personal identifiers: each case's ID numbers and mobile numbers (the form's fields of those
/// types) are kept as keyed hashes (<see cref="KeyedHash"/>, purpose <see cref="Purpose"/>), so an operator who types
/// a full number finds the case while the case table stays sealed and the index holds nothing in clear. Values are
/// normalised first (an ID number upper-case, a mobile number its 11 digits), the same way the form's validators
/// normalise them, so 11010519491231002x and 11010519491231002X are one key.
/// </summary>
public static class CaseSearchIndex
{
    public const string IdNumberKind = "id";

    public const string MobileKind = "mobile";

    private const string Purpose = "case-search-index";

    /// <summary>The identifier an operator typed, normalised, with its kind; null when the text is not a full ID number or mobile number.</summary>
    public static (string Kind, string Value)? IdentifierIn(string? text)
    {
        if (CitizenIdNumber.TryParse(text, out var id, out _))
        {
            return (IdNumberKind, id.ToString());
        }

        return MobileNumber.TryNormalize(text, out var mobile) ? (MobileKind, mobile) : null;
    }

    /// <summary>The identifiers on a form: every field typed as an ID number or a mobile number, normalised, without repeats.</summary>
    public static IReadOnlyList<(string Kind, string Value)> IdentifiersOf(FormDefinition definition, JsonNode? form) => [.. definition.Sections
        .SelectMany(section => section.Fields.Select(field => (Field: field, Value: (form?[section.Id] as JsonObject)?[field.Id])))
        .Select(f => f.Value is JsonValue v && v.TryGetValue<string>(out var text) ? (f.Field.Type, Text: text) : (f.Field.Type, Text: null))
        .Select(f => f.Type switch
        {
            // A document number is found like an ID number when it is one (a resident ID or a residence permit); a
            // passport or travel permit number is not indexed.
            FieldType.IdNumber or FieldType.DocumentNumber when CitizenIdNumber.TryParse(f.Text, out var id, out _) => (IdNumberKind, id.ToString()),
            FieldType.Mobile when MobileNumber.TryNormalize(f.Text, out var mobile) => (MobileKind, mobile),
            _ => ((string, string)?)null,
        })
        .OfType<(string, string)>()
        .Distinct()];

    /// <summary>The hashes that find <paramref name="identifier"/> under each key of the ring (rows written before a rotation too).</summary>
    public static IReadOnlyList<string> HashesOf(EngineDbContext db, (string Kind, string Value) identifier) =>
        HashOf(db).All(Text(identifier));

    /// <summary>Replaces the case's index entries with those of its form as it now stands, in the caller's transaction.</summary>
    public static async Task ReplaceAsync(EngineDbContext db, CaseRecord record, FormDefinition definition, JsonNode? form, CancellationToken cancellationToken)
    {
        if (db.Entry(record).State != EntityState.Added)
        {
            await db.CaseSearchKeys.Where(k => k.CaseId == record.Id).ExecuteDeleteAsync(cancellationToken);
        }

        Add(db, record.Id, IdentifiersOf(definition, form));
    }

    private static void Add(EngineDbContext db, Guid caseId, IReadOnlyList<(string Kind, string Value)> identifiers)
    {
        var hash = HashOf(db);
        db.CaseSearchKeys.AddRange(identifiers.Select(i => new CaseSearchKeyRecord { CaseId = caseId, Kind = i.Kind, Hash = hash.Current(Text(i)) }));
    }

    /// <summary>
    /// Indexes the cases stored before the index existed (those without entries), from their pinned bundle's form;
    /// running it again changes nothing. A case whose form this runner cannot open (sealed with an unknown key) or that
    /// has no identifiers stays without entries. Returns how many cases got entries.
    /// </summary>
    public static async Task<int> BackfillAsync(IDbContextFactory<EngineDbContext> dbFactory, CancellationToken cancellationToken = default)
    {
        var indexed = 0;
        var forms = new Dictionary<(string, int), FormDefinition?>();
        List<Guid> pending;
        await using (var read = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            pending = await read.Cases.Where(c => !read.CaseSearchKeys.Any(k => k.CaseId == c.Id)).Select(c => c.Id).ToListAsync(cancellationToken);
        }

        foreach (var ids in pending.Chunk(200))
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            foreach (var record in await db.Cases.AsNoTracking().Where(c => ids.Contains(c.Id)).ToListAsync(cancellationToken))
            {
                var key = (record.BundleId, record.BundleVersion);
                if (!forms.TryGetValue(key, out var definition))
                {
                    var json = await db.BundleVersions.AsNoTracking().Where(b => b.BundleId == record.BundleId && b.Version == record.BundleVersion)
                        .Select(b => b.DefinitionJson).FirstOrDefaultAsync(cancellationToken);
                    forms[key] = definition = json is null ? null : JsonNode.Parse(json)?["form"]?.Deserialize<FormDefinition>();
                }

                if (definition is null || PersonalDataCipher.IsProtected(record.FormJson))
                {
                    continue;
                }

                var identifiers = IdentifiersOf(definition, JsonNode.Parse(record.FormJson));
                Add(db, record.Id, identifiers);
                indexed += identifiers.Count > 0 ? 1 : 0;
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        return indexed;
    }

    private static KeyedHash HashOf(EngineDbContext db) =>
        new(PersonalDataEncryption.CipherOf(db.GetService<IDbContextOptions>()), Purpose);

    private static string Text((string Kind, string Value) identifier) => $"{identifier.Kind}:{identifier.Value}";
}
