using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace RpaRunner.Workflows.Engine.Storage;

/// <summary>
/// One bot worker's offer to one pool, as its last heartbeat told it: how many steps of the pool it runs at once,
/// and until when it counts as alive. The dispatcher claims no more for a pool than its live workers can take.
/// </summary>
public sealed class BotWorkerRecord
{
    public required string Worker { get; set; }

    public required string Pool { get; set; }

    /// <summary>Steps of the pool the worker runs at once (its bot sessions).</summary>
    public int Sessions { get; set; }

    public DateTimeOffset LastSeenAt { get; set; }

    /// <summary>Without a heartbeat by then the worker is gone; a worker that stops sets it to the moment it left.</summary>
    public DateTimeOffset ExpiresAt { get; set; }
}

internal sealed class BotWorkerConfiguration : IEntityTypeConfiguration<BotWorkerRecord>
{
    public void Configure(EntityTypeBuilder<BotWorkerRecord> e)
    {
        e.ToTable("bot_workers");
        e.HasKey(w => new { w.Worker, w.Pool });
        e.Property(w => w.Worker).HasMaxLength(128);
        e.Property(w => w.Pool).HasMaxLength(64);
    }
}
