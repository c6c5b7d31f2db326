using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using RpaRunner.Runner.Security;

namespace RpaRunner.Runner.Tests.Api;

/// <summary>An API call without a key, or with an unknown one, is 401 problem details; only a browser is sent to sign in.</summary>
public sealed class ApiAuthenticationTests(ApiRunner api) : IClassFixture<ApiRunner>
{
    [Theory]
    [InlineData("/evidence/NB20260101XXXXXX/birthCertificate/1/screenshot.png")]
    [InlineData("/openapi/v1.json")]
    [InlineData("/api/cases")]
    [InlineData("/api/bundles")]
    public async Task WithoutAKeyOrWithAnUnknownKey_Is401ProblemDetails(string path)
    {
        using var anonymous = NoRedirects(null);
        using var unknown = NoRedirects("not-a-key");

        foreach (var client in new[] { anonymous, unknown })
        {
            var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(401, JsonNode.Parse(await response.Content.ReadAsStringAsync())!["status"]!.GetValue<int>());
        }
    }

    [Fact]
    public async Task Evidence_WithAnImageAcceptHeaderAndNoKey_Is401_NotASignInPage()
    {
        using var client = NoRedirects(null);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/evidence/NB20260101XXXXXX/birthCertificate/1/screenshot.png");
        request.Headers.Accept.ParseAdd("image/png");
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Evidence_OpenedByABrowserWithoutSigningIn_IsSentToSignIn()
    {
        using var browser = NoRedirects(null);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/evidence/NB20260101XXXXXX/birthCertificate/1/page.html");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        var response = await browser.SendAsync(request);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(UiSignIn.SignInPath, new Uri(api.Runner.Address, response.Headers.Location!).AbsolutePath);
    }

    [Fact]
    public async Task Evidence_LoadedWithTheUiCookie_IsLeftToTheCookieScheme_AsTheConsolesImagesAre()
    {
        using var browser = NoRedirects(null);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/evidence/NB20260101XXXXXX/birthCertificate/1/screenshot.png");
        request.Headers.Accept.ParseAdd("image/avif,image/webp,*/*");
        request.Headers.Add("Cookie", "rpa.ui=expired-or-forged");
        var response = await browser.SendAsync(request);

        // An unreadable cookie is challenged by the cookie scheme (sign in again), not answered as an API call.
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(UiSignIn.SignInPath, new Uri(api.Runner.Address, response.Headers.Location!).AbsolutePath);
    }

    [Fact]
    public async Task Evidence_WithAnOperatorKey_IsServed_Or404WhenMissing()
    {
        using var operatorClient = api.Client(Roles.Operator);
        var response = await operatorClient.GetAsync("/evidence/NB20260101XXXXXX/birthCertificate/1/screenshot.png");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var clerk = api.Client(Roles.Clerk);
        Assert.Equal(HttpStatusCode.Forbidden, (await clerk.GetAsync("/evidence/NB20260101XXXXXX/birthCertificate/1/screenshot.png")).StatusCode);
    }

    [Theory]
    [InlineData(Roles.Clerk)]
    [InlineData(Roles.Operator)]
    [InlineData(Roles.Designer)]
    [InlineData(Roles.Admin)]
    public async Task TheOpenApiDocument_IsServedToAKeyOfAnyRole(string role)
    {
        using var client = api.Client(role);
        var response = await client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["paths"]!["/api/cases"]);
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/schema/bundle.schema.json")]
    public async Task HealthAndTheBundleSchema_StayAnonymous(string path)
    {
        using var anonymous = NoRedirects(null);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(path)).StatusCode);
    }

    private HttpClient NoRedirects(string? key)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = api.Runner.Address };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, key);
        }

        return client;
    }
}
