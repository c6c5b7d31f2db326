using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RpaRunner.Bots.Resilience;
using RpaRunner.Bots.Runtime;
using RpaRunner.Bots.Web;
using RpaRunner.Workflows.Catalog;
using RpaRunner.Workflows.Engine.Contracts;

namespace RpaRunner.Bots.Licence;

/// <summary>
/// 电子证照: fetches a licence from a certificate library (a system of kind <c>licence</c>) over its HTTP API, without a
/// browser. Every call is signed with the system's app key and secret (<c>DepartmentSystems:{id}:Username</c> /
/// <c>:Password</c>; the secret never travels and is never logged). Found: the licence's number, issuer and date as
/// outputs, and its document, whose SHA-256 must equal what the library states, handed to the engine as the case's
/// material. Not issued: a success with <c>found=false</c>, so the bundle takes its fallback way. The library down,
/// erring or slow: transient (retried, then a person, as for any system).
/// </summary>
public sealed class LicenceBotAction(
    SystemCatalog systems,
    SystemResilience resilience,
    IOptionsMonitor<DepartmentSystemEndpoint> endpoints,
    IOptions<LicenceBotOptions> options,
    TimeProvider time,
    ILogger<LicenceBotAction> logger) : IBotAction, IDisposable
{
    /// <summary>The system kind this action serves.</summary>
    public const string Kind = Workflows.Model.DepartmentSystem.LicenceKind;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly HttpClient _http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = Timeout.InfiniteTimeSpan };

    public bool CanRun(RunStep step) =>
        systems.FindSystem(step.System)?.Kind == Kind && endpoints.Get(step.System).BaseUrl is not null;

    public async Task<BotResult> RunAsync(BotStepContext context, CancellationToken cancellationToken)
    {
        var endpoint = endpoints.Get(context.Step.System);
        return await resilience.ExecuteAsync(context.Step.System, endpoint.WorkerSessions, token => new ValueTask<BotResult>(FetchAsync(context, endpoint, token)), cancellationToken);
    }

    private async Task<BotResult> FetchAsync(BotStepContext context, DepartmentSystemEndpoint endpoint, CancellationToken cancellationToken)
    {
        var step = context.Step;
        if (endpoint.Username is null || endpoint.Password is null)
        {
            throw new NeedsPersonException($"电子证照库 {step.System} 未配置应用凭据 / no app key and secret are configured for the certificate library {step.System}");
        }

        var holder = context.Input("holderIdNumber") ?? throw new NeedsPersonException("缺少持证人证件号码 / the holder's ID number is missing");
        var type = context.Input("licenceType") ?? throw new NeedsPersonException("缺少证照类型 / the licence type is missing");
        var baseUrl = new Uri(endpoint.BaseUrl!.EndsWith('/') ? endpoint.BaseUrl : endpoint.BaseUrl + "/");
        var query = $"api/licences?holderIdNumber={Uri.EscapeDataString(holder)}&licenceType={Uri.EscapeDataString(type)}";
        using var found = await SendAsync(baseUrl, query, endpoint, cancellationToken);
        if (found.StatusCode == HttpStatusCode.NotFound)
        {
            context.Notes.Add("电子证照库未查到已签发的证照，按备用流程办理 / the certificate library holds no issued licence; the fallback way is taken");
            return NotIssued();
        }

        var listing = await ReadAsync<LicenceListing>(found, cancellationToken);
        var licence = Choose(listing.Licences ?? [], context.Input("childName"), context.Input("childBirthDate"));
        if (licence is null)
        {
            context.Notes.Add("电子证照库中该持证人的证照与本件新生儿不符，按备用流程办理 / the holder's licences in the library are for another child; the fallback way is taken");
            return NotIssued();
        }

        using var document = await SendAsync(baseUrl, licence.DocumentUrl ?? $"api/licences/{Uri.EscapeDataString(licence.LicenceNo)}/document", endpoint, cancellationToken);
        var content = await document.Content.ReadAsByteArrayAsync(cancellationToken);
        if (content.Length > options.Value.MaxDocumentBytes)
        {
            throw new NeedsPersonException($"电子证照文件超过 {options.Value.MaxDocumentBytes} 字节 / the licence document is larger than {options.Value.MaxDocumentBytes} bytes");
        }

        var sha256 = Convert.ToHexStringLower(SHA256.HashData(content));
        if (!string.Equals(sha256, licence.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            // Damaged on the way or replaced between the two calls: fetched again on the next attempt.
            throw new TransientBotException($"电子证照文件的 SHA-256 与证照库登记的不一致，未采用 / the document's SHA-256 differs from the library's ({sha256[..12]}… vs {licence.Sha256?[..Math.Min(12, licence.Sha256.Length)]}…)");
        }

        logger.LogInformation("Fetched licence of type {LicenceType} for {CaseCode}/{StepId} ({Size} bytes, SHA-256 {Sha256})", type, step.CaseCode, step.StepId, content.Length, sha256);
        return new BotResult(new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["found"] = "true",
            ["licenceNo"] = licence.LicenceNo,
            ["issuer"] = licence.Issuer,
            ["issueDate"] = licence.IssueDate,
        }, FoundExisting: false)
        {
            Document = new FetchedDocument
            {
                Content = content,
                Sha256 = sha256,
                FileName = licence.FileName ?? licence.LicenceNo + ".pdf",
                Source = $"{CaseMaterialsSource} {step.System} · {licence.LicenceTypeName ?? type} {licence.LicenceNo}",
            },
        };
    }

    private const string CaseMaterialsSource = "电子证照库";

    private static BotResult NotIssued() => new(new Dictionary<string, string?>(StringComparer.Ordinal) { ["found"] = "false" }, FoundExisting: false);

    /// <summary>The licence of this child when the step names one (a mother's earlier children are filed under her too).</summary>
    private static LicenceEntry? Choose(IReadOnlyList<LicenceEntry> licences, string? childName, string? childBirthDate) =>
        licences.FirstOrDefault(l => (childName is null || l.ChildName is null || l.ChildName == childName)
            && (childBirthDate is null || l.ChildBirthDate is null || l.ChildBirthDate == childBirthDate));

    private async Task<HttpResponseMessage> SendAsync(Uri baseUrl, string relative, DepartmentSystemEndpoint endpoint, CancellationToken cancellationToken)
    {
        var url = new Uri(baseUrl, relative);
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("X-App-Key", endpoint.Username);
        request.Headers.Add("X-Timestamp", timestamp);
        request.Headers.Add("X-Signature", Signature(endpoint.Password!, "GET", url.PathAndQuery, timestamp));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.Timeout);
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token);
        }
        catch (HttpRequestException ex)
        {
            throw new TransientBotException($"电子证照库无法连接 / the certificate library cannot be reached: {ex.Message}", ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TransientBotException($"电子证照库 {options.Value.Timeout.TotalSeconds:0} 秒内未应答 / the certificate library did not answer within {options.Value.Timeout.TotalSeconds:0}s", ex);
        }

        if (response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.NotFound && relative.StartsWith("api/licences?", StringComparison.Ordinal))
        {
            return response;
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            throw status switch
            {
                401 or 403 => new NeedsPersonException($"电子证照库拒绝了本应用的凭据（{status}），请核对 AppKey/AppSecret / the certificate library refused the app's credentials ({status})"),
                >= 500 or 408 or 429 => new TransientBotException($"电子证照库暂不可用（{status}）/ the certificate library is unavailable ({status})"),
                _ => new NeedsPersonException($"电子证照库拒绝了请求（{status}）/ the certificate library refused the request ({status})"),
            };
        }
    }

    /// <summary>What the library checks in X-Signature: hex HMAC-SHA256 with the secret over "{method}\n{path and query}\n{timestamp}".</summary>
    internal static string Signature(string secret, string method, string pathAndQuery, string timestamp) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{method}\n{pathAndQuery}\n{timestamp}")));

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await JsonSerializer.DeserializeAsync<T>(await response.Content.ReadAsStreamAsync(cancellationToken), Json, cancellationToken)
                ?? throw new TransientBotException("电子证照库返回了空应答 / the certificate library answered nothing");
        }
        catch (JsonException ex)
        {
            throw new TransientBotException("电子证照库的应答无法解析 / the certificate library's answer cannot be read", ex);
        }
    }

    public void Dispose() => _http.Dispose();

    private sealed record LicenceListing(List<LicenceEntry>? Licences);

    private sealed record LicenceEntry(
        string LicenceNo,
        string? LicenceTypeName,
        string? Issuer,
        string? IssueDate,
        string? ChildName,
        string? ChildBirthDate,
        string? Sha256,
        string? FileName,
        [property: JsonPropertyName("documentUrl")] string? DocumentUrl);
}

/// <summary>How the certificate-library bot calls a library (configuration section "LicenceBots").</summary>
public sealed class LicenceBotOptions
{
    /// <summary>How long one call may take before the attempt fails as transient.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>The largest document taken from a library (the material's own limit applies again in the engine).</summary>
    public long MaxDocumentBytes { get; set; } = 20L * 1024 * 1024;
}
