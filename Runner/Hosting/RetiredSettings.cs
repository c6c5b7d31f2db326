namespace RpaRunner.Runner.Hosting;

/// <summary>
/// Settings that moved to another key. A runner started with one of them stops with a message naming the key
/// that replaced it, so no rule silently takes an old value (or none) from a second home.
/// </summary>
public static class RetiredSettings
{
    /// <summary>The session limit of every department system, for the engine (across the farm) and the bots.</summary>
    public const string SessionLimitKey = "DepartmentSystems:{id}:MaxSessions";

    private static readonly (string Section, string Key, string Replacement)[] s_perSystem =
    [
        ("Systems", "MaxConcurrentSessions", SessionLimitKey),
        ("DesktopBots:Applications", "MaxSessions", SessionLimitKey),
    ];

    private static readonly (string Key, string Replacement)[] s_single =
    [
        ("Engine:TimeZone", Workflows.Calendar.BureauClock.TimeZoneKey),
        ("Calendar:TimeZone", Workflows.Calendar.BureauClock.TimeZoneKey),
    ];

    /// <summary>Every retired key this configuration sets, each with the key to use instead.</summary>
    public static IReadOnlyList<string> Problems(IConfiguration configuration)
    {
        var problems = new List<string>();
        foreach (var (key, replacement) in s_single)
        {
            if (configuration[key] is not null)
            {
                problems.Add($"{key} is no longer read: set {replacement} instead.");
            }
        }

        foreach (var (section, key, replacement) in s_perSystem)
        {
            foreach (var system in configuration.GetSection(section).GetChildren())
            {
                if (system[key] is not null)
                {
                    problems.Add($"{section}:{system.Key}:{key} is no longer read: set {replacement.Replace("{id}", system.Key, StringComparison.Ordinal)} instead "
                        + "(the robot sessions the department system allows at once; the engine keeps the whole farm within it).");
                }
            }
        }

        return problems;
    }

    /// <summary>Stops the start when the configuration sets a retired key.</summary>
    public static void EnsureNone(IConfiguration configuration)
    {
        var problems = Problems(configuration);
        if (problems.Count > 0)
        {
            throw new InvalidOperationException("The configuration uses retired settings: " + string.Join(" ", problems));
        }
    }
}
