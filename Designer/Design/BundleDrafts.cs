using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using RpaRunner.Designer.Design.Storage;
using RpaRunner.Workflows;
using RpaRunner.Workflows.Catalog;
using RpaRunner.Workflows.Model;

namespace RpaRunner.Designer.Design;

/// <summary>
/// Drafts and published versions of bundles. A draft is saved on every change; publishing validates it
/// exactly as the catalog does, stores it as the next version and adds it to the running catalog, where
/// clerks pick it up at once. Published versions never change; a rollback publishes a copy of an older
/// version as the newest, so cases pinned to any version keep working.
/// </summary>
public sealed class BundleDrafts(IDbContextFactory<DesignerDbContext> dbFactory, BundleCatalog catalog, TimeProvider time, ILogger<BundleDrafts> logger)
{
    public BundleCatalog Catalog => catalog;

    /// <summary>The draft of a bundle, or a fresh one from its latest published version (not saved until changed).</summary>
    public async Task<Draft?> OpenAsync(string bundleId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var record = await db.Drafts.AsNoTracking().FirstOrDefaultAsync(d => d.BundleId == bundleId, cancellationToken);
        if (record is not null)
        {
            return new Draft(bundleId, record.BasedOnVersion, DraftEditor.FromJson(record.DefinitionJson), DraftEditor.LayoutFromJson(record.LayoutJson), record.Revision, record.UpdatedBy, record.UpdatedAt);
        }

        if (catalog.Find(bundleId) is not { } latest)
        {
            return null;
        }

        var layout = await db.Published.AsNoTracking().Where(p => p.BundleId == bundleId && p.Version == latest.Version).Select(p => p.LayoutJson).FirstOrDefaultAsync(cancellationToken);
        var copy = DraftEditor.FromJson(catalog.SourceOf(latest.Id, latest.Version) ?? DraftEditor.ToJson(latest));
        return new Draft(bundleId, latest.Version, copy, DraftEditor.LayoutFromJson(layout), Revision: 0, null, null);
    }

    /// <summary>The bundles that have an unpublished draft.</summary>
    public async Task<IReadOnlyList<DraftSummary>> ListDraftsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Drafts.AsNoTracking().Select(d => new { d.BundleId, d.BasedOnVersion, d.UpdatedBy, d.UpdatedAt }).ToListAsync(cancellationToken);
        return [.. rows.Select(r => new DraftSummary(r.BundleId, r.BasedOnVersion, r.UpdatedBy, r.UpdatedAt)).OrderBy(r => r.BundleId, StringComparer.Ordinal)];
    }

    /// <summary>Saves a draft; returns its new revision. Throws <see cref="DraftConflictException"/> when someone else saved it meanwhile.</summary>
    public async Task<int> SaveAsync(string bundleId, int? basedOnVersion, DraftEditor editor, int expectedRevision, string user, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var record = await db.Drafts.FirstOrDefaultAsync(d => d.BundleId == bundleId, cancellationToken);
        if (record is null)
        {
            if (expectedRevision != 0)
            {
                throw new DraftConflictException(bundleId);
            }

            record = new BundleDraftRecord { BundleId = bundleId, BasedOnVersion = basedOnVersion, DefinitionJson = string.Empty, UpdatedBy = user };
            db.Drafts.Add(record);
        }
        else if (record.Revision != expectedRevision)
        {
            throw new DraftConflictException(bundleId);
        }

        record.DefinitionJson = editor.Json;
        record.LayoutJson = editor.LayoutJson;
        record.UpdatedBy = user;
        record.UpdatedAt = time.GetUtcNow();
        record.Revision = expectedRevision + 1;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex)
        {
            throw new DraftConflictException(bundleId, ex);
        }

        return record.Revision;
    }

    public async Task DiscardAsync(string bundleId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Drafts.Where(d => d.BundleId == bundleId).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>Starts a new bundle as a draft with one empty form section.</summary>
    public async Task<string> CreateAsync(string id, LocalizedText name, string casePrefix, string user, CancellationToken cancellationToken = default)
    {
        if (catalog.Find(id) is not null)
        {
            throw new InvalidOperationException($"Bundle '{id}' exists already.");
        }

        var bundle = new BundleDefinition
        {
            Id = id,
            Version = 1,
            Name = name,
            CasePrefix = casePrefix,
            Form = new() { Sections = [new() { Id = "applicant", Title = new("申请人", "Applicant") }] },
        };
        var editor = new DraftEditor(bundle, null, catalog.Systems);
        await SaveAsync(id, null, editor, 0, user, cancellationToken);
        return id;
    }

    /// <summary>Who published each version and when (shipped versions have no record).</summary>
    public async Task<IReadOnlyList<VersionInfo>> VersionsAsync(string bundleId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var records = await db.Published.AsNoTracking().Where(p => p.BundleId == bundleId)
            .Select(p => new { p.Version, p.PublishedBy, p.PublishedAt, p.Note, p.RestoredFrom }).ToListAsync(cancellationToken);
        return [.. catalog.Versions(bundleId).Select(b =>
        {
            var r = records.Find(x => x.Version == b.Version);
            return new VersionInfo(b.Version, r?.PublishedBy, r?.PublishedAt, r?.Note, r?.RestoredFrom);
        }).OrderByDescending(v => v.Version)];
    }

    /// <summary>Publishes the draft as the next version. Throws <see cref="InvalidBundleException"/> with every problem when it is not valid.</summary>
    public async Task<int> PublishAsync(DraftEditor editor, string user, string? note, int? restoredFrom = null, CancellationToken cancellationToken = default)
    {
        var bundle = DraftEditor.FromJson(editor.Json);
        var version = Math.Max(catalog.Versions(bundle.Id).Select(b => b.Version).DefaultIfEmpty(0).Max(), await MaxPublishedAsync(bundle.Id, cancellationToken)) + 1;
        bundle.Version = version;
        var json = DraftEditor.ToJson(bundle);
        var problems = new BundleValidator(catalog.Systems).Validate(json, out _);
        if (problems.Count > 0)
        {
            throw new InvalidBundleException($"draft of {bundle.Id}", problems);
        }

        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            db.Published.Add(new PublishedBundleRecord
            {
                BundleId = bundle.Id,
                Version = version,
                DefinitionJson = json,
                LayoutJson = editor.LayoutJson,
                PublishedBy = user,
                PublishedAt = time.GetUtcNow(),
                Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim(),
                RestoredFrom = restoredFrom,
            });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException ex)
            {
                throw new DraftConflictException(bundle.Id, ex);
            }

            // Only once the version is stored: a failed publish keeps the designer's draft.
            await db.Drafts.Where(d => d.BundleId == bundle.Id).ExecuteDeleteAsync(cancellationToken);
        }

        catalog.Add(json, $"designer:{bundle.Id}@{version}");
        logger.LogInformation("Bundle {BundleId} v{Version} published by {User}", bundle.Id, version, user);
        return version;
    }

    /// <summary>Publishes a copy of an older version as the newest one.</summary>
    public async Task<int> RollBackAsync(string bundleId, int version, string user, string reason, CancellationToken cancellationToken = default)
    {
        var source = catalog.SourceOf(bundleId, version) ?? throw new InvalidOperationException($"Bundle {bundleId} has no version {version}.");
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var layout = await db.Published.AsNoTracking().Where(p => p.BundleId == bundleId && p.Version == version).Select(p => p.LayoutJson).FirstOrDefaultAsync(cancellationToken);
        var editor = new DraftEditor(DraftEditor.FromJson(source), DraftEditor.LayoutFromJson(layout), catalog.Systems);
        return await PublishAsync(editor, user, reason, restoredFrom: version, cancellationToken);
    }

    /// <summary>Loads every version published from the designer into the catalog (at start, before bots run).</summary>
    /// <summary>Adds the published versions this process does not know yet (another runner may have published them); returns how many.</summary>
    public async Task<int> LoadPublishedAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var published = await db.Published.AsNoTracking().Select(p => new { p.BundleId, p.Version }).ToListAsync(cancellationToken);
        var unknown = published.Where(p => catalog.Find(p.BundleId, p.Version) is null).ToList();
        var added = 0;
        foreach (var key in unknown.OrderBy(p => p.BundleId, StringComparer.Ordinal).ThenBy(p => p.Version))
        {
            var json = await db.Published.AsNoTracking().Where(p => p.BundleId == key.BundleId && p.Version == key.Version).Select(p => p.DefinitionJson).FirstAsync(cancellationToken);
            catalog.Add(json, $"designer:{key.BundleId}@{key.Version}");
            added++;
        }

        return added;
    }

    private async Task<int> MaxPublishedAsync(string bundleId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Published.Where(p => p.BundleId == bundleId).Select(p => (int?)p.Version).MaxAsync(cancellationToken) ?? 0;
    }
}

public sealed record Draft(string BundleId, int? BasedOnVersion, BundleDefinition Bundle, Dictionary<string, NodePosition> Layout, int Revision, string? UpdatedBy, DateTimeOffset? UpdatedAt)
{
    public bool IsSaved => Revision > 0;
}

public sealed record DraftSummary(string BundleId, int? BasedOnVersion, string UpdatedBy, DateTimeOffset UpdatedAt);

public sealed record VersionInfo(int Version, string? PublishedBy, DateTimeOffset? PublishedAt, string? Note, int? RestoredFrom);

public sealed class DraftConflictException(string bundleId, Exception? inner = null)
    : Exception($"The draft of bundle '{bundleId}' was changed elsewhere (another designer, or a publish); reload it.", inner);
