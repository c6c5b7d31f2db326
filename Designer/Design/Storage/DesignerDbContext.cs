using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace RpaRunner.Designer.Design.Storage;

/// <summary>
/// The designer's own tables beside the engine's, in the same database: bundle drafts being edited and
/// the versions published from the designer (which the runner loads into its catalog at start).
/// Schema scripts: Workflows/Engine/Storage/Schema/sqlite/010_designer.sql and 023_designer_systems.sql, kept equal to this model by a test.
/// </summary>
public sealed class DesignerDbContext(DbContextOptions<DesignerDbContext> options) : DbContext(options)
{
    public DbSet<BundleDraftRecord> Drafts => Set<BundleDraftRecord>();

    public DbSet<PublishedBundleRecord> Published => Set<PublishedBundleRecord>();

    public DbSet<SystemDraftRecord> SystemDrafts => Set<SystemDraftRecord>();

    public DbSet<PublishedSystemRecord> PublishedSystems => Set<PublishedSystemRecord>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Times as UTC milliseconds, like the engine's tables: sortable and comparable on every provider.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UnixMillisecondsConverter>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<BundleDraftRecord>(e =>
        {
            e.ToTable("designer_drafts");
            e.HasKey(d => d.BundleId);
            e.Property(d => d.Revision).IsConcurrencyToken();
        });
        modelBuilder.Entity<PublishedBundleRecord>(e =>
        {
            e.ToTable("designer_published");
            e.HasKey(p => new { p.BundleId, p.Version });
        });
        modelBuilder.Entity<SystemDraftRecord>(e =>
        {
            e.ToTable("designer_system_drafts");
            e.HasKey(d => d.SystemId);
            e.Property(d => d.Revision).IsConcurrencyToken();
        });
        modelBuilder.Entity<PublishedSystemRecord>(e =>
        {
            e.ToTable("designer_system_published");
            e.HasKey(p => new { p.SystemId, p.Version });
        });
    }

    private sealed class UnixMillisecondsConverter() : ValueConverter<DateTimeOffset, long>(
        v => v.ToUnixTimeMilliseconds(),
        v => DateTimeOffset.FromUnixTimeMilliseconds(v));
}

/// <summary>One bundle being edited: its definition JSON and the canvas positions of its steps.</summary>
public sealed class BundleDraftRecord
{
    public required string BundleId { get; set; }

    /// <summary>The published version the draft started from; null for a new bundle.</summary>
    public int? BasedOnVersion { get; set; }

    public required string DefinitionJson { get; set; }

    /// <summary>Step id → canvas position, JSON; not part of the bundle file.</summary>
    public string? LayoutJson { get; set; }

    public required string UpdatedBy { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Guards against two designers saving over each other.</summary>
    public int Revision { get; set; }
}

/// <summary>A bundle version published from the designer. Versions are never changed: a rollback publishes a copy of an older one.</summary>
public sealed class PublishedBundleRecord
{
    public required string BundleId { get; set; }

    public int Version { get; set; }

    public required string DefinitionJson { get; set; }

    public string? LayoutJson { get; set; }

    public required string PublishedBy { get; set; }

    public DateTimeOffset PublishedAt { get; set; }

    public string? Note { get; set; }

    /// <summary>Set when this version restores an older one.</summary>
    public int? RestoredFrom { get; set; }
}

/// <summary>A department system being edited as data (<see cref="Workflows.Catalog.SystemPackage"/> JSON).</summary>
public sealed class SystemDraftRecord
{
    public required string SystemId { get; set; }

    /// <summary>The version the draft started from; null for a new system.</summary>
    public int? BasedOnVersion { get; set; }

    public required string PackageJson { get; set; }

    public required string UpdatedBy { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Guards against two designers saving over each other.</summary>
    public int Revision { get; set; }
}

/// <summary>A version of a department system published from the designer; never changed (a rollback publishes a copy).</summary>
public sealed class PublishedSystemRecord
{
    public required string SystemId { get; set; }

    public int Version { get; set; }

    public required string PackageJson { get; set; }

    public required string PublishedBy { get; set; }

    public DateTimeOffset PublishedAt { get; set; }

    public string? Note { get; set; }

    public int? RestoredFrom { get; set; }
}
