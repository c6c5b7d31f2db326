using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using RpaRunner.Workflows.Audit;

namespace RpaRunner.Workflows.Engine.Storage;

/// <summary>
/// The engine's durable state: cases, steps, attempts, pinned bundle versions and the audit chain.
/// One schema for SQLite (embedded) and PostgreSQL (farm); the provider is chosen by the host. With
/// <see cref="PersonalDataEncryption.UsePersonalDataCipher"/> the columns that hold personal data (the form,
/// a step's inputs and outputs, error messages) are encrypted at rest.
/// </summary>
public sealed class EngineDbContext(DbContextOptions<EngineDbContext> options) : DbContext(options)
{
    public DbSet<CaseRecord> Cases => Set<CaseRecord>();

    public DbSet<StepRecord> Steps => Set<StepRecord>();

    public DbSet<StepAttemptRecord> Attempts => Set<StepAttemptRecord>();

    public DbSet<BundleVersionRecord> BundleVersions => Set<BundleVersionRecord>();

    public DbSet<AuditEventRecord> AuditEvents => Set<AuditEventRecord>();

    public DbSet<AuditCheckpointRecord> AuditCheckpoints => Set<AuditCheckpointRecord>();

    public DbSet<BotWorkerRecord> BotWorkers => Set<BotWorkerRecord>();

    public DbSet<UiSessionRecord> UiSessions => Set<UiSessionRecord>();

    public DbSet<CaseSearchKeyRecord> CaseSearchKeys => Set<CaseSearchKeyRecord>();

    public DbSet<CaseMaterialRecord> CaseMaterials => Set<CaseMaterialRecord>();

    public DbSet<CaseMaterialDecisionRecord> MaterialDecisions => Set<CaseMaterialDecisionRecord>();
    public DbSet<OutboxMessageRecord> Outbox => Set<OutboxMessageRecord>();

    public DbSet<QuestionRecord> Questions => Set<QuestionRecord>();

    public override Task<int> SaveChangesAsync(CancellationToken cancellationToken = default)
    {
        BumpRevisions();
        return base.SaveChangesAsync(cancellationToken);
    }

    public override int SaveChanges()
    {
        BumpRevisions();
        return base.SaveChanges();
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Times are stored as UTC milliseconds: sortable and comparable in SQL on every provider.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcMillisecondsConverter>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<CaseRecord>(e =>
        {
            e.ToTable("cases");
            e.HasKey(c => c.Id);
            e.Property(c => c.Code).HasMaxLength(32);
            e.HasIndex(c => c.Code).IsUnique();
            e.Property(c => c.BundleId).HasMaxLength(64);
            e.Property(c => c.Status).HasConversion<string>().HasMaxLength(24);
            e.Property(c => c.RequestId).HasMaxLength(CaseRecord.RequestIdMaxLength);
            e.Property(c => c.RequestFingerprint).HasMaxLength(64);
            e.HasIndex(c => new { c.SubmittedBy, c.RequestId }).IsUnique();
            e.Property(c => c.PlatformCaseNo).HasMaxLength(CaseRecord.PlatformCaseNoMaxLength);
            e.HasIndex(c => c.PlatformCaseNo).IsUnique();
            e.Property(c => c.SubmittedBy).HasMaxLength(64);
            e.HasIndex(c => new { c.Status, c.SubmittedAt });
            e.Property(c => c.Unit).HasMaxLength(CaseScope.MaxUnitLength);
            e.HasIndex(c => new { c.Unit, c.SubmittedAt });
            e.Property(c => c.Flag).HasConversion<string>().HasMaxLength(8);
            e.Property(c => c.BatchWindow).HasMaxLength(64);
            e.Property(c => c.Revision).IsConcurrencyToken();
            e.HasMany(c => c.Steps).WithOne(s => s.Case).HasForeignKey(s => s.CaseId);
            Sealed(e.Property(c => c.FormJson), "cases.form_json");
        });

        modelBuilder.Entity<StepRecord>(e =>
        {
            e.ToTable("steps");
            e.HasKey(s => s.Id);
            e.Property(s => s.StepId).HasMaxLength(64);
            e.HasIndex(s => new { s.CaseId, s.StepId }).IsUnique();
            e.Property(s => s.Status).HasConversion<string>().HasMaxLength(24);
            e.Property(s => s.ErrorClass).HasConversion<string>().HasMaxLength(16);
            e.Property(s => s.System).HasMaxLength(64);
            e.Property(s => s.Action).HasMaxLength(128);
            e.Property(s => s.AmendAction).HasMaxLength(128);
            e.Property(s => s.Pool).HasMaxLength(64);
            e.Property(s => s.IdempotencyKey).HasMaxLength(128);
            e.HasIndex(s => s.IdempotencyKey).IsUnique();
            e.Property(s => s.LeaseHolder).HasMaxLength(128);
            e.Property(s => s.ResolvedBy).HasMaxLength(64);
            e.Property(s => s.Flag).HasConversion<string>().HasMaxLength(8);
            e.Property(s => s.TimeLimitDays).HasPrecision(6, 2);
            e.Property(s => s.PausedWorkingTime).HasConversion<long>();
            e.HasIndex(s => new { s.Status, s.DueAt });
            e.HasIndex(s => new { s.Status, s.LeaseExpiresAt });
            e.Property(s => s.Revision).IsConcurrencyToken();
            Sealed(e.Property(s => s.InputsJson), "steps.inputs_json");
            Sealed(e.Property(s => s.CorrectedInputsJson), "steps.corrected_inputs_json");
            Sealed(e.Property(s => s.OutputsJson), "steps.outputs_json");
            Sealed(e.Property(s => s.PreviousInputsJson), "steps.previous_inputs_json");
            Sealed(e.Property(s => s.ErrorMessage), "steps.error_message");
        });

        modelBuilder.Entity<StepAttemptRecord>(e =>
        {
            e.ToTable("step_attempts");
            e.HasKey(a => a.Id);
            e.Property(a => a.Outcome).HasMaxLength(24);
            e.Property(a => a.Worker).HasMaxLength(128);
            e.Property(a => a.ErrorClass).HasConversion<string>().HasMaxLength(16);
            e.HasIndex(a => new { a.StepRecordId, a.Attempt });
            e.HasIndex(a => a.CaseId);
            Sealed(e.Property(a => a.ErrorMessage), "step_attempts.error_message");
        });

        modelBuilder.Entity<BundleVersionRecord>(e =>
        {
            e.ToTable("bundle_versions");
            e.HasKey(b => new { b.BundleId, b.Version });
            e.Property(b => b.BundleId).HasMaxLength(64);
            e.Property(b => b.Sha256).HasMaxLength(64);
        });

        modelBuilder.Entity<AuditEventRecord>(e =>
        {
            e.ToTable("audit_events");
            e.HasKey(a => a.Id);
            e.Property(a => a.Id).ValueGeneratedOnAdd();
            e.HasIndex(a => a.Seq).IsUnique();
            e.Property(a => a.Kind).HasMaxLength(64);
            e.Property(a => a.Actor).HasMaxLength(128);
            e.Property(a => a.CaseCode).HasMaxLength(32);
            e.Property(a => a.StepId).HasMaxLength(64);
            e.Property(a => a.PreviousHash).HasMaxLength(64);
            e.Property(a => a.Hash).HasMaxLength(64);
            e.HasIndex(a => a.CaseCode);
            Sealed(e.Property(a => a.SealedDetailJson), "audit_events.sealed_detail_json");
        });

        modelBuilder.Entity<AuditCheckpointRecord>(e =>
        {
            e.ToTable("audit_checkpoints");
            e.HasKey(c => c.Number);
            e.Property(c => c.Number).ValueGeneratedNever();
            e.Property(c => c.Hash).HasMaxLength(64);
            e.Property(c => c.PreviousMac).HasMaxLength(64);
            e.Property(c => c.Mac).HasMaxLength(64);
        });

        modelBuilder.ApplyConfiguration(new BotWorkerConfiguration());
        modelBuilder.ApplyConfiguration(new UiSessionConfiguration());
        modelBuilder.ApplyConfiguration(new CaseSearchKeyConfiguration());
        modelBuilder.ApplyConfiguration(new CaseMaterialConfiguration(PersonalDataEncryption.CipherOf(options)));
        modelBuilder.ApplyConfiguration(new CaseMaterialDecisionConfiguration(PersonalDataEncryption.CipherOf(options)));
        modelBuilder.ApplyConfiguration(new OutboxMessageConfiguration());
        modelBuilder.ApplyConfiguration(new QuestionConfiguration(PersonalDataEncryption.CipherOf(options)));
    }

    /// <summary>Encrypts the column at rest when a cipher is configured; the purpose binds a value to its column. A value
    /// sealed with a key this runner does not hold stays sealed (unreadable) instead of failing every query that reads it.</summary>
    private void Sealed<T>(PropertyBuilder<T> property, string purpose)
    {
        if (PersonalDataEncryption.CipherOf(options) is { } cipher)
        {
            property.HasConversion(new ValueConverter<string, string>(value => cipher.ProtectColumn(value, purpose), value => cipher.UnprotectColumn(value, purpose)));
        }
    }

    private void BumpRevisions()
    {
        foreach (EntityEntry entry in ChangeTracker.Entries())
        {
            if (entry.State == EntityState.Modified && entry.Entity is CaseRecord c)
            {
                c.Revision++;
            }
            else if (entry.State == EntityState.Modified && entry.Entity is StepRecord s)
            {
                s.Revision++;
            }
        }
    }

    private sealed class UtcMillisecondsConverter() : ValueConverter<DateTimeOffset, long>(
        value => value.ToUnixTimeMilliseconds(),
        value => DateTimeOffset.FromUnixTimeMilliseconds(value));
}
