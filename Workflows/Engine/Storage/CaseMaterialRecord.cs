using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using RpaRunner.Workflows.Privacy;

namespace RpaRunner.Workflows.Engine.Storage;

/// <summary>
/// A material (一次告知) the applicant handed in for a case: one file per declared material, the last one supplied.
/// The file and its name are personal data and sealed at rest; the row keeps the SHA-256 of the plain bytes, so what
/// a department received can be compared with what the hall took in, and who supplied it when.
/// </summary>
public sealed class CaseMaterialRecord
{
    public Guid CaseId { get; set; }

    /// <summary>The material's id in the bundle version the case pinned.</summary>
    public required string MaterialId { get; set; }

    /// <summary>The file name the uploader gave (sealed).</summary>
    public required string FileName { get; set; }

    /// <summary>pdf, jpeg or png: the type recognised from the content.</summary>
    public required string ContentType { get; set; }

    public long Size { get; set; }

    /// <summary>SHA-256 (hex, lower case) of the plain bytes.</summary>
    public required string Sha256 { get; set; }

    /// <summary>The file's bytes (sealed with the data key when the runner has one, which every runner does).</summary>
    public required byte[] Content { get; set; }

    public required string UploadedBy { get; set; }

    public DateTimeOffset UploadedAt { get; set; }
}

internal sealed class CaseMaterialConfiguration(PersonalDataCipher? cipher) : IEntityTypeConfiguration<CaseMaterialRecord>
{
    public const string ContentPurpose = "case_materials.content";
    public const string FileNamePurpose = "case_materials.file_name";

    public void Configure(EntityTypeBuilder<CaseMaterialRecord> e)
    {
        e.ToTable("case_materials");
        e.HasKey(m => new { m.CaseId, m.MaterialId });
        e.Property(m => m.MaterialId).HasMaxLength(64);
        e.Property(m => m.ContentType).HasMaxLength(8);
        e.Property(m => m.Sha256).HasMaxLength(64);
        e.Property(m => m.UploadedBy).HasMaxLength(64);
        e.HasOne<CaseRecord>().WithMany().HasForeignKey(m => m.CaseId).OnDelete(DeleteBehavior.Cascade);
        if (cipher is not null)
        {
            e.Property(m => m.FileName).HasConversion(new ValueConverter<string, string>(
                value => cipher.ProtectColumn(value, FileNamePurpose), value => cipher.UnprotectColumn(value, FileNamePurpose)));
            e.Property(m => m.Content).HasConversion(new ValueConverter<byte[], byte[]>(
                value => cipher.ProtectBytes(value, ContentPurpose), value => cipher.UnprotectBytes(value, ContentPurpose)),
                new ValueComparer<byte[]>((a, b) => a != null && b != null ? a.SequenceEqual(b) : a == b, v => v.Length, v => v.ToArray()));
        }
    }
}
