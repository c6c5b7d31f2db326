using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using RpaRunner.Runner.Api;
using RpaRunner.Runner.Security;
using RpaRunner.Runner.Tests.TestSupport;

namespace RpaRunner.Runner.Tests.Api;

/// <summary>
/// Random requests at every endpoint of the API (and the UI's sign-in and language switch): random JSON and
/// form-urlencoded bodies, content types, idempotency keys, Accept-Language, keys of every role, and route values
/// both real and random. Whatever arrives, the runner never answers 5xx, and a 4xx leaves the store as it was.
/// RPA_FUZZ_RUNS raises the number of requests (default 500).
/// </summary>
public sealed class ApiFuzzTests(ApiRunner api) : IClassFixture<ApiRunner>
{
    private static readonly int s_runs = int.TryParse(Environment.GetEnvironmentVariable("RPA_FUZZ_RUNS"), out var runs) && runs > 0 ? runs : 500;

    [Fact]
    public async Task RandomRequests_NeverGet5xx_AndA4xxStoresNothing()
    {
        using var handler = new SocketsHttpHandler { AllowAutoRedirect = false, RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8 };
        using var client = new HttpClient(handler) { BaseAddress = api.Runner.Address, Timeout = TimeSpan.FromSeconds(30) };
        var property = Prop.ForAll(Arb.From(Requests(api.CompletedCase)), request => Task.Run(() => HoldsAsync(client, request)).GetAwaiter().GetResult());

        // Off the test's synchronisation context: each check blocks on its request.
        await Task.Run(() => Check.One(Config.QuickThrowOnFailure.WithMaxTest(s_runs).WithQuietOnSuccess(true), property));
    }

    private async Task<bool> HoldsAsync(HttpClient client, FuzzRequest fuzz)
    {
        var before = await api.CountStoredAsync();
        using var request = fuzz.ToMessage();
        using var response = await client.SendAsync(request);
        var status = (int)response.StatusCode;
        Assert.True(status < 500, $"{fuzz} → {status} {await response.Content.ReadAsStringAsync()}");
        if (status is >= 400 and < 500)
        {
            Assert.True(before == await api.CountStoredAsync(), $"{fuzz} → {status} changed the store");
        }

        return true;
    }

    /// <summary>One random request: what it calls, with what, as whom.</summary>
    public sealed record FuzzRequest(string Method, string Path, string? ContentType, string? Body, string? IdempotencyKey, string? AcceptLanguage, string? Accept, string? ApiKey)
    {
        public HttpRequestMessage ToMessage()
        {
            var message = new HttpRequestMessage(new HttpMethod(Method), Path);
            if (Body is not null)
            {
                message.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(Body));
                if (ContentType is not null)
                {
                    message.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
                }
            }

            foreach (var (name, value) in new[] { (IdempotencyKeys.HeaderName, IdempotencyKey), ("Accept-Language", AcceptLanguage), ("Accept", Accept), (ApiKeyAuthenticationHandler.HeaderName, ApiKey) })
            {
                if (value is not null)
                {
                    message.Headers.TryAddWithoutValidation(name, value);
                }
            }

            return message;
        }

        public override string ToString() =>
            $"{Method} {Path} [{ContentType}] key={IdempotencyKey?.Length.ToString(CultureInfo.InvariantCulture) ?? "-"} lang={AcceptLanguage} accept={Accept} auth={(ApiKey is null ? "-" : ApiKey[..Math.Min(ApiKey.Length, 14)])} body={Body?[..Math.Min(Body.Length, 300)]}";
    }

    private static Gen<FuzzRequest> Requests(string realCase)
    {
        var code = Gen.Frequency((3, Gen.Constant(realCase)), (1, Gen.Constant("NB20260101XXXXXX")), (2, Segment()));
        var step = Gen.Frequency((3, Gen.Elements("registration", "tax", "seal", "birthCertificate")), (1, Segment()));
        var bundle = Gen.Frequency((3, Gen.Elements("newborn", "retirement", "company-setup")), (1, Segment()));
        var action = Gen.Elements("retry", "correct", "skip", "complete");
        var number = Gen.OneOf(Gen.Choose(-5, 600).Select(n => n.ToString(CultureInfo.InvariantCulture)), Gen.Elements("", "x", "1.5", "99999999999", "%00"));

        var endpoint = Gen.OneOf(
            Gen.Constant(("POST", "/api/cases")),
            Triple(Gen.Elements("", "running", "completed", "sideways"), bundle, Pair(number, number))
                .Select(t => ("GET", $"/api/cases?status={t.Item1}&bundle={t.Item2}&page={t.Item3.Item1}&pageSize={t.Item3.Item2}")),
            code.Select(c => ("GET", $"/api/cases/{c}")),
            code.Select(c => ("GET", $"/api/cases/{c}/audit")),
            code.Select(c => ("POST", $"/api/cases/{c}/amend")),
            code.Select(c => ("POST", $"/api/cases/{c}/cancel")),
            Triple(code, step, action).Select(t => ("POST", $"/api/cases/{t.Item1}/steps/{t.Item2}/{t.Item3}")),
            Gen.Frequency((1, Gen.Constant("")), (2, Segment())).Select(s => ("GET", $"/api/tasks?system={s}")),
            Gen.Constant(("GET", "/api/bundles")),
            bundle.Select(b => ("GET", $"/api/bundles/{b}")),
            Pair(bundle, number).Select(t => ("GET", $"/api/bundles/{t.Item1}/versions/{t.Item2}")),
            Gen.Constant(("GET", "/api/systems")),
            Gen.Constant(("GET", "/schema/bundle.schema.json")),
            Triple(code, step, Segment()).Select(t => ("GET", $"/evidence/{t.Item1}/{t.Item2}/1/{t.Item3}")),
            Gen.Elements("../../rpa.db", "..%2F..%2Frpa.db", "%2e%2e/keys/data.key", "a/b/c/d/e/f").Select(p => ("GET", $"/evidence/{p}")),
            Gen.Constant(("GET", "/openapi/v1.json")),
            Gen.Constant(("GET", "/health")),
            Gen.Constant(("POST", "/account/signin")),
            Pair(Segment(), Gen.OneOf(Segment(), Gen.Elements("/\t/evil.example", "//evil", "/ok", "https://evil.example", "/\\evil", "%0d%0a")))
                .Select(t => ("GET", $"/account/language?code={t.Item1}&returnUrl={t.Item2}")));

        var body = Gen.Frequency(
            (5, JsonBodies().Select(n => (string?)n.ToJsonString())),
            (2, FormBodies()),
            (2, Text().Select(t => (string?)t)),
            (1, Gen.Elements<string?>(null, "", "null", "{", "{\"reason\": \"a\", \"reason\": \"b\"}", "{\"bundleId\": \"newborn\", \"bundleId\": \"newborn\"}", "\uFEFF{}")));
        var contentType = Gen.Elements<string?>(
            null, "application/json", "application/json; charset=utf-8", "application/json; charset=utf-16", "application/json; charset=nonsense",
            "application/json;;", "application/problem+json", "text/json", "text/plain", "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=zz", "application/xml", "", "a/b/c", "*/*", "application/json; charset=\"utf-8\"");
        var key = Gen.Frequency(
            (3, Gen.Constant<string?>(null)),
            (2, Gen.Elements<string?>("k-1", "k-2", "", " ", "\t", new string('k', 255), new string('k', 256), new string('k', 8000), "键", "a\u0001b")),
            (1, Text().Select(t => (string?)t)));
        var language = Gen.Elements<string?>(null, "en", "en-GB", "zh-CN", "zh-CN,zh;q=0.9,en;q=0.8", "", "*", "xx;q=abc", "\u00e9");
        var accept = Gen.Elements<string?>(null, "application/json", "text/html", "image/png", "*/*", "application/xml", "text/html;q=0.1, */*", "");
        string?[] apiKeys = [null, "not-a-key", "", .. RunnerFixture.Keys.Values, .. RunnerFixture.Keys.Values];
        var apiKey = Gen.Elements(apiKeys);

        return Triple(endpoint, Pair(body, contentType), Triple(key, language, Pair(accept, apiKey)))
            .Select(t => new FuzzRequest(t.Item1.Item1, t.Item1.Item2, t.Item2.Item2, t.Item2.Item1, t.Item3.Item1, t.Item3.Item2, t.Item3.Item3.Item1, t.Item3.Item3.Item2));
    }

    /// <summary>A route or query value: random text, escaped for a URL.</summary>
    private static Gen<string> Segment() => Text().Select(t => Uri.EscapeDataString(t.Length == 0 ? "x" : t));

    /// <summary>Short text with ASCII, Chinese, control characters and quotes.</summary>
    private static Gen<string> Text() =>
        Gen.ListOf(Gen.Elements("a", "Z", "0", "9", " ", "-", "_", ".", "/", "\\", "\"", "'", "<", ">", "{", "}", "[", "]", "%", "&", "=", "?", "#", "\t", "\n", "\u0000", "\u00e9", "王", "苏", "丽", "\uD83D\uDE00", "null", "true", "1e999", "-0"))
            .Select(parts => string.Concat(parts.Take(40)));

    /// <summary>JSON bodies: the shapes the endpoints read, with random values in their places, or random documents.</summary>
    private static Gen<JsonNode> JsonBodies()
    {
        var leaf = Gen.OneOf(
            Text().Select(t => (JsonNode?)JsonValue.Create(t)),
            Gen.Choose(int.MinValue, int.MaxValue).Select(n => (JsonNode?)JsonValue.Create(n)),
            Gen.Elements<JsonNode?>(null, JsonValue.Create(true), JsonValue.Create(1.5), JsonValue.Create(long.MaxValue), JsonValue.Create(decimal.MaxValue), JsonValue.Create(-0.0), JsonValue.Create(1e300)));
        var name = Gen.Elements("bundleId", "bundleVersion", "form", "reason", "values", "cascade", "mother", "child", "company", "name", "idNumber", "birthDate", "registeredCapital", "phone", "x", "");
        var shallow = Gen.ListOf(Pair(name, leaf)).Select(ps => (JsonNode?)Object(ps));
        var value = Gen.Frequency((4, leaf), (1, shallow), (1, Gen.ListOf(leaf).Select(xs => (JsonNode?)new JsonArray([.. xs.Take(5).Select(x => x?.DeepClone())]))));
        var section = Pair(Gen.Elements("mother", "father", "child", "household", "company", "legalRep", "contact", "retiree", "x"), Gen.ListOf(Pair(name, value)).Select(Object));
        var form = Gen.ListOf(section).Select(ss => (JsonNode)Object(ss.Select(s => (s.Item1, (JsonNode?)s.Item2))));

        return Gen.OneOf(
            Triple(Gen.Elements<JsonNode?>("newborn", "retirement", "company-setup", "nope", null, 5), Gen.Elements<JsonNode?>(null, 1, 2, 0, -1, "1", "abc", 1.5), form)
                .Select(t => (JsonNode)new JsonObject { ["bundleId"] = t.Item1?.DeepClone(), ["bundleVersion"] = t.Item2?.DeepClone(), ["form"] = t.Item3 }),
            Pair(Text(), form).Select(t => (JsonNode)new JsonObject { ["reason"] = t.Item1, ["form"] = t.Item2 }),
            Triple(value, Gen.ListOf(Pair(name, value)), Gen.Elements<JsonNode?>(null, true, false, "yes", 1))
                .Select(t => (JsonNode)new JsonObject { ["reason"] = t.Item1?.DeepClone(), ["values"] = Object(t.Item2), ["cascade"] = t.Item3?.DeepClone() }),
            Gen.ListOf(Pair(name, value)).Select(ps => (JsonNode)Object(ps)),
            value.Select(v => v ?? JsonValue.Create("null")!));
    }

    /// <summary>Form-urlencoded bodies with the sign-in fields and others, values escaped or not.</summary>
    private static Gen<string?> FormBodies() =>
        Gen.ListOf(Pair(Gen.Elements("name", "password", "returnUrl", "__RequestVerificationToken", "x", ""), Gen.Frequency((3, Segment()), (1, Text()))))
            .Select(ps => (string?)string.Join('&', ps.Take(8).Select(p => $"{p.Item1}={p.Item2}")));

    private static Gen<(TA, TB)> Pair<TA, TB>(Gen<TA> a, Gen<TB> b) => Gen.Zip(a, b, (x, y) => (x, y));

    private static Gen<(TA, TB, TC)> Triple<TA, TB, TC>(Gen<TA> a, Gen<TB> b, Gen<TC> c) => Gen.Zip(a, Pair(b, c), (x, yz) => (x, yz.Item1, yz.Item2));

    private static JsonObject Object(IEnumerable<(string Name, JsonNode? Value)> properties)
    {
        var obj = new JsonObject();
        foreach (var (name, value) in properties.Take(8))
        {
            obj[name] = value?.DeepClone();
        }

        return obj;
    }
}
