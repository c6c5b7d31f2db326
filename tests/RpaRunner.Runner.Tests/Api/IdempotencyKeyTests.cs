using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using RpaRunner.Runner.Api;
using RpaRunner.Runner.Demo;
using RpaRunner.Runner.Security;
using RpaRunner.Workflows.Privacy;

namespace RpaRunner.Runner.Tests.Api;

/// <summary>Idempotency-Key as payment APIs treat it: per user, the first result for the same request, 422 for another one.</summary>
public sealed class IdempotencyKeyTests(ApiRunner api) : IClassFixture<ApiRunner>
{
    private static int s_sample = 200;

    [Fact]
    public async Task SameUserSameKeySameBody_ReturnsTheFirstCase_EvenWithTheKeysReordered()
    {
        using var clerk = ClerkWithKey("same-body-" + Guid.NewGuid());
        var form = NextNewborn();
        var first = await clerk.PostAsJsonAsync("/api/cases", new { bundleId = "newborn", form });
        var before = await api.CountStoredAsync();
        var again = await clerk.PostAsync("/api/cases", Json($$"""{"form": {{form.ToJsonString()}}, "bundleId": "newborn"}"""));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(await ApiRunner.CaseCodeOf(first), await ApiRunner.CaseCodeOf(again));
        Assert.Equal(before.Cases, (await api.CountStoredAsync()).Cases);
    }

    [Fact]
    public async Task SameKeyWithAnotherForm_Is422NamingTheCaseItBelongsTo_AndNothingIsStored()
    {
        using var clerk = ClerkWithKey("other-form-" + Guid.NewGuid());
        var first = await clerk.PostAsJsonAsync("/api/cases", new { bundleId = "newborn", form = NextNewborn() });
        var code = await ApiRunner.CaseCodeOf(first);
        var before = await api.CountStoredAsync();

        var other = await clerk.PostAsJsonAsync("/api/cases", new { bundleId = "newborn", form = NextNewborn() });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        Assert.Equal("application/problem+json", other.Content.Headers.ContentType!.MediaType);
        var problem = (await other.Content.ReadFromJsonAsync<JsonNode>())!;
        Assert.Equal("idempotency.conflict", problem["code"]!.GetValue<string>());
        Assert.Equal(code, problem["caseCode"]!.GetValue<string>());
        Assert.Contains(code, problem["title"]!.GetValue<string>());
        Assert.Equal(before.Cases, (await api.CountStoredAsync()).Cases);
    }

    [Fact]
    public async Task SameKeyWithAnotherBundleOrVersion_Is422()
    {
        using var clerk = ClerkWithKey("other-bundle-" + Guid.NewGuid());
        var form = NextNewborn();
        Assert.Equal(HttpStatusCode.Created, (await clerk.PostAsJsonAsync("/api/cases", new { bundleId = "newborn", form })).StatusCode);

        var otherBundle = await clerk.PostAsJsonAsync("/api/cases", new { bundleId = "company-setup", form = SampleApplications.CompanySetup(Interlocked.Increment(ref s_sample), ApiRunner.Today) });
        var otherVersion = await clerk.PostAsJsonAsync("/api/cases", new { bundleId = "newborn", bundleVersion = 1, form });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, otherBundle.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, otherVersion.StatusCode);
    }

    [Fact]
    public async Task TheSameKeyFromTwoUsers_IsTwoIndependentSubmissions()
    {
        var key = "shared-" + Guid.NewGuid();
        using var clerk = ClerkWithKey(key);
        using var admin = api.Client(Roles.Admin);
        admin.DefaultRequestHeaders.Add(IdempotencyKeys.HeaderName, key);
        var form = NextNewborn();

        var byClerk = await clerk.PostAsJsonAsync("/api/cases", new { bundleId = "newborn", form });
        var byAdmin = await admin.PostAsJsonAsync("/api/cases", new { bundleId = "company-setup", form = SampleApplications.CompanySetup(Interlocked.Increment(ref s_sample), ApiRunner.Today) });

        Assert.Equal(HttpStatusCode.Created, byClerk.StatusCode);
        Assert.Equal(HttpStatusCode.Created, byAdmin.StatusCode);
        Assert.NotEqual(await ApiRunner.CaseCodeOf(byClerk), await ApiRunner.CaseCodeOf(byAdmin));
    }

    [Theory]
    [InlineData(256, 'k')]
    [InlineData(8000, 'k')]
    [InlineData(20, '\u00e9')]
    [InlineData(20, '\u7968')]
    public async Task AKeyTooLongOrNotPrintableAscii_Is400NamingTheRule_AndNothingIsStored(int length, char fill)
    {
        // Header values are sent as UTF-8, so a key with non-ASCII characters reaches the runner as a client could send it.
        using var handler = new SocketsHttpHandler { RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8 };
        using var clerk = new HttpClient(handler) { BaseAddress = api.Runner.Address };
        clerk.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, TestSupport.RunnerFixture.Keys[Roles.Clerk]);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/cases") { Content = JsonContent.Create(new { bundleId = "newborn", form = NextNewborn() }) };
        request.Headers.TryAddWithoutValidation(IdempotencyKeys.HeaderName, new string(fill, length));
        var before = await api.CountStoredAsync();

        var response = await clerk.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<JsonNode>())!;
        Assert.Equal("idempotency.key-invalid", problem["code"]!.GetValue<string>());
        Assert.Contains("255", problem["detail"]!.GetValue<string>());
        Assert.Contains("printable ASCII", problem["detail"]!.GetValue<string>());
        Assert.Equal(before.Cases, (await api.CountStoredAsync()).Cases);
    }

    [Fact]
    public async Task AKeyOf255PrintableCharacters_IsAccepted()
    {
        var key = string.Concat(Enumerable.Range(0, 255).Select(i => (char)('!' + (i % 94))));
        using var clerk = ClerkWithKey(key);
        var response = await clerk.PostAsJsonAsync("/api/cases", new { bundleId = "newborn", form = NextNewborn() });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(key, (await api.CaseAsync(await ApiRunner.CaseCodeOf(response)))!.RequestId);
    }

    [Fact]
    public async Task ConcurrentIdenticalSubmissionsWithOneKey_MakeOneCase()
    {
        using var clerk = ClerkWithKey("race-" + Guid.NewGuid());
        var text = new JsonObject { ["bundleId"] = "newborn", ["form"] = NextNewborn() }.ToJsonString();
        var before = await api.CountStoredAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => clerk.PostAsync("/api/cases", Json(text))));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, r.StatusCode.ToString()));
        var codes = await Task.WhenAll(responses.Select(ApiRunner.CaseCodeOf));
        Assert.Single(codes.Distinct());
        Assert.Equal(before.Cases + 1, (await api.CountStoredAsync()).Cases);
    }

    [Fact]
    public async Task TheStoredFingerprint_IsKeyedByTheDataKey_NotAPlainHashOfTheBody()
    {
        using var clerk = ClerkWithKey("keyed-" + Guid.NewGuid());
        var form = NextNewborn();
        var response = await clerk.PostAsJsonAsync("/api/cases", new { bundleId = "newborn", form });
        var stored = (await api.CaseAsync(await ApiRunner.CaseCodeOf(response)))!.RequestFingerprint;

        var runnerKeys = api.Runner.Services.GetRequiredService<IdempotencyKeys>();
        var otherKeys = new IdempotencyKeys(new PersonalDataCipher([PersonalDataCipher.NewKey()]));
        Assert.Matches("^[0-9a-f]{64}$", stored);
        Assert.Equal(runnerKeys.FingerprintsOf("newborn", null, form)[0], stored);
        Assert.NotEqual(otherKeys.FingerprintsOf("newborn", null, form)[0], stored);
        Assert.DoesNotContain(form["mother"]!["idNumber"]!.GetValue<string>(), stored, StringComparison.Ordinal);
    }

    [Fact]
    public void AfterADataKeyRotation_AResubmissionStillMatchesTheFingerprintUnderTheOldKey()
    {
        byte[] oldKey = PersonalDataCipher.NewKey(), newKey = PersonalDataCipher.NewKey();
        var form = NextNewborn();
        var before = new IdempotencyKeys(new PersonalDataCipher([oldKey])).FingerprintsOf("newborn", 1, form);
        var after = new IdempotencyKeys(new PersonalDataCipher([oldKey, newKey])).FingerprintsOf("newborn", 1, form);

        Assert.Equal(2, after.Count);
        Assert.NotEqual(before[0], after[0]);
        Assert.Contains(before[0], after);
    }

    private static JsonObject NextNewborn() => SampleApplications.Newborn(Interlocked.Increment(ref s_sample), ApiRunner.Today);

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    private HttpClient ClerkWithKey(string key)
    {
        var clerk = api.Client(Roles.Clerk);
        clerk.DefaultRequestHeaders.Add(IdempotencyKeys.HeaderName, key);
        return clerk;
    }
}
