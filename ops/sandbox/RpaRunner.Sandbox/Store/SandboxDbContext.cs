using Microsoft.EntityFrameworkCore;

namespace RpaRunner.Sandbox.Store;

/// <summary>
/// The schema of every sandbox store file. The register file uses the person and enterprise tables, each
/// department file its records, sequences and (公积金) accounts; unused tables stay empty.
/// </summary>
internal sealed class SandboxDbContext(DbContextOptions<SandboxDbContext> options) : DbContext(options)
{
    public DbSet<PersonEntry> Persons => Set<PersonEntry>();
    public DbSet<EnterpriseEntry> Enterprises => Set<EnterpriseEntry>();
    public DbSet<BusinessRecord> Records => Set<BusinessRecord>();
    public DbSet<RecordAttachment> Attachments => Set<RecordAttachment>();
    public DbSet<SequenceCounter> Sequences => Set<SequenceCounter>();
    public DbSet<ProvidentAccount> ProvidentAccounts => Set<ProvidentAccount>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<PersonEntry>().HasKey(p => p.IdNumber);
        modelBuilder.Entity<EnterpriseEntry>().HasKey(e => e.CreditCode);
        modelBuilder.Entity<EnterpriseEntry>().HasIndex(e => e.Name);
        modelBuilder.Entity<BusinessRecord>(b =>
        {
            b.HasKey(r => r.Id);
            b.Ignore(r => r.Inputs);
            b.Ignore(r => r.Outputs);
            b.Ignore(r => r.Corrections);
            b.HasIndex(r => r.ExternalNo);
            b.HasIndex(r => r.SubjectId);
            b.HasIndex(r => r.DocumentNo);
            b.HasIndex(r => r.ReceiptNo).IsUnique();
            b.HasMany(r => r.Attachments).WithOne().HasForeignKey(a => a.RecordId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<RecordAttachment>().HasKey(a => a.Id);
        modelBuilder.Entity<SequenceCounter>().HasKey(s => s.Name);
        modelBuilder.Entity<ProvidentAccount>(b =>
        {
            b.HasKey(a => a.IdNumber);
            b.Property(a => a.Balance).HasConversion<double>();
        });
    }
}
