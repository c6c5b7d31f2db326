using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using RpaRunner.Sandbox.Licences;
using RpaRunner.Sandbox.Tests.Infrastructure;

namespace RpaRunner.Sandbox.Tests.Licences;

/// <summary>The 电子证照库: signed calls only, a licence by holder and type with its PDF and SHA-256, 404 when not issued, 卫健's deposits.</summary>
public class LicenceLibraryTests(SandboxFixture f) : IClassFixture<SandboxFixture>
{
    private const string BirthType = LicenceLibrary.BirthCertificateType;

    [Fact]
    public async Task Search_UnsignedWrongSecretOrStaleTimestamp_Is401()
    {
        var mother = Samples.Mother(f, 0);
        var query = $"api/licences?holderIdNumber={mother.IdNumber}&licenceType={BirthType}";
        using var http = new HttpClient { BaseAddress = f.Host.LicenceLibraryUrl };

        using var unsigned = await http.GetAsync(query);
        using var wrongSecret = await http.SendAsync(Signed(query, f.Host.Licences.AppKey, "not-the-secret"));
        using var wrongKey = await http.SendAsync(Signed(query, "someone-else", f.Host.Licences.AppSecret));
        using var stale = await http.SendAsync(Signed(query, f.Host.Licences.AppKey, f.Host.Licences.AppSecret, DateTimeOffset.UtcNow.AddMinutes(-10)));
        using var signed = await http.SendAsync(Signed(query, f.Host.Licences.AppKey, f.Host.Licences.AppSecret));

        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongSecret.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, stale.StatusCode);
        Assert.Equal("auth.invalid", (await unsigned.Content.ReadFromJsonAsync<JsonObject>())!["code"]!.GetValue<string>());
        Assert.NotEqual(HttpStatusCode.Unauthorized, signed.StatusCode);
    }

    [Fact]
    public async Task Search_NotIssued_Is404WithCode()
    {
        var mother = Samples.Mother(f, 1);
        using var http = new HttpClient { BaseAddress = f.Host.LicenceLibraryUrl };

        using var response = await http.SendAsync(Signed($"api/licences?holderIdNumber={mother.IdNumber}&licenceType={BirthType}"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("licence.not-issued", (await response.Content.ReadFromJsonAsync<JsonObject>())!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task HospitalIssues_LibraryServesMetadataAndDocumentWithItsSha256()
    {
        var mother = Samples.Mother(f, 2);
        var (issued, error) = await f.Host.HospitalIssuesBirthCertificateAsync(Samples.BirthCertificate(mother, Samples.Father(f, mother), "龙小图", sex: "2", birthDate: "2026-10-08"));
        Assert.True(issued is not null, error);
        using var http = new HttpClient { BaseAddress = f.Host.LicenceLibraryUrl };

        using var search = await http.SendAsync(Signed($"api/licences?holderIdNumber={mother.IdNumber}&licenceType={BirthType}"));
        var licence = (await search.Content.ReadFromJsonAsync<JsonObject>())!["licences"]!.AsArray().Single()!.AsObject();
        using var document = await http.SendAsync(Signed(licence["documentUrl"]!.GetValue<string>()));
        var bytes = await document.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, search.StatusCode);
        Assert.Matches("^[A-Z][0-9]{9}$", licence["licenceNo"]!.GetValue<string>());
        Assert.Equal(issued!.LicenceNo, licence["licenceNo"]!.GetValue<string>());
        Assert.Equal("出生医学证明", licence["licenceTypeName"]!.GetValue<string>());
        Assert.Equal(mother.Name, licence["holderName"]!.GetValue<string>());
        Assert.Equal("龙小图", licence["childName"]!.GetValue<string>());
        Assert.Equal("2026-10-08", licence["childBirthDate"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(licence["issuer"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
        Assert.Equal("application/pdf", document.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("%PDF-", Encoding.ASCII.GetString(bytes, 0, 5), StringComparison.Ordinal);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        Assert.Equal(licence["sha256"]!.GetValue<string>(), sha256);
        Assert.Equal(sha256, document.Headers.GetValues("X-Content-SHA256").Single());
    }

    [Fact]
    public async Task WeijianIssuingAtItsWindow_DepositsTheCertificate()
    {
        var mother = Samples.Mother(f, 3);
        using var weijian = await f.LoggedInAsync("weijian");

        var certificate = await weijian.SubmitAsync("weijian.issueBirthCertificate", Samples.BirthCertificate(mother, Samples.Father(f, mother), "龙小卷"), Samples.UniqueKey("birthCertificate"));

        Assert.True(certificate.Accepted, certificate.Error);
        var held = f.Host.Licences.Find(mother.IdNumber, BirthType);
        Assert.Equal(certificate.Output("birthCertificateNo"), Assert.Single(held).LicenceNo);
    }

    [Fact]
    public async Task Down_Is503_AndInspectionListsWhatWasServedWithTheHolderMasked()
    {
        var mother = Samples.Mother(f, 4);
        using var http = new HttpClient { BaseAddress = f.Host.LicenceLibraryUrl };
        using var inspection = f.Inspection();

        using var down = await inspection.PostAsync("licences/down?seconds=60", null);
        using var refused = await http.SendAsync(Signed($"api/licences?holderIdNumber={mother.IdNumber}&licenceType={BirthType}"));
        using var up = await inspection.PostAsync("licences/down?seconds=0", null);
        using var answered = await http.SendAsync(Signed($"api/licences?holderIdNumber={mother.IdNumber}&licenceType={BirthType}"));
        var served = (await inspection.GetFromJsonAsync<JsonArray>("licences/served"))!.Select(s => s!.AsObject())
            .Where(s => s["holder"]?.GetValue<string>() == mother.IdNumber[..6] + "********" + mother.IdNumber[14..]).ToList();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, answered.StatusCode);
        Assert.Equal([503, 404], served.Select(s => s["status"]!.GetValue<int>()));
        Assert.All(served, s => Assert.Equal(f.Host.Licences.AppKey, s["appKey"]!.GetValue<string>()));
    }

    private HttpRequestMessage Signed(string relative) => Signed(relative, f.Host.Licences.AppKey, f.Host.Licences.AppSecret);

    private HttpRequestMessage Signed(string relative, string key, string secret, DateTimeOffset? at = null)
    {
        var url = new Uri(f.Host.LicenceLibraryUrl, relative);
        var timestamp = (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("X-App-Key", key);
        request.Headers.Add("X-Timestamp", timestamp);
        request.Headers.Add("X-Signature", Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"GET\n{url.PathAndQuery}\n{timestamp}"))));
        return request;
    }
}
