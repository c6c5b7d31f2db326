using RpaRunner.Sandbox.Quirks;

namespace RpaRunner.Sandbox.Hosting;

/// <summary>How to start the sandbox. Every property has a working default.</summary>
public sealed class SandboxOptions
{
    /// <summary>Where the SQLite stores live. Null: a fresh temporary directory, deleted when the sandbox stops.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>Loopback address to listen on.</summary>
    public string ListenAddress { get; set; } = "127.0.0.1";

    /// <summary>0: free ports chosen by the OS. Otherwise systems listen on BasePort, BasePort+1... in catalog order, then inspection, then the platform stand-in, then the 电子证照库 (certificate library).</summary>
    public int BasePort { get; set; }

    /// <summary>Key of the inspection API (header X-Inspection-Key). Null: a random key.</summary>
    public string? InspectionKey { get; set; }

    /// <summary>The secret the runner signs its webhooks to the platform stand-in with. Null: a random one (see SandboxHost.Platform).</summary>
    public string? PlatformWebhookSecret { get; set; }

    /// <summary>The secret the platform stand-in signs the cases it pushes with. Null: a random one.</summary>
    public string? PlatformPushSecret { get; set; }

    /// <summary>Clock of the systems (sessions, dates, service hours). Tests pass a fake one.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Seed of the random quirks (errors, latency, pop-ups, captchas); null = unpredictable.</summary>
    public int? RandomSeed { get; set; }

    /// <summary>Quirks every system starts with.</summary>
    public SystemQuirks DefaultQuirks { get; set; } = new();

    /// <summary>Per-system quirks replacing <see cref="DefaultQuirks"/> for that system id.</summary>
    public Dictionary<string, SystemQuirks> Quirks { get; } = new(StringComparer.Ordinal);

    /// <summary>Delete all records at start (the register goes back to the seeded population).</summary>
    public bool ResetOnStart { get; set; }

    /// <summary>
    /// 医保's stand-in guardian: a declared newborn premium counts as paid this long after it was declared (the guardian
    /// paying through the tax app). Null (the default): only when the payment notice arrives at 医保's
    /// <c>POST /payments/{paymentRef}</c>, as a test or a trainer sends it.
    /// </summary>
    public TimeSpan? GuardianPaysAfter { get; set; }

    /// <summary>Minimum level of the ASP.NET Core logs of the systems.</summary>
    public LogLevel LogLevel { get; set; } = LogLevel.Warning;

    internal string? Validate()
    {
        if (BasePort is < 0 or > 65_000)
        {
            return "BasePort must be between 0 and 65000.";
        }

        if (GuardianPaysAfter < TimeSpan.Zero)
        {
            return "GuardianPaysAfter must not be negative.";
        }

        return DefaultQuirks.Validate() ?? Quirks.Values.Select(q => q.Validate()).FirstOrDefault(e => e is not null);
    }
}
