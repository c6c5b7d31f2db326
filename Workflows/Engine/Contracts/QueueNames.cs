namespace RpaRunner.Workflows.Engine.Contracts;

/// <summary>
/// The message queues between the engine and the bot pools: the one place their names are spelled. The engine
/// reads reports, lease requests and heartbeats from <see cref="Engine"/>; each bot pool's workers compete for
/// the steps on <see cref="Pool"/>.
/// </summary>
public static class QueueNames
{
    /// <summary>The queue the engine reads reports, lease requests and heartbeats from.</summary>
    public const string Engine = "engine";

    /// <summary>The prefix of a bot pool's queue ("bots-web", "bots-desktop-linux").</summary>
    public const string PoolPrefix = "bots-";

    /// <summary>The queue of bot pool <paramref name="pool"/>.</summary>
    public static string Pool(string pool) => PoolPrefix + pool;

    /// <summary>The address of the engine's queue, for sending.</summary>
    public static Uri EngineAddress { get; } = Address(Engine);

    /// <summary>The address of bot pool <paramref name="pool"/>'s queue, for sending.</summary>
    public static Uri PoolAddress(string pool) => Address(Pool(pool));

    private static Uri Address(string queue) => new("queue:" + queue);
}
