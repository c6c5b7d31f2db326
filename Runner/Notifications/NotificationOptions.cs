using RpaRunner.Workflows.Notifications;

namespace RpaRunner.Runner.Notifications;

/// <summary>Configuration section "Notifications": the webhooks told of case events (结果回传, ADR 0016) and how their deliveries are retried.</summary>
public sealed class NotificationOptions
{
    public List<WebhookOptions> Webhooks { get; set; } = [];

    /// <summary>Tries before a notification becomes a dead letter (default 12).</summary>
    public int MaxAttempts { get; set; } = OutboxRetryPolicy.Default.MaxAttempts;

    /// <summary>The wait after the first failure; doubled after each (with jitter) up to <see cref="MaxDelay"/>.</summary>
    public TimeSpan InitialDelay { get; set; } = OutboxRetryPolicy.Default.InitialDelay;

    public TimeSpan MaxDelay { get; set; } = OutboxRetryPolicy.Default.MaxDelay;

    /// <summary>A notification not delivered this long after it was queued becomes a dead letter (default 3 days).</summary>
    public TimeSpan MaxAge { get; set; } = OutboxRetryPolicy.Default.MaxAge;

    /// <summary>How often the delivery service looks for due notifications when it has nothing to send (default 2 s).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long one try may take before it counts as failed (default 10 s).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    public OutboxRetryPolicy RetryPolicy => new(MaxAttempts, InitialDelay, MaxDelay, MaxAge);

    /// <summary>The webhooks as the engine sees them: name and events (all events when none are listed).</summary>
    public NotificationTargets Targets() =>
        new(Webhooks.Select((w, i) => new NotificationTarget(w.NameOr(i), w.Events.Count == 0 ? NotificationEvents.All.ToHashSet() : w.Events.ToHashSet(StringComparer.Ordinal))));

    public WebhookOptions? Find(string name) => Webhooks.Select((w, i) => (w, i)).Where(x => x.w.NameOr(x.i) == name).Select(x => x.w).FirstOrDefault();

    public static NotificationOptions Of(IConfiguration configuration) => configuration.GetSection("Notifications").Get<NotificationOptions>() ?? new NotificationOptions();
}

/// <summary>One webhook: "Notifications:Webhooks:{n}:Url", ":Secret", ":Events", and optionally ":Name".</summary>
public sealed class WebhookOptions
{
    /// <summary>What the outbox and the console call it; "webhook-{n}" when not set. Keep it when reordering the list.</summary>
    public string? Name { get; set; }

    public string Url { get; set; } = string.Empty;

    /// <summary>The shared secret of the HMAC-SHA256 signature (at least 32 characters; may be sealed like other secrets).</summary>
    public string Secret { get; set; } = string.Empty;

    /// <summary>The events sent (<see cref="NotificationEvents.All"/>); all when empty.</summary>
    public List<string> Events { get; set; } = [];

    public const int MinSecretLength = 32;

    public string NameOr(int index) => string.IsNullOrWhiteSpace(Name) ? $"webhook-{index}" : Name;
}
