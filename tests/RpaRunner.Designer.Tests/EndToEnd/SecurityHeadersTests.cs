using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RpaRunner.Designer.Tests.TestSupport;
using RpaRunner.Runner.Demo;
using RpaRunner.Runner.Security;
using RpaRunner.Workflows.Engine;

namespace RpaRunner.Designer.Tests.EndToEnd;

/// <summary>
/// The UI works under its content security policy: every page, as each role, in a real Chromium, with no policy
/// violation and no error in the console; and the session ends for good on sign-out.
/// </summary>
[Collection(UiCollection.Name)]
public sealed class SecurityHeadersTests(UiRunnerFixture runner)
{
    /// <summary>Collects the policy's violations in the page (they are events, not exceptions) until the next navigation.</summary>
    private const string ViolationRecorder = """
        window.__cspViolations = [];
        document.addEventListener('securitypolicyviolation', e =>
            window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`));
        """;

    [Theory]
    [InlineData(Roles.Clerk)]
    [InlineData(Roles.Operator)]
    [InlineData(Roles.Designer)]
    [InlineData(Roles.Admin)]
    public async Task EveryPage_AsEachRole_RunsUnderThePolicy_WithoutViolationsOrConsoleErrors(string role)
    {
        var code = await runner.SubmitAsync("retirement", SampleApplications.For("retirement", 1, runner.Services.GetRequiredService<CaseEngine>().Today));
        var page = await runner.NewPageAsync();
        var problems = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                problems.Add($"console: {message.Text} ({message.Location}) on {page.Url}");
            }
        };
        page.PageError += (_, error) => problems.Add($"page error: {error}");
        await page.AddInitScriptAsync(ViolationRecorder);

        var signInPage = await page.GotoAsync("/account/signin");
        await AssertHeadersAsync(signInPage!);
        await RecordViolationsAsync(page, problems);
        await page.SignInAsync(role);

        var canDesign = role is Roles.Designer or Roles.Admin;
        foreach (var path in new[] { "/", "/hall", "/hall/newborn", $"/hall/cases/{code}", "/console", $"/console/cases/{code}", "/designer", "/designer/newborn" })
        {
            var response = await page.GotoAsync(path);
            await AssertHeadersAsync(response!);
            await page.WaitForInteractiveAsync();
            if (path == "/designer/newborn" && canDesign)
            {
                // The flowchart canvas (@antv/x6) draws its nodes, and one can be selected.
                await page.Locator("[data-testid=flowchart] [data-cell-id=household]").ClickAsync();
                await Assertions.Expect(page.Locator("[data-testid=step-properties][data-step=household]")).ToBeVisibleAsync();
            }

            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            await RecordViolationsAsync(page, problems, path);
        }

        await page.GotoAsync("/account/denied");
        await RecordViolationsAsync(page, problems, "/account/denied");

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task SignOut_FromTheMenu_EndsTheSession_ACopyOfTheCookieNoLongerOpensTheHall()
    {
        var page = await runner.NewPageAsync();
        await page.SignInAsync(Roles.Clerk, "/hall");
        var cookies = await page.Context.CookiesAsync();
        Assert.Contains(cookies, c => c.Name == "rpa.ui");

        var signOut = page.Locator("form[action='account/signout']");
        Assert.False(string.IsNullOrEmpty(await signOut.Locator("input[name=__RequestVerificationToken]").GetAttributeAsync("value")));
        await signOut.Locator("button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/account/signin", StringComparison.Ordinal));

        var copy = await runner.Browser!.NewContextAsync(new BrowserNewContextOptions { BaseURL = runner.Address.ToString() });
        await copy.AddCookiesAsync(cookies.Select(c => new Cookie { Name = c.Name, Value = c.Value, Domain = c.Domain, Path = c.Path }));
        var again = await copy.NewPageAsync();
        await again.GotoAsync("/hall");
        Assert.Contains("/account/signin", again.Url, StringComparison.Ordinal);
    }

    private static async Task AssertHeadersAsync(IResponse response)
    {
        var headers = await response.AllHeadersAsync();
        Assert.Equal("nosniff", headers["x-content-type-options"]);
        Assert.Equal("strict-origin-when-cross-origin", headers["referrer-policy"]);
        var csp = headers["content-security-policy"];
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
    }

    private static async Task RecordViolationsAsync(IPage page, List<string> problems, string? path = null)
    {
        var violations = await page.EvaluateAsync<string[]>("() => window.__cspViolations ?? []");
        problems.AddRange(violations.Select(v => $"{path ?? page.Url}: {v}"));
    }
}
