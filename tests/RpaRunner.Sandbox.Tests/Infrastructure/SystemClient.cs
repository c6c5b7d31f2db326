using System.Net;
using System.Text.RegularExpressions;
using RpaRunner.Sandbox.Hosting;

namespace RpaRunner.Sandbox.Tests.Infrastructure;

/// <summary>A cookie-keeping HTTP client on one sandbox web system, speaking its forms like a browser would.</summary>
public sealed partial class SystemClient : IDisposable
{
    private readonly HttpClient _http;

    public SystemClient(SandboxSystemEndpoint endpoint)
    {
        Endpoint = endpoint;
        Cookies = new CookieContainer();
        _http = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = true }) { BaseAddress = endpoint.BaseUrl };
    }

    public SandboxSystemEndpoint Endpoint { get; }
    public CookieContainer Cookies { get; }

    public Task<PageResult> LoginAsync(string? username = null, string? password = null, string? captcha = null, string? captchaToken = null) =>
        PostAsync("login", new Dictionary<string, string>
        {
            ["username"] = username ?? Endpoint.RobotUsername,
            ["password"] = password ?? Endpoint.RobotPassword,
            ["captcha"] = captcha ?? "",
            ["captchaToken"] = captchaToken ?? "",
        });

    /// <summary>Posts the whole form at once (layout 1 names), as a browser does on the last page of a wizard.</summary>
    public Task<PageResult> SubmitAsync(string actionId, IReadOnlyDictionary<string, string> values, string? externalNo = null, int layout = 1, string nav = "submit", int page = 0)
    {
        var form = new Dictionary<string, string>(values) { ["__layout"] = layout.ToString(System.Globalization.CultureInfo.InvariantCulture), ["__nav"] = nav, ["__page"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        if (externalNo is not null)
        {
            form["externalNo"] = externalNo;
        }

        return PostAsync("biz/" + actionId[(actionId.IndexOf('.', StringComparison.Ordinal) + 1)..], form);
    }

    /// <summary>卫健 更正: posts the 更正 form of the record <paramref name="receiptNo"/> with a 更正原因, as 确定 in the 更正确认 dialog does.</summary>
    public Task<PageResult> AmendAsync(string amendActionId, string receiptNo, IReadOnlyDictionary<string, string> values, string reason = "02", string note = "") =>
        PostAsync($"biz/{amendActionId[(amendActionId.IndexOf('.', StringComparison.Ordinal) + 1)..]}/edit/{receiptNo}",
            values.Append(new("amendReason", reason)).Append(new("amendNote", note)));

    /// <summary>公安 更正申请表: ticks the 更正项目 (xm, xb, csrq, fm, dz), fills the values, 更正原因 and the 核对 check box.</summary>
    public Task<PageResult> ApplyForCorrectionAsync(string receiptNo, IReadOnlyDictionary<string, string> values, IEnumerable<string> items, string reason = "1", bool confirmed = true) =>
        PostAsync($"biz/amendNewbornRegistration/form/{receiptNo}", values
            .Concat(items.Select(i => new KeyValuePair<string, string>("gzxm", i)))
            .Append(new("sqyy", reason))
            .Concat(confirmed ? [new KeyValuePair<string, string>("hdqr", "1")] : []));

    /// <summary>Posts the whole form with files for its attachments (input name → file name and bytes), as a browser posts a multipart form.</summary>
    public async Task<PageResult> SubmitWithFilesAsync(string actionId, IReadOnlyDictionary<string, string> values, string externalNo, IReadOnlyDictionary<string, (string FileName, byte[] Content)> files)
    {
        using var content = new MultipartFormDataContent();
        foreach (var (name, value) in new Dictionary<string, string>(values) { ["__layout"] = "1", ["__nav"] = "submit", ["__page"] = "0", ["externalNo"] = externalNo })
        {
            content.Add(new StringContent(value), name);
        }

        foreach (var (name, (fileName, bytes)) in files)
        {
            content.Add(new ByteArrayContent(bytes), name, fileName);
        }

        using var response = await _http.PostAsync("biz/" + actionId[(actionId.IndexOf('.', StringComparison.Ordinal) + 1)..], content);
        return new PageResult(response.StatusCode, await response.Content.ReadAsStringAsync(), response.RequestMessage?.RequestUri);
    }

    public async Task<PageResult> PostAsync(string path, IEnumerable<KeyValuePair<string, string>> form)
    {
        using var content = new FormUrlEncodedContent(form);
        using var response = await _http.PostAsync(path, content);
        return new PageResult(response.StatusCode, await response.Content.ReadAsStringAsync(), response.RequestMessage?.RequestUri);
    }

    public async Task<PageResult> GetAsync(string path)
    {
        using var response = await _http.GetAsync(path);
        return new PageResult(response.StatusCode, await response.Content.ReadAsStringAsync(), response.RequestMessage?.RequestUri);
    }

    public void Dispose() => _http.Dispose();
}

public sealed partial record PageResult(HttpStatusCode Status, string Html, Uri? Url)
{
    public bool Accepted => Status == HttpStatusCode.OK && Html.Contains("办理成功", StringComparison.Ordinal);

    /// <summary>Text of the page's 提示 box (role=alert), or null.</summary>
    public string? Error
    {
        get
        {
            var match = AlertPattern().Match(Html);
            return match.Success ? TagPattern().Replace(match.Groups[1].Value, "") : null;
        }
    }

    /// <summary>A value of the layout-1 result page.</summary>
    public string Output(string name)
    {
        var match = Regex.Match(Html, $"id=\"out_{name}\">([^<]*)<");
        Assert.True(match.Success, $"Output {name} not on the page. Error: {Error}. Page: {Html[..Math.Min(Html.Length, 400)]}");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    [GeneratedRegex("role=\"alert\"[^>]*>(.*?)</(?:div|p)>(?!<div>)", RegexOptions.Singleline)]
    private static partial Regex AlertPattern();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex TagPattern();
}
