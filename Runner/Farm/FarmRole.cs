namespace RpaRunner.Runner.Farm;

/// <summary>What this process does (configuration "Runner:Role", set by <c>serve --role</c>).</summary>
public static class FarmRole
{
    /// <summary>API, engine loops and bots in one process (the default).</summary>
    public const string Embedded = "embedded";

    /// <summary>API, engine queue consumer, and — while it holds the leadership — dispatch, reconciler and schedules.</summary>
    public const string Orchestrator = "orchestrator";

    /// <summary>Bot consumers of its pools only; talks to the engine through the broker, never to the database.</summary>
    public const string Worker = "worker";

    public static string Of(IConfiguration configuration)
    {
        var role = (configuration["Runner:Role"] ?? Embedded).Trim().ToLowerInvariant();
        return role is Embedded or Orchestrator or Worker
            ? role
            : throw new InvalidOperationException($"Unknown role '{role}': use embedded, orchestrator or worker.");
    }

    public static bool RunsEngine(string role) => role is Embedded or Orchestrator;

    public static bool RunsBots(string role) => role is Embedded or Worker;
}

/// <summary>The message broker (configuration section "Transport").</summary>
public sealed class TransportOptions
{
    /// <summary>inmemory (embedded, default) or rabbitmq (farm).</summary>
    public string Kind { get; set; } = "inmemory";

    public string Host { get; set; } = "localhost";

    public ushort Port { get; set; } = 5672;

    public string VirtualHost { get; set; } = "/";

    public string Username { get; set; } = "guest";

    public string Password { get; set; } = "guest";

    public bool IsRabbitMq => Kind.Trim().Equals("rabbitmq", StringComparison.OrdinalIgnoreCase);
}
