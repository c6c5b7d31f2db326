using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using RpaRunner.Workflows.Privacy;

namespace RpaRunner.Workflows.Engine.Storage;

/// <summary>
/// What the window decided for a material the applicant did not hand in (ADR 0019): 容缺 (it follows by
/// <see cref="DueAt"/>; the matters that need it wait) or 告知承诺 (the applicant's commitment stands in for it: the text
/// shown, the clerk who confirmed it and when, and the applicant's tick or signature image). One row per case and
/// material, the last decision; a file supplied later (<see cref="CaseMaterialRecord"/>) supersedes it.
/// </summary>
public sealed class CaseMaterialDecisionRecord
{
    public const string Deferred = "deferred";
    public const string Promised = "promised";

    public Guid CaseId { get; set; }

    public required string MaterialId { get; set; }

    /// <summary><see cref="Deferred"/> or <see cref="Promised"/>.</summary>
    public required string Decision { get; set; }

    /// <summary>容缺: when the material is due (its deferral days in working days from the decision).</summary>
    public DateTimeOffset? DueAt { get; set; }

    /// <summary>告知承诺: the commitment text the applicant was shown (Chinese), as the pinned bundle version states it.</summary>
    public string? PromiseText { get; set; }

    /// <summary>告知承诺: the applicant ticked the commitment on the form.</summary>
    public bool ApplicantTicked { get; set; }

    /// <summary>告知承诺: the applicant's signature image (PNG), sealed with the data key.</summary>
    public byte[]? Signature { get; set; }

    /// <summary>SHA-256 (hex) of the signature image's plain bytes.</summary>
    public string? SignatureSha256 { get; set; }

    /// <summary>The user (the clerk) who recorded the decision and confirmed the commitment.</summary>
    public required string DecidedBy { get; set; }

    public DateTimeOffset DecidedAt { get; set; }
}

internal sealed class CaseMaterialDecisionConfiguration(PersonalDataCipher? cipher) : IEntityTypeConfiguration<CaseMaterialDecisionRecord>
{
    public const string SignaturePurpose = "case_material_decisions.signature";

    public void Configure(EntityTypeBuilder<CaseMaterialDecisionRecord> e)
    {
        e.ToTable("case_material_decisions");
        e.HasKey(m => new { m.CaseId, m.MaterialId });
        e.Property(m => m.MaterialId).HasMaxLength(64);
        e.Property(m => m.Decision).HasMaxLength(16);
        e.Property(m => m.SignatureSha256).HasMaxLength(64);
        e.Property(m => m.DecidedBy).HasMaxLength(64);
        e.HasOne<CaseRecord>().WithMany().HasForeignKey(m => m.CaseId).OnDelete(DeleteBehavior.Cascade);
        if (cipher is not null)
        {
            e.Property(m => m.Signature).HasConversion(new ValueConverter<byte[]?, byte[]?>(
                value => value == null ? null : cipher.ProtectBytes(value, SignaturePurpose), value => value == null ? null : cipher.UnprotectBytes(value, SignaturePurpose)),
                new ValueComparer<byte[]?>((a, b) => a != null && b != null ? a.SequenceEqual(b) : a == b, v => v == null ? 0 : v.Length, v => v == null ? null : v.ToArray()));
        }
    }
}
