using Microsoft.Playwright;

namespace RpaRunner.Designer.Tests.TestSupport;

public static class PageExtensions
{
    /// <summary>Signs in through the sign-in form and waits for the first page to answer clicks.</summary>
    public static async Task SignInAsync(this IPage page, string role, string returnUrl = "/")
    {
        await page.GotoAsync($"/account/signin?returnUrl={Uri.EscapeDataString(returnUrl)}");
        await page.FillAsync("#name", $"{role}1");
        await page.FillAsync("#password", UiRunnerFixture.Passwords[role]);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(url => !url.Contains("/account/signin", StringComparison.Ordinal));
        await page.WaitForInteractiveAsync();
    }

    /// <summary>Opens a page and waits until Blazor's circuit is connected (before that, clicks are lost).</summary>
    public static async Task OpenAsync(this IPage page, string path)
    {
        await page.GotoAsync(path);
        await page.WaitForInteractiveAsync();
    }

    public static Task WaitForInteractiveAsync(this IPage page) =>
        page.Locator("[data-testid=interactive]").WaitForAsync(new() { State = WaitForSelectorState.Attached });

    /// <summary>
    /// Chooses a file in a Blazor file input once Blazor listens to it. The input is in the page a moment before
    /// Blazor's InputFile script hooks its change event (a separate round trip after the render); a file chosen
    /// in that moment is lost without a trace, as it would be for a person who clicked that fast.
    /// </summary>
    public static async Task ChooseFileAsync(this ILocator input, FilePayload file)
    {
        await input.Page.WaitForFunctionAsync(
            "input => input !== null && input._blazorInputFileNextFileId !== undefined",
            await input.ElementHandleAsync());
        await input.SetInputFilesAsync(file);
    }

    /// <summary>
    /// Saves a screenshot for docs/ui when RPA_UI_SCREENSHOTS names a folder (the committed pictures are made
    /// that way); otherwise does nothing, so ordinary test runs write no files.
    /// </summary>
    public static async Task DocumentAsync(this IPage page, string name)
    {
        var folder = Environment.GetEnvironmentVariable("RPA_UI_SCREENSHOTS");
        if (string.IsNullOrEmpty(folder))
        {
            return;
        }

        Directory.CreateDirectory(folder);
        await page.EvaluateAsync("window.scrollTo(0, 0)"); // the app bar is fixed: a scrolled page pictures it mid-page
        await page.WaitForTimeoutAsync(400); // let MudBlazor's transitions settle
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, name + ".png"), FullPage = true });
    }

    /// <summary>Saves a screenshot of one part of the page for docs/ui, as <see cref="DocumentAsync(IPage, string)"/> does for a page.</summary>
    public static async Task DocumentAsync(this ILocator part, string name)
    {
        var folder = Environment.GetEnvironmentVariable("RPA_UI_SCREENSHOTS");
        if (string.IsNullOrEmpty(folder))
        {
            return;
        }

        Directory.CreateDirectory(folder);
        await part.Page.WaitForTimeoutAsync(400);
        await part.ScreenshotAsync(new() { Path = Path.Combine(folder, name + ".png") });
    }

    /// <summary>Chooses an option of a MudSelect inside the element matched by <paramref name="container"/>.</summary>
    public static async Task ChooseAsync(this IPage page, string container, string optionText)
    {
        await page.Locator($"{container} .mud-input-control").First.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").GetByText(optionText, new() { Exact = true }).ClickAsync();
        await page.Locator(".mud-popover-open").WaitForAsync(new() { State = WaitForSelectorState.Detached });
    }
}
