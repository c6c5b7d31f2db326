using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace RpaRunner.Sandbox.Platform;

/// <summary>One notification the stand-in received, as its inspection lists it.</summary>
public sealed record ReceivedNotification(long Order, string EventId, string EventType, string? CaseCode, string? PlatformCaseNo, DateTimeOffset ReceivedAt, bool SignatureValid, bool Repeat, JsonObject? Payload);

/// <summary>
/// A stand-in for the provincial 一网通办 platform: it receives the runner's webhooks (结果回传) at
/// <c>POST /platform/notify</c>, checks their HMAC-SHA256 signature (X-Rpa-Signature over "{X-Rpa-Timestamp}.{body}"),
/// records them in the order they came, answers 503 while told to be down, and pushes a case into a runner signed the
/// way the runner expects (X-Platform-Signature). It checks signatures as the real platform would, on its own: it shares
/// nothing with the runner but the secrets.
/// </summary>
public sealed class ProvincialPlatform(string webhookSecret, string pushSecret, TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly List<ReceivedNotification> _received = [];
    private DateTimeOffset _downUntil = DateTimeOffset.MinValue;

    /// <summary>The secret the runner signs its webhooks with (Notifications:Webhooks:{n}:Secret).</summary>
    public string WebhookSecret => webhookSecret;

    /// <summary>The secret this platform signs the cases it pushes with (Platform:Inbound:Secret of the runner).</summary>
    public string PushSecret => pushSecret;

    public bool IsDown => time.GetUtcNow() < _downUntil;

    /// <summary>Answer 503 to every notification for this long (zero: up again now).</summary>
    public void GoDown(TimeSpan span) => _downUntil = time.GetUtcNow() + span;

    /// <summary>What was received, in order (of one case when <paramref name="caseCode"/> is given).</summary>
    public IReadOnlyList<ReceivedNotification> Received(string? caseCode = null)
    {
        lock (_gate)
        {
            return [.. _received.Where(r => caseCode is null || r.CaseCode == caseCode)];
        }
    }

    /// <summary>Takes one webhook call: 503 while down, 401 for a bad signature (recorded), else 200 (a repeat event id is recorded as such).</summary>
    internal int Receive(string? eventId, string? eventType, string? timestamp, string? signature, byte[] body)
    {
        if (IsDown)
        {
            return StatusCodes.Status503ServiceUnavailable;
        }

        var valid = Verify(webhookSecret, timestamp, signature, body);
        JsonObject? payload = null;
        try
        {
            payload = JsonNode.Parse(body) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            valid = false;
        }

        lock (_gate)
        {
            var repeat = eventId is not null && _received.Any(r => r.EventId == eventId && r.SignatureValid);
            _received.Add(new ReceivedNotification(_received.Count + 1, eventId ?? string.Empty, eventType ?? string.Empty,
                payload?["caseCode"]?.GetValue<string>(), payload?["platformCaseNo"]?.GetValue<string>(), time.GetUtcNow(), valid, repeat, payload));
        }

        return valid ? StatusCodes.Status200OK : StatusCodes.Status401Unauthorized;
    }

    /// <summary>Pushes a case into a runner (POST {runner}/api/platform/cases), signed; returns the runner's status and body.</summary>
    public async Task<(int Status, string Body)> PushCaseAsync(HttpClient client, Uri runner, JsonObject pushedCase, CancellationToken cancellationToken = default)
    {
        var body = Encoding.UTF8.GetBytes(pushedCase.ToJsonString());
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(runner, "api/platform/cases")) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add("X-Platform-Timestamp", timestamp);
        request.Headers.Add("X-Platform-Signature", "sha256=" + Convert.ToHexStringLower(Mac(pushSecret, timestamp, body)));
        using var response = await client.SendAsync(request, cancellationToken);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
    }

    private bool Verify(string secret, string? timestamp, string? signature, byte[] body)
    {
        if (signature is null || !signature.StartsWith("sha256=", StringComparison.Ordinal) || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || Math.Abs(time.GetUtcNow().ToUnixTimeSeconds() - seconds) > 300)
        {
            return false;
        }

        try
        {
            return CryptographicOperations.FixedTimeEquals(Convert.FromHexString(signature.AsSpan(7)), Mac(secret, timestamp!, body));
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static byte[] Mac(string secret, string timestamp, byte[] body) =>
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), (byte[])[.. Encoding.ASCII.GetBytes(timestamp + "."), .. body]);

    /// <summary>The platform's own port: the webhook receiver.</summary>
    internal static void MapReceiver(WebApplication app, ProvincialPlatform platform) =>
        app.MapPost("/platform/notify", async (HttpRequest request) =>
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer);
            var status = platform.Receive(request.Headers["X-Rpa-Event-Id"], request.Headers["X-Rpa-Event"], request.Headers["X-Rpa-Timestamp"], request.Headers["X-Rpa-Signature"], buffer.ToArray());
            return Results.StatusCode(status);
        });

    /// <summary>On the inspection port (behind its key): what was received, going down, pushing a case.</summary>
    internal static void MapInspection(WebApplication app, ProvincialPlatform platform)
    {
        app.MapGet("/platform/notifications", (string? caseCode) => Results.Ok(platform.Received(caseCode).Select(r => new
        {
            r.Order, r.EventId, r.EventType, r.CaseCode, r.PlatformCaseNo, r.ReceivedAt, r.SignatureValid, r.Repeat,
        })));
        app.MapPost("/platform/down", (int seconds) =>
        {
            platform.GoDown(TimeSpan.FromSeconds(Math.Clamp(seconds, 0, 3600)));
            return Results.Ok(new { down = platform.IsDown });
        });
        app.MapPost("/platform/push", async (string runner, HttpRequest request) =>
        {
            if (await JsonNode.ParseAsync(request.Body) is not JsonObject pushed || !Uri.TryCreate(runner, UriKind.Absolute, out var runnerUrl))
            {
                return Results.BadRequest(new { error = "Send ?runner=<runner base URL> and the case as a JSON object." });
            }

            using var client = new HttpClient();
            var (status, body) = await platform.PushCaseAsync(client, runnerUrl, pushed);
            return Results.Text(body, "application/json", Encoding.UTF8, status);
        });
    }
}
