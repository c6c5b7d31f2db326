using System.Globalization;

namespace RpaRunner.Sandbox.Quirks;

/// <summary>
/// The legacy behaviours of one department system, each switchable at run time. Layout quirks shape the pages
/// (on by default, as in the real systems); adversity quirks make the system slow, flaky or closed (off by
/// default, switched on by tests, rehearsals and benchmarks).
/// </summary>
public sealed class SystemQuirks
{
    /// <summary>1 = the original layout; 2 = the redesigned layout (other ids and structure, same labels).</summary>
    public int LayoutVersion { get; set; } = 1;

    /// <summary>Collapsible menu tree: a group must be opened before its items can be clicked.</summary>
    public bool Menus { get; set; } = true;

    /// <summary>The work area is an iframe inside the main frame page.</summary>
    public bool Iframes { get; set; } = true;

    /// <summary>Forms span several pages (下一步 / 上一步) instead of one.</summary>
    public bool MultiPageForms { get; set; } = true;

    /// <summary>Date fields are read-only and filled through a pop-up calendar.</summary>
    public bool DatePickers { get; set; } = true;

    /// <summary>Code-valued fields are drop-downs posting codes (性别 1/2 shown as 男/女); off: free text.</summary>
    public bool CodeDropdowns { get; set; } = true;

    /// <summary>提交 opens a confirmation modal (确定 / 取消) before the form is sent.</summary>
    public bool ConfirmModal { get; set; } = true;

    /// <summary>The login page asks for an image captcha; robot accounts are exempt, as bureaus arrange for them.</summary>
    public bool Captcha { get; set; } = true;

    /// <summary>Median extra latency of each page, in milliseconds (log-normal; 0 = none).</summary>
    public int LatencyMedianMs { get; set; }

    /// <summary>95th percentile of the latency, in milliseconds (at least the median).</summary>
    public int LatencyP95Ms { get; set; }

    /// <summary>Share of requests answered with HTTP 500 before doing anything (0..1).</summary>
    public double ErrorRate { get; set; }

    /// <summary>Share of accepted submissions answered with HTTP 500 after the record was stored (0..1): the lost reply.</summary>
    public double ErrorAfterCommitRate { get; set; }

    /// <summary>Idle time after which a session expires and the next page is the login page.</summary>
    public int SessionTimeoutSeconds { get; set; } = 1800;

    /// <summary>Share of pages that open the 系统公告 pop-up which must be closed before anything can be clicked.</summary>
    public double AnnouncementRate { get; set; }

    /// <summary>When true every page answers 503 with the maintenance notice.</summary>
    public bool Maintenance { get; set; }

    public string MaintenanceNotice { get; set; } = "系统升级维护中，暂停对外服务，请于维护结束后再访问。给您带来不便，敬请谅解。";

    /// <summary>Service hours in China time, e.g. "08:00-18:00"; outside them the maintenance notice is shown. Empty = always open.</summary>
    public string ServiceHours { get; set; } = "";

    /// <summary>
    /// 税务 only: a new taxpayer's setup sent by a robot account is held for the legal representative's 实名认证（人脸识别）,
    /// which only a person can arrange (a clerk at the hall checks the face in person, so a clerk's submission passes). Off by default.
    /// </summary>
    public bool FaceCheck { get; set; }

    public SystemQuirks Clone() => (SystemQuirks)MemberwiseClone();

    /// <summary>Range checks; returns the first problem or null.</summary>
    public string? Validate()
    {
        if (LayoutVersion is not (1 or 2))
        {
            return "LayoutVersion must be 1 or 2.";
        }

        if (ErrorRate is < 0 or > 1 || ErrorAfterCommitRate is < 0 or > 1 || AnnouncementRate is < 0 or > 1)
        {
            return "Rates must be between 0 and 1.";
        }

        if (LatencyMedianMs < 0 || LatencyP95Ms < 0 || LatencyMedianMs > 60_000 || LatencyP95Ms > 120_000)
        {
            return "Latency must be between 0 and 60000 ms (p95 up to 120000 ms).";
        }

        if (SessionTimeoutSeconds is < 1 or > 86_400)
        {
            return "SessionTimeoutSeconds must be between 1 and 86400.";
        }

        return ServiceHours.Length > 0 && TryParseServiceHours(ServiceHours) is null ? "ServiceHours must look like 08:00-18:00." : null;
    }

    /// <summary>True when <paramref name="chinaTime"/> falls outside the service hours.</summary>
    public bool IsOutsideServiceHours(DateTimeOffset chinaTime)
    {
        var hours = TryParseServiceHours(ServiceHours);
        if (hours is null)
        {
            return false;
        }

        var (open, close) = hours.Value;
        var now = TimeOnly.FromDateTime(chinaTime.DateTime);
        return open <= close ? now < open || now >= close : now < open && now >= close;
    }

    private static (TimeOnly Open, TimeOnly Close)? TryParseServiceHours(string value)
    {
        var parts = value.Split('-', StringSplitOptions.TrimEntries);
        return parts.Length == 2
            && TimeOnly.TryParseExact(parts[0], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var open)
            && TimeOnly.TryParseExact(parts[1], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var close)
            ? (open, close)
            : null;
    }
}
