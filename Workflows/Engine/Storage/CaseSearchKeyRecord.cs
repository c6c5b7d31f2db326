using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace RpaRunner.Workflows.Engine.Storage;

/// <summary>
/// One entry of the case search index: a keyed hash (<see cref="CaseSearchIndex"/>) of an ID number or mobile number
/// on the case's form, so an operator finds the case by the full number without the case table being decrypted. The
/// row holds no personal data in clear.
/// </summary>
public sealed class CaseSearchKeyRecord
{
    public Guid CaseId { get; set; }

    /// <summary><see cref="CaseSearchIndex.IdNumberKind"/> or <see cref="CaseSearchIndex.MobileKind"/>.</summary>
    public required string Kind { get; set; }

    /// <summary>HMAC-SHA256 (hex) of the normalised value under the search key derived from the data key.</summary>
    public required string Hash { get; set; }
}

internal sealed class CaseSearchKeyConfiguration : IEntityTypeConfiguration<CaseSearchKeyRecord>
{
    public void Configure(EntityTypeBuilder<CaseSearchKeyRecord> e)
    {
        e.ToTable("case_search_keys");
        e.HasKey(k => new { k.CaseId, k.Kind, k.Hash });
        e.Property(k => k.Kind).HasMaxLength(8);
        e.Property(k => k.Hash).HasMaxLength(64);
        e.HasIndex(k => k.Hash);
        e.HasOne<CaseRecord>().WithMany().HasForeignKey(k => k.CaseId).OnDelete(DeleteBehavior.Cascade);
    }
}
