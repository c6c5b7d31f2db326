using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using RpaRunner.Bots.Scripts;
using RpaRunner.Designer.Design;
using RpaRunner.Designer.Design.Storage;
using RpaRunner.Workflows.Catalog;

namespace RpaRunner.Designer.Systems;

/// <summary>
/// Department systems as data, edited like bundles: a draft saved on every change, checked as the runner would load it,
/// published as the next version and put into the running catalog at once; other runners of the same database pick it
/// up within <see cref="PublishedVersionsLoader.Interval"/>. Versions never change; a rollback publishes a copy of an older
/// one. A change that would break a bundle version in use (an action removed, a contract field renamed) is refused.
/// </summary>
public sealed class SystemDrafts(IDbContextFactory<DesignerDbContext> dbFactory, SystemPackages packages, BundleCatalog bundles, TimeProvider time, ILogger<SystemDrafts> logger)
{
    /// <summary>The systems the runner knows, with their versions and whether a draft is being edited.</summary>
    public async Task<IReadOnlyList<SystemSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var drafts = await db.SystemDrafts.AsNoTracking().Select(d => d.SystemId).ToListAsync(cancellationToken);
        var known = packages.Catalog.Systems.Select(s => new SystemSummary(s.Id, s.Name, s.Department, s.Kind, packages.Catalog.VersionOf(s.Id), s.Actions.Count, drafts.Contains(s.Id)));
        var newOnes = drafts.Where(d => packages.Catalog.FindSystem(d) is null).Select(d => new SystemSummary(d, null, null, null, 0, 0, true));
        return [.. known.Concat(newOnes).OrderBy(s => s.Id, StringComparer.Ordinal)];
    }

    /// <summary>The draft of a system, or the system as the runner holds it (not saved until changed); null when neither exists.</summary>
    public async Task<SystemDraft?> OpenAsync(string systemId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var record = await db.SystemDrafts.AsNoTracking().FirstOrDefaultAsync(d => d.SystemId == systemId, cancellationToken);
        if (record is not null)
        {
            return new SystemDraft(systemId, record.BasedOnVersion, record.PackageJson, record.Revision, record.UpdatedBy, record.UpdatedAt);
        }

        return packages.Export(systemId) is { } package
            ? new SystemDraft(systemId, packages.Catalog.VersionOf(systemId), package.ToJson(), 0, null, null)
            : null;
    }

    /// <summary>
    /// Saves a draft (any text: a draft may be unfinished); returns its new revision. Throws <see cref="DraftConflictException"/>
    /// when someone else saved it meanwhile, <see cref="ArgumentException"/> when the system id is not well formed.
    /// </summary>
    public async Task<int> SaveAsync(string systemId, string packageJson, int expectedRevision, string user, CancellationToken cancellationToken = default)
    {
        if (!SystemPackageRules.SystemId().IsMatch(systemId))
        {
            throw new ArgumentException($"系统编号须为小写字母开头的 2–40 位小写字母、数字或“-” / a system id is 2–40 lower-case letters, digits or '-': {systemId}", nameof(systemId));
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var record = await db.SystemDrafts.FirstOrDefaultAsync(d => d.SystemId == systemId, cancellationToken);
        if (record is null)
        {
            if (expectedRevision != 0)
            {
                throw new DraftConflictException(systemId);
            }

            var version = packages.Catalog.VersionOf(systemId);
            record = new SystemDraftRecord { SystemId = systemId, BasedOnVersion = version == 0 ? null : version, PackageJson = string.Empty, UpdatedBy = user };
            db.SystemDrafts.Add(record);
        }
        else if (record.Revision != expectedRevision)
        {
            throw new DraftConflictException(systemId);
        }

        record.PackageJson = packageJson;
        record.UpdatedBy = user;
        record.UpdatedAt = time.GetUtcNow();
        record.Revision = expectedRevision + 1;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex)
        {
            throw new DraftConflictException(systemId, ex);
        }

        return record.Revision;
    }

    public async Task DiscardAsync(string systemId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.SystemDrafts.Where(d => d.SystemId == systemId).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>Every problem a package has for the system it is meant for (empty when it may be published).</summary>
    public IReadOnlyList<string> Check(string systemId, string packageJson) => Check(systemId, packageJson, out _);

    /// <summary>Publishes the draft as the system's next version; throws <see cref="InvalidSystemPackageException"/> with every problem when it may not be.</summary>
    public async Task<int> PublishAsync(string systemId, string user, string? note, CancellationToken cancellationToken = default)
    {
        var draft = await OpenAsync(systemId, cancellationToken);
        if (draft is null || draft.Revision == 0)
        {
            throw new InvalidSystemPackageException(systemId, ["draft: 没有待发布的草稿 / there is no draft to publish"]);
        }

        return await PublishJsonAsync(systemId, draft.PackageJson, user, note, restoredFrom: null, cancellationToken);
    }

    /// <summary>Publishes a copy of an older version as the newest one.</summary>
    public async Task<int> RollBackAsync(string systemId, int version, string user, string reason, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var json = await db.PublishedSystems.AsNoTracking().Where(p => p.SystemId == systemId && p.Version == version).Select(p => p.PackageJson).FirstOrDefaultAsync(cancellationToken)
            ?? throw new InvalidSystemPackageException(systemId, [$"version: 系统 {systemId} 没有从设计器发布的第 {version} 版 / system {systemId} has no version {version} published from the designer"]);
        return await PublishJsonAsync(systemId, json, user, reason, restoredFrom: version, cancellationToken);
    }

    /// <summary>Who published each version and when, newest first.</summary>
    public async Task<IReadOnlyList<VersionInfo>> VersionsAsync(string systemId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var records = await db.PublishedSystems.AsNoTracking().Where(p => p.SystemId == systemId)
            .Select(p => new VersionInfo(p.Version, p.PublishedBy, p.PublishedAt, p.Note, p.RestoredFrom)).ToListAsync(cancellationToken);
        return [.. records.OrderByDescending(v => v.Version)];
    }

    /// <summary>A published version's package JSON; null when there is none.</summary>
    public async Task<string?> PackageAsync(string systemId, int version, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.PublishedSystems.AsNoTracking().Where(p => p.SystemId == systemId && p.Version == version).Select(p => p.PackageJson).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>Puts the newest published version of each system this runner does not hold yet into its catalog; returns how many.</summary>
    public async Task<int> LoadPublishedAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var newest = await db.PublishedSystems.AsNoTracking().GroupBy(p => p.SystemId).Select(g => new { SystemId = g.Key, Version = g.Max(p => p.Version) }).ToListAsync(cancellationToken);
        var applied = 0;
        foreach (var key in newest.Where(n => packages.Catalog.VersionOf(n.SystemId) < n.Version).OrderBy(n => n.SystemId, StringComparer.Ordinal))
        {
            var json = await db.PublishedSystems.AsNoTracking().Where(p => p.SystemId == key.SystemId && p.Version == key.Version).Select(p => p.PackageJson).FirstAsync(cancellationToken);
            var problems = Check(key.SystemId, json, out var package);
            if (package is null || problems.Count > 0)
            {
                // Published by a runner of another release, perhaps: this one keeps what it has rather than run half a system.
                logger.LogError("System {SystemId} v{Version} cannot be loaded by this runner: {Problems}", key.SystemId, key.Version, string.Join("; ", problems));
                continue;
            }

            if (packages.Apply(package, key.Version))
            {
                applied++;
            }
        }

        return applied;
    }

    private async Task<int> PublishJsonAsync(string systemId, string packageJson, string user, string? note, int? restoredFrom, CancellationToken cancellationToken)
    {
        var problems = Check(systemId, packageJson, out var package);
        if (problems.Count > 0 || package is null)
        {
            throw new InvalidSystemPackageException(systemId, problems);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var stored = await db.PublishedSystems.Where(p => p.SystemId == systemId).Select(p => (int?)p.Version).MaxAsync(cancellationToken) ?? 0;
        var version = Math.Max(packages.Catalog.VersionOf(systemId), stored) + 1;
        db.PublishedSystems.Add(new PublishedSystemRecord
        {
            SystemId = systemId,
            Version = version,
            PackageJson = package.ToJson(),
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
            throw new DraftConflictException(systemId, ex);
        }

        // Only once the version is stored: a failed publish keeps the designer's draft.
        await db.SystemDrafts.Where(d => d.SystemId == systemId).ExecuteDeleteAsync(cancellationToken);
        packages.Apply(package, version);
        logger.LogInformation("System {SystemId} v{Version} published by {User}", systemId, version, user);
        return version;
    }

    private List<string> Check(string systemId, string packageJson, out SystemPackage? package)
    {
        package = null;
        try
        {
            package = SystemPackage.FromJson(packageJson);
        }
        catch (JsonException ex)
        {
            return [$"$: 不是有效的系统包 JSON / not a valid system package: {ex.Message}"];
        }

        if (package.System?.Id != systemId)
        {
            return [$"system.id: 系统包写的是 {package.System?.Id}，而不是 {systemId} / the package is for system {package.System?.Id}, not {systemId}"];
        }

        var problems = new List<string>(packages.Check(package));
        if (problems.Count == 0)
        {
            // Every bundle version the runner knows must still hold against the changed system: cases are pinned to them.
            var changed = packages.Catalog.With(package.System);
            var validator = new BundleValidator(changed);
            var actions = packages.Catalog.FindSystem(systemId)?.Actions.Select(a => a.Id).ToHashSet(StringComparer.Ordinal) ?? [];
            foreach (var bundle in bundles.Latest.SelectMany(b => bundles.Versions(b.Id)).Where(b => b.Steps.Exists(s => actions.Contains(s.Action))))
            {
                var source = bundles.SourceOf(bundle.Id, bundle.Version);
                if (source is not null && validator.Validate(source, out _) is { Count: > 0 } broken)
                {
                    problems.AddRange(broken.Select(p => $"一件事「{bundle.Name.Zh}」第 {bundle.Version} 版 / bundle {bundle.Id} v{bundle.Version}: {p}"));
                }
            }
        }

        return problems;
    }
}

public sealed record SystemSummary(string Id, Workflows.LocalizedText? Name, string? Department, string? Kind, int Version, int Actions, bool HasDraft);

public sealed record SystemDraft(string SystemId, int? BasedOnVersion, string PackageJson, int Revision, string? UpdatedBy, DateTimeOffset? UpdatedAt);

public sealed class InvalidSystemPackageException(string systemId, IReadOnlyList<string> problems)
    : Exception($"System package {systemId} cannot be published:{Environment.NewLine}{string.Join(Environment.NewLine, problems.Select(p => "  " + p))}")
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
