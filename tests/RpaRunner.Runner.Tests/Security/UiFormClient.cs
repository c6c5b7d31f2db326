using System.Net;
using System.Text.RegularExpressions;

namespace RpaRunner.Runner.Tests.Security;

/// <summary>
/// A browser reduced to what the sign-in needs: it keeps cookies by hand (so a Secure cookie set for a request
/// forwarded as HTTPS is kept too, and a test can copy one), reads the antiforgery token from a page, and posts forms.
/// </summary>
internal sealed partial class UiFormClient(Uri address, params (string Name, string Value)[] headers) : IDisposable
{
    private readonly HttpClient _http = new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };

    public Dictionary<string, string> Cookies { get; } = new(StringComparer.Ordinal);

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, IEnumerable<KeyValuePair<string, string>>? form = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (form is not null)
        {
            request.Content = new FormUrlEncodedContent(form);
        }

        if (Cookies.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", Cookies.Select(c => $"{c.Key}={c.Value}")));
        }

        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        var response = await _http.SendAsync(request);
        foreach (var setCookie in SetCookies(response))
        {
            var pair = setCookie.Split(';')[0].Split('=', 2);
            if (pair[1].Length == 0 || setCookie.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase))
            {
                Cookies.Remove(pair[0]);
            }
            else
            {
                Cookies[pair[0]] = pair[1];
            }
        }

        return response;
    }

    public Task<HttpResponseMessage> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    /// <summary>The antiforgery token of the first form on the page.</summary>
    public async Task<string> TokenAsync(string path)
    {
        using var response = await GetAsync(path);
        var page = await response.Content.ReadAsStringAsync();
        var token = TokenField().Match(page);
        Assert.True(token.Success, $"{path} ({(int)response.StatusCode}) has no antiforgery token");
        return WebUtility.HtmlDecode(token.Groups[1].Value);
    }

    public async Task<HttpResponseMessage> SignInAsync(string name, string password, string? token = null) =>
        await SendAsync(HttpMethod.Post, "/account/signin", new Dictionary<string, string>
        {
            ["name"] = name,
            ["password"] = password,
            ["returnUrl"] = "/hall",
            ["__RequestVerificationToken"] = token ?? await TokenAsync("/account/signin"),
        });

    public static IEnumerable<string> SetCookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [];

    public void Dispose() => _http.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
