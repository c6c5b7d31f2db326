using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using RpaRunner.Runner.Api;
using RpaRunner.Runner.Security;

namespace RpaRunner.Runner.Tests.Api;

/// <summary>A caller's mistakes are 4xx problem details on every endpoint, never 500, and change nothing.</summary>
public sealed class ClientErrorTests(ApiRunner api) : IClassFixture<ApiRunner>
{
    /// <summary>Every endpoint that reads a JSON body, with a body it would accept, by the role allowed to call it.</summary>
    public static TheoryData<string, string, string> JsonEndpoints => new()
    {
        { Roles.Clerk, "/api/cases", """{"bundleId": "newborn", "form": {}}""" },
        { Roles.Clerk, "/api/cases/{code}/amend", """{"reason": "r", "form": {}}""" },
        { Roles.Operator, "/api/cases/{code}/cancel", """{"reason": "r"}""" },
        { Roles.Operator, "/api/cases/{code}/steps/tax/retry", """{"reason": "r"}""" },
        { Roles.Operator, "/api/cases/{code}/steps/tax/correct", """{"reason": "r", "values": {}}""" },
        { Roles.Operator, "/api/cases/{code}/steps/tax/skip", """{"reason": "r", "cascade": false}""" },
        { Roles.Operator, "/api/cases/{code}/steps/tax/complete", """{"reason": "r", "values": {}}""" },
    };

    [Theory]
    [MemberData(nameof(JsonEndpoints))]
    public async Task ABodyOverTheLimit_Is413_WithOrWithoutADeclaredLength(string role, string path, string valid)
    {
        _ = valid;
        using var client = api.Client(role);
        var huge = "{\"reason\": \"" + new string('x', (int)ClientErrors.MaxRequestBodyBytes) + "\"}";

        // The client waits for "100 Continue" before it sends the body, as careful clients do; a server that refuses
        // the body closes the connection, which would otherwise race with the client still sending it.
        using var declaredRequest = new HttpRequestMessage(HttpMethod.Post, Path(path)) { Content = Json(huge) };
        declaredRequest.Headers.ExpectContinue = true;
        var declared = await client.SendAsync(declaredRequest);
        var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(huge)));
        chunked.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, Path(path)) { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        request.Headers.ExpectContinue = true;
        var streamed = await client.SendAsync(request);

        await AssertProblemAsync(declared, HttpStatusCode.RequestEntityTooLarge);
        await AssertProblemAsync(streamed, HttpStatusCode.RequestEntityTooLarge);
    }

    [Theory]
    [MemberData(nameof(JsonEndpoints))]
    public async Task ABodyThatIsNotApplicationJson_Is415_AndACharsetIsAllowed(string role, string path, string valid)
    {
        using var client = api.Client(role);
        foreach (var type in new[] { "text/plain", "application/x-www-form-urlencoded", "application/xml" })
        {
            var response = await client.PostAsync(Path(path), new StringContent(valid, Encoding.UTF8, type));
            await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        }

        var withCharset = new StringContent(valid, Encoding.UTF8);
        withCharset.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json; charset=utf-8");
        var accepted = await client.PostAsync(Path(path), withCharset);
        Assert.NotEqual(HttpStatusCode.UnsupportedMediaType, accepted.StatusCode);
        Assert.True((int)accepted.StatusCode < 500, accepted.StatusCode.ToString());
    }

    [Theory]
    [MemberData(nameof(JsonEndpoints))]
    public async Task AJsonBodyInACharsetOtherThanUtf8_Is415_AndAQuotedUtf8IsRead(string role, string path, string valid)
    {
        using var client = api.Client(role);
        foreach (var charset in new[] { "utf-16", "latin1", "nonsense" })
        {
            var response = await client.PostAsync(Path(path), WithContentType(valid, $"application/json; charset={charset}"));
            await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        }

        var quoted = await client.PostAsync(Path(path), WithContentType(valid, "application/json; charset=\"UTF-8\""));
        Assert.True((int)quoted.StatusCode < 500 && quoted.StatusCode != HttpStatusCode.UnsupportedMediaType, quoted.StatusCode.ToString());
    }

    [Theory]
    [MemberData(nameof(JsonEndpoints))]
    public async Task DuplicateKeysMalformedJsonAnEmptyBodyOrWrongTypes_Are4xxProblemDetails_AndNothingChanges(string role, string path, string valid)
    {
        _ = valid;
        using var client = api.Client(role);
        var before = await api.CountStoredAsync();
        foreach (var body in new[]
        {
            """{"reason": "a", "reason": "b", "bundleId": "newborn", "form": {}}""",
            """{"bundleId": "newborn", "form": {"mother": {"name": "a", "name": "b"}}, "reason": "r", "values": {"x": "1", "x": "2"}}""",
            """{ "reason": """,
            "",
            "null",
            "[1, 2]",
            "\"text\"",
            """{"reason": 5, "bundleId": 7, "form": [], "values": [1], "cascade": "yes"}""",
            """{"reason": {"nested": true}, "values": {"x": {"y": 1}}}""",
        })
        {
            var response = await client.PostAsync(Path(path), Json(body));
            var status = (int)response.StatusCode;
            Assert.True(status is >= 400 and < 500 && response.StatusCode != HttpStatusCode.UnsupportedMediaType, $"{body} → {status}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        Assert.Equal(before, await api.CountStoredAsync());
    }

    [Fact]
    public async Task DuplicateKeysInASubmission_Is400_NotAServerError()
    {
        using var clerk = api.Client(Roles.Clerk);
        var response = await clerk.PostAsync("/api/cases", Json("""{"bundleId": "newborn", "bundleId": "retirement", "form": {}}"""));
        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("bundleId", problem["detail"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("\"abc\"")]
    [InlineData("\"1\"")]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("99999999999")]
    [InlineData("true")]
    [InlineData("[1]")]
    public async Task ABundleVersionThatIsNotAPositiveInteger_Is400_NotTheLatestVersion(string version)
    {
        using var clerk = api.Client(Roles.Clerk);
        var before = await api.CountStoredAsync();
        var response = await clerk.PostAsync("/api/cases", Json("{\"bundleId\": \"newborn\", \"bundleVersion\": " + version + ", \"form\": {}}"));
        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]!["bundleVersion"]);
        Assert.Equal(before, await api.CountStoredAsync());
    }

    [Theory]
    [InlineData("/\t/evil.example")]
    [InlineData("/cases\n")]
    [InlineData("/\u0000")]
    [InlineData("//evil.example")]
    [InlineData("https://evil.example/")]
    public async Task AReturnUrlThatIsNotALocalPath_OnTheLanguageSwitch_LeadsHome(string returnUrl)
    {
        using var handler = new HttpClientHandler { AllowAutoRedirect = false };
        using var browser = new HttpClient(handler) { BaseAddress = api.Runner.Address };
        var response = await browser.GetAsync($"/account/language?code=en&returnUrl={Uri.EscapeDataString(returnUrl)}");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }

    /// <summary>A local path with characters a response header cannot carry is sent on percent-encoded, never a 500.</summary>
    [Fact]
    public async Task AReturnUrlWithChineseAndSpaces_OnTheLanguageSwitch_IsFollowedEncoded()
    {
        using var handler = new HttpClientHandler { AllowAutoRedirect = false };
        using var browser = new HttpClient(handler) { BaseAddress = api.Runner.Address };
        var response = await browser.GetAsync($"/account/language?code=en&returnUrl={Uri.EscapeDataString("/hall/新生儿 %é")}");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/hall/%E6%96%B0%E7%94%9F%E5%84%BF%20%25%C3%A9", response.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("/\t/evil.example", "/")]
    [InlineData("/a\r\nb", "/")]
    [InlineData("/console/tasks?system=hospital", "/console/tasks?system=hospital")]
    [InlineData("/account/signin?x=1", "/")]
    [InlineData("/hall/新生儿 \"x\"?q=王", "/hall/%E6%96%B0%E7%94%9F%E5%84%BF%20%22x%22?q=%E7%8E%8B")]
    [InlineData("/a/..\\..\\\\evil.example", "/")]
    public void LocalOrHome_KeepsOnlyLocalPathsWithoutControlCharacters(string url, string expected) =>
        Assert.Equal(expected, UiSignIn.LocalOrHome(url));

    [Fact]
    public async Task UnparsableQueryValues_Are400()
    {
        using var operatorClient = api.Client(Roles.Operator);
        await AssertProblemAsync(await operatorClient.GetAsync("/api/cases?status=sideways"), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await operatorClient.GetAsync("/api/cases?pageSize=many"), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await operatorClient.GetAsync("/api/bundles/newborn/versions/99999999999"), HttpStatusCode.NotFound);
    }

    private string Path(string template) => template.Replace("{code}", api.CompletedCase, StringComparison.Ordinal);

    private static StringContent WithContentType(string text, string contentType)
    {
        var content = new StringContent(text, Encoding.UTF8);
        content.Headers.Remove("Content-Type");
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return content;
    }

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    private static async Task<JsonNode> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode} {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(body)!;
        Assert.Equal((int)expected, problem["status"]!.GetValue<int>());
        return problem;
    }
}
