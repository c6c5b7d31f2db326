using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using RpaRunner.Workflows.Privacy;

namespace RpaRunner.Workflows.Engine.Storage;

/// <summary>
/// A question a bot asks a person in the middle of an attempt (ADR 0028): what the department system wants that a robot
/// must not guess (a captcha, an SMS code, a U盾 PIN). It belongs to one running attempt (step and dispatch token); the
/// picture the bot took of the page region and the answer are sealed at rest. The answer is handed to the asking bot
/// once and then erased; the row keeps who answered and when.
/// </summary>
public sealed class QuestionRecord
{
    public Guid Id { get; set; }

    public Guid CaseId { get; set; }

    public required string CaseCode { get; set; }

    public Guid StepRecordId { get; set; }

    public required string StepId { get; set; }

    public int Attempt { get; set; }

    /// <summary>The attempt that asked: the answer goes to it only.</summary>
    public Guid DispatchToken { get; set; }

    public required string Worker { get; set; }

    /// <summary>captcha, sms or ukey-pin (<see cref="QuestionKinds"/>).</summary>
    public required string Kind { get; set; }

    /// <summary>The role that may answer (operator).</summary>
    public required string AnswerRole { get; set; }

    /// <summary>The picture of the page region (PNG), sealed with the data key; null when the bot sent none.</summary>
    public byte[]? Image { get; set; }

    public DateTimeOffset AskedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>open, answered (waiting for the bot to take it), taken, expired, withdrawn (<see cref="QuestionStates"/>).</summary>
    public required string State { get; set; }

    /// <summary>The answer while it waits for the bot (sealed); null before and after.</summary>
    public string? Answer { get; set; }

    public DateTimeOffset? AnsweredAt { get; set; }

    public string? AnsweredBy { get; set; }

    public DateTimeOffset? TakenAt { get; set; }
}

/// <summary>What a bot may ask for, with the label a person sees (Chinese first).</summary>
public static class QuestionKinds
{
    public const string Captcha = "captcha";
    public const string Sms = "sms";
    public const string UkeyPin = "ukey-pin";

    public static IReadOnlyList<string> All { get; } = [Captcha, Sms, UkeyPin];

    public static LocalizedText LabelOf(string kind) => kind switch
    {
        Captcha => new LocalizedText("图片验证码", "captcha"),
        Sms => new LocalizedText("短信验证码", "SMS code"),
        UkeyPin => new LocalizedText("U盾 PIN", "U-key PIN"),
        _ => new LocalizedText(kind, kind),
    };
}

/// <summary>The states of a question.</summary>
public static class QuestionStates
{
    public const string Open = "open";
    public const string Answered = "answered";
    public const string Taken = "taken";
    public const string Expired = "expired";
    public const string Withdrawn = "withdrawn";
}

internal sealed class QuestionConfiguration(PersonalDataCipher? cipher) : IEntityTypeConfiguration<QuestionRecord>
{
    public const string ImagePurpose = "questions.image";
    public const string AnswerPurpose = "questions.answer";

    public void Configure(EntityTypeBuilder<QuestionRecord> e)
    {
        e.ToTable("questions");
        e.HasKey(q => q.Id);
        e.Property(q => q.CaseCode).HasMaxLength(32);
        e.Property(q => q.StepId).HasMaxLength(64);
        e.Property(q => q.Worker).HasMaxLength(128);
        e.Property(q => q.Kind).HasMaxLength(16);
        e.Property(q => q.AnswerRole).HasMaxLength(32);
        e.Property(q => q.AnsweredBy).HasMaxLength(64);

        // Two people answering at once: the second write finds the state changed and is refused (the transition runs again).
        e.Property(q => q.State).HasMaxLength(16).IsConcurrencyToken();
        e.HasIndex(q => new { q.State, q.ExpiresAt });
        e.HasIndex(q => q.StepRecordId);
        e.HasOne<CaseRecord>().WithMany().HasForeignKey(q => q.CaseId).OnDelete(DeleteBehavior.Cascade);
        if (cipher is not null)
        {
            e.Property(q => q.Answer).HasConversion(new ValueConverter<string?, string?>(
                value => value == null ? null : cipher.ProtectColumn(value, AnswerPurpose), value => value == null ? null : cipher.UnprotectColumn(value, AnswerPurpose)));
            e.Property(q => q.Image).HasConversion(new ValueConverter<byte[]?, byte[]?>(
                value => value == null ? null : cipher.ProtectBytes(value, ImagePurpose), value => value == null ? null : cipher.UnprotectBytes(value, ImagePurpose)),
                new ValueComparer<byte[]?>((a, b) => a != null && b != null ? a.SequenceEqual(b) : a == b, v => v == null ? 0 : v.Length, v => v == null ? null : v.ToArray()));
        }
    }
}
