using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using RpaRunner.Runner.Security;
using RpaRunner.Runner.Tests.TestSupport;
using RpaRunner.Workflows.Catalog;
using RpaRunner.Workflows.Forms;

namespace RpaRunner.Runner.Tests.Api;

/// <summary>
/// The public progress page: anonymous, answers with the bundle and each department's matter in plain words for the
/// right case code and last four digits of the applicant's mobile, and the same "not found" for a wrong pair as for
/// an unknown code; no personal data on it; a bad phone4 is told; too many queries from one address are 429.
/// </summary>
public sealed partial class ProgressPageTests(ApiRunner api) : IClassFixture<ApiRunner>
{
    [Fact]
    public async Task RightPair_WithoutSigningIn_ShowsTheBundleAndEachDepartmentsStatus()
    {
        var (phone4, _) = await ApplicantOfAsync();
        using var anonymous = api.Client(null);

        var response = await anonymous.GetAsync($"/progress?code={api.CompletedCase.ToLowerInvariant()}&phone4={phone4}");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/html", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        var bundle = BundleCatalog.LoadEmbedded().Find("company-setup")!;
        Assert.Contains(bundle.Name.Zh, html, StringComparison.Ordinal);
        foreach (var step in bundle.Steps)
        {
            Assert.Matches($"data-step=\"{step.Id}\"><td>{Regex.Escape(step.Department!)}</td><td>{Regex.Escape(step.Matter.Zh)}</td><td class=\"status\" data-status=\"(已办结|无需办理)\"", html);
        }

        Assert.Contains("已办结", html, StringComparison.Ordinal);
        Assert.Contains("承诺办结日期", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RightPair_ShowsNoPersonalDataNorAnyFormValue()
    {
        var (phone4, form) = await ApplicantOfAsync();
        using var anonymous = api.Client(null);

        var html = await anonymous.GetStringAsync($"/progress?code={api.CompletedCase}&phone4={phone4}");

        Assert.Contains("已办结", html, StringComparison.Ordinal);
        var values = form.AsObject().SelectMany(s => s.Value!.AsObject()).Select(f => f.Value?.ToString()).OfType<string>().Where(v => v.Length >= 5 || v.Any(c => c >= '\u4e00')).ToList();
        Assert.NotEmpty(values);
        Assert.All(values, v => Assert.DoesNotContain(v, html, StringComparison.Ordinal));
    }

    [Fact]
    public async Task WrongPhone4_ReadsExactlyLikeAnUnknownCode()
    {
        var (phone4, _) = await ApplicantOfAsync();
        var wrong = ((int.Parse(phone4, System.Globalization.CultureInfo.InvariantCulture) + 1) % 10000).ToString("D4", System.Globalization.CultureInfo.InvariantCulture);
        using var anonymous = api.Client(null);

        var wrongPair = await anonymous.GetAsync($"/progress?code={api.CompletedCase}&phone4={wrong}");
        var unknown = await anonymous.GetAsync($"/progress?code=ZZ20990101AAAAAA&phone4={phone4}");

        var wrongHtml = await wrongPair.Content.ReadAsStringAsync();
        var unknownHtml = await unknown.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.NotFound, wrongPair.StatusCode);
        Assert.Equal(unknown.StatusCode, wrongPair.StatusCode);
        Assert.Equal(unknownHtml.Replace("ZZ20990101AAAAAA", "CODE", StringComparison.Ordinal), wrongHtml.Replace(api.CompletedCase, "CODE", StringComparison.Ordinal));
        Assert.Contains("未查到该办件", wrongHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("已办结", wrongHtml, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("12a4")]
    [InlineData("123")]
    [InlineData("12345")]
    public async Task BadPhone4_IsAClearMessage(string phone4)
    {
        using var anonymous = api.Client(null);

        var response = await anonymous.GetAsync($"/progress?code={api.CompletedCase}&phone4={phone4}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("手机号码后四位应为 4 位数字", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MoreQueriesThanTheLimit_FromOneAddress_Are429InChinese()
    {
        await using var runner = await RunnerFixture.StartAsync(null, "--Progress:PermitsPerMinute=3");
        using var anonymous = runner.Client(null);

        for (var i = 0; i < 3; i++)
        {
            var allowed = await anonymous.GetAsync("/progress?code=ZZ20990101AAAAAA&phone4=1234");
            Assert.Equal(HttpStatusCode.NotFound, allowed.StatusCode);
        }

        var refused = await anonymous.GetAsync("/progress?code=ZZ20990101AAAAAA&phone4=1234");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("查询过于频繁", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>The last four digits of the completed case's applicant mobile, and its form (read as an admin).</summary>
    private async Task<(string Phone4, JsonNode Form)> ApplicantOfAsync()
    {
        using var admin = api.Client(Roles.Admin);
        var view = (await admin.GetFromJsonAsync<JsonNode>($"/api/cases/{api.CompletedCase}"))!;
        var form = view["form"]!;
        var path = ApplicantFields.PhonePath(BundleCatalog.LoadEmbedded().Find("company-setup")!.Form)!.Split('.');
        var phone = form[path[0]]![path[1]]!.GetValue<string>();
        return (phone[^4..], form);
    }
}
