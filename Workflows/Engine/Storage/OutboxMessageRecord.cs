using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace RpaRunner.Workflows.Engine.Storage;

/// <summary>Where a notification stands in the outbox.</summary>
public enum OutboxState
{
    /// <summary>Not sent yet, or sent and refused: sent (again) at <see cref="OutboxMessageRecord.NextAttemptAt"/>.</summary>
    Pending,

    /// <summary>The receiver answered 2xx.</summary>
    Delivered,

    /// <summary>Given up after too many tries or too long: waits for a person to resend it; holds back the case's later events.</summary>
    DeadLetter,
}

/// <summary>
/// One notification (结果回传) of one case event for one webhook, written by the transition that made the event, in
/// its transaction (ADR 0016): it exists exactly when the change does. <see cref="Id"/> is the order of arrival, the
/// order a case's events reach the webhook. The payload holds no personal data.
/// </summary>
public sealed class OutboxMessageRecord
{
    public long Id { get; set; }

    /// <summary>The event's id, sent as X-Rpa-Event-Id: the same for every webhook, the same on every try, so a receiver drops a repeat.</summary>
    public Guid EventId { get; set; }

    /// <summary>The webhook's name (Notifications:Webhooks:{n}:Name).</summary>
    public required string Webhook { get; set; }

    /// <summary>One of <see cref="Notifications.NotificationEvents"/>.</summary>
    public required string EventType { get; set; }

    public required string CaseCode { get; set; }

    /// <summary>The body sent, exactly: the signature covers these bytes.</summary>
    public required string PayloadJson { get; set; }

    public OutboxState State { get; set; }

    /// <summary>Tries so far (since it was queued or last resent).</summary>
    public int Attempts { get; set; }

    /// <summary>When it was written, or resent by a person: the max age counts from here.</summary>
    public DateTimeOffset QueuedAt { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    public DateTimeOffset? LastAttemptAt { get; set; }

    /// <summary>Why the last try failed: an HTTP status or the kind of network error; never the receiver's body.</summary>
    public string? LastError { get; set; }

    public DateTimeOffset? DeliveredAt { get; set; }

    public const int LastErrorMaxLength = 500;
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessageRecord>
{
    public void Configure(EntityTypeBuilder<OutboxMessageRecord> e)
    {
        e.ToTable("outbox_messages");
        e.HasKey(m => m.Id);
        e.Property(m => m.Id).ValueGeneratedOnAdd();
        e.Property(m => m.Webhook).HasMaxLength(64);
        e.Property(m => m.EventType).HasMaxLength(32);
        e.Property(m => m.CaseCode).HasMaxLength(32);
        e.Property(m => m.State).HasConversion<string>().HasMaxLength(16);
        e.Property(m => m.LastError).HasMaxLength(OutboxMessageRecord.LastErrorMaxLength);
        e.HasIndex(m => new { m.EventId, m.Webhook }).IsUnique();
        e.HasIndex(m => new { m.State, m.NextAttemptAt });
        e.HasIndex(m => new { m.Webhook, m.CaseCode, m.Id });
    }
}
