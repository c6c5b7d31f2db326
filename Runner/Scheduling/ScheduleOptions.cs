namespace RpaRunner.Runner.Scheduling;

/// <summary>Dispatch rules of one department system (configuration section "Systems:{systemId}").</summary>
public sealed class SystemScheduleOptions
{
    /// <summary>Daily service hours in local time, e.g. "08:00-18:00" or "08:00-12:00,14:00-17:30"; empty: always open.</summary>
    public string? ServiceHours { get; set; }

    /// <summary>Open on working days only (statutory holidays and weekends closed, make-up working days open).</summary>
    public bool WorkingDaysOnly { get; set; }

    /// <summary>Closures such as multi-day cutovers: "2026-03-01T18:00/2026-03-03T08:00" (local time, or with an offset).</summary>
    public List<string> Closures { get; set; } = [];
}

/// <summary>Batch settings of one bundle (configuration section "Bundles:{bundleId}").</summary>
public sealed class BundleScheduleOptions
{
    /// <summary>The overnight batch window in local time, e.g. "22:00-06:00". Held cases of the bundle run only inside it.</summary>
    public string? BatchWindow { get; set; }

    /// <summary>Open the window only on nights that start on a working day.</summary>
    public bool WorkingDaysOnly { get; set; }

    /// <summary>Hold every submitted case for the window unless the submission says otherwise.</summary>
    public bool HoldSubmissions { get; set; }
}

/// <summary>Settings of the time-based jobs (configuration section "Scheduling").</summary>
public sealed class SchedulingOptions
{
    /// <summary>How often deadline supervision recomputes 红黄牌 flags. Default 1 minute.</summary>
    public TimeSpan SupervisionInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often service hours and batch windows are checked for opening and closing. Default 15 seconds.</summary>
    public TimeSpan EdgeCheckInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Run Quartz.NET at all (orchestrators and the embedded runner do; workers never). Default true.</summary>
    public bool Enabled { get; set; } = true;
}
