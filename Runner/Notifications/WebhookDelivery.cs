using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using RpaRunner.Runner.Farm;
using RpaRunner.Workflows.Engine.Storage;
using RpaRunner.Workflows.Notifications;

namespace RpaRunner.Runner.Notifications;

/// <summary>
/// Sends the outbox to the webhooks (结果回传, ADR 0016): on a farm on the leading orchestrator only, embedded always.
/// Each round takes the notifications due that head their case's queue, sends them signed (a few cases at a time, one
/// notification per case, so a case's events arrive in order), and marks each delivered, to be retried after its
/// backoff, or a dead letter. A receiver or a runner that is down loses nothing: the rows wait in the database.
/// </summary>
public sealed class WebhookDelivery(
    OutboxStore outbox, IHttpClientFactory clients, NotificationOptions options, ILeadership leadership, TimeProvider time, ILogger<WebhookDelivery> logger) : BackgroundService
{
    public const string ClientName = "webhooks";
    public const string SignatureHeader = "X-Rpa-Signature";
    public const string TimestampHeader = "X-Rpa-Timestamp";
    public const string EventIdHeader = "X-Rpa-Event-Id";
    public const string EventTypeHeader = "X-Rpa-Event";

    private const int BatchSize = 64;
    private const int CasesAtOnce = 4;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var sent = 0;
            try
            {
                if (leadership.IsLeader)
                {
                    sent = await RoundAsync(stoppingToken);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Sending notifications failed; the outbox is tried again next round");
            }

            if (sent == 0)
            {
                await Task.Delay(options.PollInterval, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>Sends the notifications due now; returns how many were tried.</summary>
    public async Task<int> RoundAsync(CancellationToken cancellationToken)
    {
        var due = await outbox.DueAsync(BatchSize, cancellationToken);
        await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = CasesAtOnce, CancellationToken = cancellationToken }, async (message, ct) =>
        {
            if (await SendAsync(message, ct) is { } error)
            {
                await outbox.FailedAsync(message.Id, error, options.RetryPolicy, ct);
                logger.LogWarning("Notification {EventType} of case {CaseCode} to {Webhook} failed (try {Attempt}): {Error}", message.EventType, message.CaseCode, message.Webhook, message.Attempts + 1, error);
            }
            else
            {
                await outbox.DeliveredAsync(message.Id, ct);
                logger.LogDebug("Notification {EventType} of case {CaseCode} delivered to {Webhook}", message.EventType, message.CaseCode, message.Webhook);
            }
        });
        return due.Count;
    }

    /// <summary>One signed try; null when the receiver answered 2xx, else what went wrong (a status or the kind of error, never a body).</summary>
    private async Task<string?> SendAsync(OutboxMessageRecord message, CancellationToken cancellationToken)
    {
        if (options.Find(message.Webhook) is not { } webhook)
        {
            return $"webhook '{message.Webhook}' is no longer configured";
        }

        var body = Encoding.UTF8.GetBytes(message.PayloadJson);
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, webhook.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(SignatureHeader, WebhookSignature.Sign(webhook.Secret, timestamp, body));
        request.Headers.Add(TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(EventIdHeader, message.EventId.ToString());
        request.Headers.Add(EventTypeHeader, message.EventType);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            return response.IsSuccessStatusCode ? null : $"接收方返回 HTTP {(int)response.StatusCode} / the receiver answered HTTP {(int)response.StatusCode}";
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"接收方 {options.Timeout.TotalSeconds:0.#} 秒内无应答 / no answer within {options.Timeout.TotalSeconds:0.#} s";
        }
        catch (HttpRequestException ex)
        {
            return NetworkError(ex.HttpRequestError);
        }
    }

    /// <summary>What went wrong on the way to the receiver, as an operator reads it on the 结果回传 page (Chinese, then English).</summary>
    private static string NetworkError(HttpRequestError error) => error switch
    {
        HttpRequestError.ConnectionError => "无法连接接收方 / could not connect to the receiver",
        HttpRequestError.NameResolutionError => "无法解析接收方地址 / the receiver's host name did not resolve",
        HttpRequestError.SecureConnectionError => "与接收方的安全连接失败 / the TLS connection to the receiver failed",
        HttpRequestError.Unknown => "网络错误 / network error",
        _ => $"网络错误 / network error: {error}",
    };
}

public static class NotificationsHosting
{
    /// <summary>The webhooks of an engine process: the engine writes their outbox rows; the delivery service sends them.</summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services, IConfiguration configuration, bool runsEngine)
    {
        // Checked at start with the other options (OptionsRules); read once, like the engine's own settings.
        services.Configure<NotificationOptions>(configuration.GetSection("Notifications"));
        services.AddSingleton(sp => sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<NotificationOptions>>().Value);
        services.AddSingleton(sp => sp.GetRequiredService<NotificationOptions>().Targets());
        var options = NotificationOptions.Of(configuration);
        services.AddSingleton(sp => new OutboxStore(
            sp.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<EngineDbContext>>(), sp.GetRequiredService<TimeProvider>(), sp.GetService<IEngineLocks>()));
        if (runsEngine && options.Webhooks.Count > 0)
        {
            services.AddHttpClient(WebhookDelivery.ClientName, c => c.Timeout = Timeout.InfiniteTimeSpan);
            services.AddHostedService<WebhookDelivery>();
        }

        return services;
    }
}
