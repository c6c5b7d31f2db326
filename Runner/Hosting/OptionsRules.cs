using Microsoft.Extensions.Options;
using RpaRunner.Bots.Evidence;
using RpaRunner.Bots.Pools;
using RpaRunner.Bots.Simulated;
using RpaRunner.Bots.Web;
using RpaRunner.Runner.Notifications;
using RpaRunner.Runner.Platform;
using RpaRunner.Runner.Scheduling;
using RpaRunner.Runner.Security;
using RpaRunner.Workflows.Calendar;
using RpaRunner.Workflows.Engine;
using RpaRunner.Workflows.Notifications;

namespace RpaRunner.Runner.Hosting;

/// <summary>
/// The allowed range of every setting of the runner's option classes, checked when the runner starts: a value
/// out of range stops it with a message naming the key and what is allowed, instead of a runner that misbehaves.
/// </summary>
public static class OptionsRules
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    public static IServiceCollection AddOptionsRules(this IServiceCollection services)
    {
        Add<EngineOptions>(services, "Engine", (o, check) =>
        {
            check.Between("LeaseDuration", o.LeaseDuration, Second, TimeSpan.FromHours(1));
            if (o.DispatchTimeout is { } timeout)
            {
                check.Between("DispatchTimeout", timeout, Second, TimeSpan.FromHours(12));
            }

            check.Between("DispatchBatchSize", o.DispatchBatchSize, 1, 10_000);
            check.Between("DispatchAhead", o.DispatchAhead, 0, 1);
            check.Between("DispatchPollInterval", o.DispatchPollInterval, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(1));
            check.Between("ReconcileInterval", o.ReconcileInterval, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(10));
            check.Between("AwaitingRecheckInterval", o.AwaitingRecheckInterval, Second, TimeSpan.FromDays(1));
        });
        Add<BotPoolOptions>(services, "Bots", (o, check) =>
        {
            check.Between("ConcurrencyPerPool", o.ConcurrencyPerPool, 1, 256);
            check.Between("AttemptTimeout", o.AttemptTimeout, Second, TimeSpan.FromHours(2));
            check.Between("HeartbeatInterval", o.HeartbeatInterval, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5));
        });
        Add<WebBotOptions>(services, "WebBots", (o, check) => check.Between("StepTimeout", o.StepTimeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5)));
        Add<EvidenceOptions>(services, "Evidence", (o, check) => check.Between("RetentionDays", o.RetentionDays, 1, 3650));
        Add<SimulationOptions>(services, "Simulation", (o, check) =>
        {
            check.Between("TransientFailureRate", o.TransientFailureRate, 0, 1);
            check.Between("MinLatency", o.MinLatency, TimeSpan.Zero, TimeSpan.FromMinutes(5));
            check.Between("MaxLatency", o.MaxLatency, o.MinLatency, TimeSpan.FromMinutes(5));
        });
        Add<DepartmentSystemEndpoint>(services, "DepartmentSystems:{name}", (o, check) =>
        {
            if (o.MaxSessions is { } sessions)
            {
                check.Between("MaxSessions", sessions, 1, 1000);
            }
        });
        Add<SecurityOptions>(services, "Security", (o, check) =>
        {
            for (var i = 0; i < o.Users.Count; i++)
            {
                check.That($"Users:{i}:Role", Roles.All.Contains(o.Users[i].Role), $"one of {string.Join(", ", Roles.All)}");
                check.That($"Users:{i}:Unit", o.Users[i].Unit is null || CaseScope.IsWellFormed(o.Users[i].Unit), "a unit path such as furong or furong/hall-1 (lower-case letters, digits, '-', '_', segments joined by '/')", o.Users[i].Unit);
                check.That($"Users:{i}:ApiKeySha256", o.Users[i].ApiKeySha256 is { Length: 64 } hex && hex.All(char.IsAsciiHexDigit), "64 hex digits (SHA-256 of the API key)");
            }

            for (var i = 0; i < o.Units.Count; i++)
            {
                check.That($"Units:{i}:Path", CaseScope.IsWellFormed(o.Units[i].Path) && o.Units.FindIndex(u => u.Path == o.Units[i].Path) == i, "a unit path such as furong/hall-1, named once", o.Units[i].Path);
                check.That($"Units:{i}:Name", !string.IsNullOrWhiteSpace(o.Units[i].Name), "the unit's name, such as 芙蓉区政务服务中心一厅");
            }
        });
        Add<ReverseProxyOptions>(services, "ReverseProxy", (o, check) =>
        {
            for (var i = 0; i < o.KnownProxies.Count; i++)
            {
                check.That($"KnownProxies:{i}", ReverseProxyOptions.IsAddress(o.KnownProxies[i]), "an IP address such as 10.0.0.5", o.KnownProxies[i]);
            }

            for (var i = 0; i < o.KnownNetworks.Count; i++)
            {
                check.That($"KnownNetworks:{i}", ReverseProxyOptions.IsNetwork(o.KnownNetworks[i]), "a network in CIDR notation such as 10.0.0.0/24", o.KnownNetworks[i]);
            }

            check.Between("ForwardLimit", o.ForwardLimit, 1, 10);
        });
        Add<Telemetry.TelemetryOptions>(services, Telemetry.TelemetryOptions.Section, (o, check) =>
        {
            check.That("Otlp:Endpoint", o.Otlp.Endpoint is null || (o.Otlp.Endpoint.IsAbsoluteUri && o.Otlp.Endpoint.Scheme is "http" or "https"), "an absolute http(s) address such as http://collector:4317", o.Otlp.Endpoint?.ToString());
            check.That("Otlp:Protocol", o.Otlp.Protocol is "grpc" or "http/protobuf", "grpc or http/protobuf", o.Otlp.Protocol);
            check.That("Metrics:Path", o.Metrics.Path.StartsWith('/') && !o.Metrics.Path.StartsWith("/api", StringComparison.Ordinal), "a path such as /metrics, outside /api", o.Metrics.Path);
            check.Between("Metrics:GaugeRefresh", o.Metrics.GaugeRefresh, Second, TimeSpan.FromMinutes(10));
        });
        Add<NotificationOptions>(services, "Notifications", (o, check) =>
        {
            for (var i = 0; i < o.Webhooks.Count; i++)
            {
                var webhook = o.Webhooks[i];
                check.That($"Webhooks:{i}:Url", Uri.TryCreate(webhook.Url, UriKind.Absolute, out var url) && url.Scheme is "https" or "http", "an absolute http(s) URL such as https://platform.example.gov.cn/rpa/notify", webhook.Url);
                check.That($"Webhooks:{i}:Secret", webhook.Secret.Length >= WebhookOptions.MinSecretLength, $"a shared secret of at least {WebhookOptions.MinSecretLength} characters", "too short");
                foreach (var type in webhook.Events.Where(e => !NotificationEvents.All.Contains(e)))
                {
                    check.That($"Webhooks:{i}:Events", false, $"events among {string.Join(", ", NotificationEvents.All)}", type);
                }

                check.That($"Webhooks:{i}:Name", o.Webhooks.Select((w, n) => w.NameOr(n)).Count(n => n == webhook.NameOr(i)) == 1 && webhook.NameOr(i).Length <= 64, "a name no other webhook has, up to 64 characters", webhook.Name);
            }

            check.Between("MaxAttempts", o.MaxAttempts, 1, 100);
            check.Between("InitialDelay", o.InitialDelay, TimeSpan.FromMilliseconds(10), TimeSpan.FromHours(1));
            check.Between("MaxDelay", o.MaxDelay, o.InitialDelay, TimeSpan.FromDays(1));
            check.Between("MaxAge", o.MaxAge, TimeSpan.FromSeconds(1), TimeSpan.FromDays(30));
            check.Between("PollInterval", o.PollInterval, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(5));
            check.Between("Timeout", o.Timeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(2));
        });
        Add<PlatformOptions>(services, "Platform", (o, check) =>
        {
            check.That("Inbound:Secret", o.Inbound.Secret is null || o.Inbound.Secret.Length >= WebhookOptions.MinSecretLength, $"empty (no intake from the platform) or a shared secret of at least {WebhookOptions.MinSecretLength} characters", "too short");
            check.Between("Inbound:ReplayWindow", o.Inbound.ReplayWindow, TimeSpan.FromSeconds(10), TimeSpan.FromHours(1));
            check.That("Inbound:Unit", o.Inbound.Unit is null || CaseScope.IsWellFormed(o.Inbound.Unit), "a unit path such as furong or furong/hall-1", o.Inbound.Unit);
        });
        return services;
    }

    /// <summary>Checks the scheduling and calendar settings, which the host reads before its services exist.</summary>
    public static void Ensure(SchedulingOptions scheduling, CalendarOptions calendar)
    {
        var check = new Check("Scheduling", null);
        check.Between("SupervisionInterval", scheduling.SupervisionInterval, Second, TimeSpan.FromHours(1));
        check.Between("EdgeCheckInterval", scheduling.EdgeCheckInterval, Second, TimeSpan.FromHours(1));
        var calendarCheck = new Check("Calendar", null);
        calendarCheck.Between("YellowFraction", calendar.YellowFraction, 0, 1);
        calendarCheck.That("WorkdayStart", TimeOnly.TryParse(calendar.WorkdayStart, System.Globalization.CultureInfo.InvariantCulture, out _), "a time of day such as 09:00");
        calendarCheck.That("WorkdayEnd", TimeOnly.TryParse(calendar.WorkdayEnd, System.Globalization.CultureInfo.InvariantCulture, out _), "a time of day such as 17:00");
        calendarCheck.Between("HolidayLookAheadDays", calendar.HolidayLookAheadDays, 0, 366);
        calendarCheck.That("HolidaysFile", string.IsNullOrWhiteSpace(calendar.HolidaysFile) || File.Exists(calendar.HolidaysFile), "an existing file shaped like ops/calendar/china-holidays.json");
        var failures = check.Failures.Concat(calendarCheck.Failures).ToList();
        if (failures.Count > 0)
        {
            throw new OptionsValidationException("Scheduling", typeof(SchedulingOptions), failures);
        }
    }

    private static void Add<T>(IServiceCollection services, string section, Action<T, Check> rules)
        where T : class
    {
        services.AddSingleton<IValidateOptions<T>>(new Rules<T>(section, rules));
        services.AddOptions<T>().ValidateOnStart();
    }

    private sealed class Rules<T>(string section, Action<T, Check> rules) : IValidateOptions<T>
        where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options)
        {
            var check = new Check(section, name);
            rules(options, check);
            return check.Failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(check.Failures);
        }
    }

    /// <summary>Collects the settings out of range, each named by its full key.</summary>
    private sealed class Check(string section, string? name)
    {
        public List<string> Failures { get; } = [];

        public void Between<TValue>(string key, TValue value, TValue min, TValue max)
            where TValue : IComparable<TValue> =>
            That(key, value.CompareTo(min) >= 0 && value.CompareTo(max) <= 0, $"from {min} to {max}", value);

        public void That(string key, bool ok, string allowed, object? value = null)
        {
            if (!ok)
            {
                var prefix = string.IsNullOrEmpty(name) ? section : section.Replace("{name}", name, StringComparison.Ordinal);
                Failures.Add($"{prefix}:{key} is {value ?? "not valid"}; allowed: {allowed}.");
            }
        }
    }
}
