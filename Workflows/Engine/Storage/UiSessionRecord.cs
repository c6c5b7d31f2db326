using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace RpaRunner.Workflows.Engine.Storage;

/// <summary>
/// One signed-in web UI session. The UI's cookie carries a random session id; the session is alive while this row
/// is here and not expired, so signing out (the row is deleted) ends it on every orchestrator of a farm at once,
/// and a copy of the cookie taken before is worth nothing. The row holds the id's SHA-256 only, and nothing about
/// the person: who is signed in stays in the cookie.
/// </summary>
public sealed class UiSessionRecord
{
    /// <summary>SHA-256 (hex) of the session id in the cookie: the table alone opens no session.</summary>
    public required string IdHash { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    /// <summary>Without a request by then the session is over; each request moves it on (sliding, like the cookie).</summary>
    public DateTimeOffset ExpiresAt { get; set; }
}

internal sealed class UiSessionConfiguration : IEntityTypeConfiguration<UiSessionRecord>
{
    public void Configure(EntityTypeBuilder<UiSessionRecord> e)
    {
        e.ToTable("ui_sessions");
        e.HasKey(s => s.IdHash);
        e.Property(s => s.IdHash).HasMaxLength(64);
        e.HasIndex(s => s.ExpiresAt);
    }
}
