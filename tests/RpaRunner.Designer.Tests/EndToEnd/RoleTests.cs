using Microsoft.Playwright;
using System.Net;
using RpaRunner.Designer.Tests.TestSupport;
using RpaRunner.Runner.Security;

namespace RpaRunner.Designer.Tests.EndToEnd;

[Collection(UiCollection.Name)]
public sealed class RoleTests(UiRunnerFixture runner)
{
    [Theory]
    [InlineData("/hall")]
    [InlineData("/console")]
    [InlineData("/designer")]
    public async Task Page_Anonymous_RedirectsToSignIn(string path)
    {
        using var client = runner.Client(role: null);

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/signin", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_WithoutKey_AnswersUnauthorizedInsteadOfRedirecting()
    {
        using var client = runner.Client(role: null);

        var response = await client.GetAsync("/api/cases");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Api_WithKey_StillWorks()
    {
        using var client = runner.Client(Roles.Operator);

        var response = await client.GetAsync("/api/tasks");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task SignIn_WrongPassword_ShowsAnErrorAndStaysOut()
    {
        var page = await runner.NewPageAsync();
        await page.GotoAsync("/account/signin");
        await page.DocumentAsync("signin");
        await page.FillAsync("#name", "clerk1");
        await page.FillAsync("#password", "not-the-password");
        await page.ClickAsync("button[type=submit]");

        await page.Locator("[data-testid=signin-error]").WaitForAsync();
        Assert.Contains("/account/signin", page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_FiveWrongPasswordsInARow_LockTheNameOut()
    {
        var page = await runner.NewPageAsync();
        for (var attempt = 1; attempt <= 6; attempt++)
        {
            await page.GotoAsync("/account/signin");
            await page.FillAsync("#name", "guessing-clerk");
            await page.FillAsync("#password", $"guess-{attempt}");
            await page.ClickAsync("button[type=submit]");
            var error = page.Locator("[data-testid=signin-error]");
            await error.WaitForAsync();
            var text = await error.InnerTextAsync();
            if (attempt < 5)
            {
                Assert.DoesNotContain("锁定", text, StringComparison.Ordinal);
            }
            else
            {
                Assert.Contains("锁定", text, StringComparison.Ordinal);
                Assert.Contains("error=locked", page.Url, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task Clerk_CannotOpenTheDesignerOrTheConsole()
    {
        var page = await runner.NewPageAsync();
        await page.SignInAsync(Roles.Clerk);

        await page.GotoAsync("/designer");
        await page.Locator("[data-testid=access-denied]").WaitForAsync();
        Assert.Contains("/account/denied", page.Url, StringComparison.Ordinal);

        await page.GotoAsync("/console");
        await page.Locator("[data-testid=access-denied]").WaitForAsync();

        // Nor does the menu offer them.
        await page.OpenAsync("/hall");
        Assert.Equal(0, await page.Locator("a[href='/console']").CountAsync());
        Assert.Equal(0, await page.Locator("a[href='/designer']").CountAsync());
    }

    [Fact]
    public async Task Operator_CannotOpenTheHall_ButAdminOpensEverything()
    {
        var page = await runner.NewPageAsync();
        await page.SignInAsync(Roles.Operator);
        await page.GotoAsync("/hall");
        await page.Locator("[data-testid=access-denied]").WaitForAsync();

        var admin = await runner.NewPageAsync();
        await admin.SignInAsync(Roles.Admin);
        foreach (var path in new[] { "/hall", "/console", "/designer" })
        {
            await admin.OpenAsync(path);
            Assert.Equal(0, await admin.Locator("[data-testid=access-denied]").CountAsync());
        }
    }

    [Fact]
    public async Task LanguageSwitch_ShowsEnglishAndBack()
    {
        var page = await runner.NewPageAsync();
        await page.SignInAsync(Roles.Clerk, "/hall");

        // Each switch reloads the page; on a loaded machine the circuit takes a while to come back.
        var slow = new LocatorWaitForOptions { Timeout = 60_000 };
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await page.ClickAsync("[data-testid=language-switch]");
        await page.WaitForInteractiveAsync();
        await page.GetByText("Hall · choose a bundle").WaitForAsync(slow);

        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await page.ClickAsync("[data-testid=language-switch]");
        await page.WaitForInteractiveAsync();
        await page.GetByText("受理大厅 · 选择一件事").WaitForAsync(slow);
    }
}
