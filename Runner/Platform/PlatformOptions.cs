using RpaRunner.Workflows.Notifications;

namespace RpaRunner.Runner.Platform;

/// <summary>Configuration section "Platform": the provincial 一网通办 platform that pushes cases in (ADR 0016).</summary>
public sealed class PlatformOptions
{
    public PlatformInboundOptions Inbound { get; set; } = new();
}

public sealed class PlatformInboundOptions
{
    /// <summary>The secret the platform signs its requests with; no intake from the platform while it is empty.</summary>
    public string? Secret { get; set; }

    /// <summary>How far the signed timestamp may be from our clock, either way (default 5 minutes): an older request is a replay.</summary>
    public TimeSpan ReplayWindow { get; set; } = WebhookSignature.DefaultWindow;

    /// <summary>The unit the pushed cases belong to (who may see them in the console); the default unit when not set.</summary>
    public string? Unit { get; set; }
}
