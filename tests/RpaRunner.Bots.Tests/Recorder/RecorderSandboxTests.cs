using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RpaRunner.Bots.Desktop;
using RpaRunner.Bots.Recorder;
using RpaRunner.Bots.Runtime;
using RpaRunner.Bots.Scripts;
using RpaRunner.Bots.Tests.Web;
using RpaRunner.Bots.Web;
using RpaRunner.Workflows.Catalog;
using Xunit.Abstractions;

namespace RpaRunner.Bots.Tests.Recorder;

/// <summary>
/// A designer records 参保缴费年限核定 on the sandbox's 人社 system in a headed Chromium under Xvfb, driving the recorder's
/// window as a person would; the recorded draft is then run by the web bot with other values and enters the record once.
/// </summary>
[Collection(SandboxBotCollection.Name)]
public sealed class RecorderSandboxTests(SandboxBotFixture fixture, ITestOutputHelper output)
{
    private const string Action = "renshe.certifyContributions";

    [Fact]
    public async Task RecordedInTheWindow_ThenReplayedByTheBot_EntersTheRecordOnce_AndReadsItsOutputs()
    {
        await using var desktop = await DesktopSession.StartAsync();
        var renshe = fixture.Sandbox.Systems.First(s => s.Id == "renshe");
        var systems = fixture.Services.GetRequiredService<SystemCatalog>();
        var people = fixture.Sandbox.Population.WithRole("retiree").ToList();
        var (recorded, replayed) = (people[^1], people[^2]);
        var recordingKey = NewKey();

        await using var session = await RecorderSession.StartAsync(new RecorderOptions
        {
            Action = systems.FindAction(Action)!,
            System = fixture.Scripts.FindSystem("renshe")!,
            BaseUrl = renshe.BaseUrl,
            StartUrl = "/biz/certifyContributions",
            Username = renshe.RobotUsername,
            Password = renshe.RobotPassword,
            Display = desktop.Display,
        });
        var page = session.Page;

        // The matter, once: type, confirm each field's input in the recorder's panel, submit.
        await page.FillAsync("#externalNo", recordingKey);
        await page.FillAsync("#idNumber", recorded.IdNumber);
        await page.FillAsync("#name", recorded.Name);
        await page.PressAsync("#name", "Tab");
        Assert.Equal("key", await Pick(page, "综窗受理编号").InputValueAsync());
        Assert.Equal("inputs.idNumber", await Pick(page, "公民身份号码").InputValueAsync());
        Assert.Equal("inputs.name", await Pick(page, "姓名").InputValueAsync());

        // The designer may pick another value for a field; here the panel's own pick is confirmed as a designer would.
        await Pick(page, "姓名").SelectOptionAsync("inputs.name");
        await page.ClickAsync("#btnSubmit");
        await page.ClickAsync("#btnOk");
        await page.Locator("#out_contributionProofNo").WaitForAsync();

        // The result page: mark both outputs.
        await Toolbar(page, "标记输出").ClickAsync();
        await page.ClickAsync("#out_contributionProofNo");
        await Toolbar(page, "标记输出").ClickAsync();
        await page.ClickAsync("#out_contributionMonths");
        Assert.Equal("contributionProofNo", await OutputPick(page, "参保缴费证明编号").InputValueAsync());
        Assert.Equal("contributionMonths", await OutputPick(page, "累计缴费月数").InputValueAsync());
        var screenshot = Path.Combine(AppContext.BaseDirectory, "recorder-window.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot });
        output.WriteLine($"recorder window: {screenshot}");

        // Then the search by the key, as the system's search page offers it: the record just entered is found and opened.
        await Toolbar(page, "录制查询").ClickAsync();
        await page.GotoAsync(new Uri(renshe.BaseUrl, "/search").ToString());
        await page.GetByLabel("综窗受理编号").FillAsync(recordingKey);
        await page.GetByLabel("业务类型").SelectOptionAsync(Action);
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "查询", Exact = true }).ClickAsync();
        Assert.Equal("action", await Pick(page, "业务类型").InputValueAsync());
        await Toolbar(page, "标记已找到").ClickAsync();
        await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "查看", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "查看", Exact = true }).ClickAsync();
        await page.Locator(".result-ok").WaitForAsync();
        await Toolbar(page, "完成").ClickAsync();
        var script = await session.Finished.WaitAsync(TimeSpan.FromSeconds(10));

        var draft = RecordedDraft.Of("renshe", script, systems);
        var folder = Directory.CreateTempSubdirectory("rpa-recorded-").FullName;
        var saved = await new RecordedScriptFileSink(Path.Combine(folder, "renshe", "certifyContributions.json")).SaveAsync(draft, CancellationToken.None);
        output.WriteLine(draft.Json);
        Assert.Empty(draft.Problems);
        Assert.Equal(draft.Json, await File.ReadAllTextAsync(saved));
        Assert.False(File.Exists(saved + ".problems.txt"));
        Assert.Equal("/biz/certifyContributions", script.Steps[0].Goto);

        // The recorder's own toolbar (标记输出, 录制查询, 完成) never became a step: only what was done on the system's pages.
        Assert.Equal(["goto", "fill", "fill", "fill", "click", "click"], script.Steps.Select(s => s.Verb));

        // The search: its address, the key and the kind typed and picked (in the order the page reported them), then 查询.
        var search = script.SearchBeforeCreate!.Steps.Select(s => s.Verb).ToList();
        Assert.Equal(["goto", "fill", "select", "click"], [search[0], .. search[1..3].Order(StringComparer.Ordinal), search[3]]);
        Assert.Equal(["{{key}}", "{{inputs.idNumber}}", "{{inputs.name}}"], script.Steps.Where(s => s.Fill is not null).Select(s => s.Value));
        Assert.Equal("#idNumber", script.Steps[2].Fill![0].Css);
        Assert.Equal("公民身份号码", script.Steps[2].Fill![1].Label);
        Assert.Equal("#btnOk", script.Steps[script.CommitIndex].Click![0].Css);
        Assert.Equal(1, await fixture.CountAsync("renshe", recordingKey));

        // The bot runs the draft (the folder overrides the shipped script) with another person and another key.
        var library = ScriptLibrary.Load(folder);
        Assert.Contains("录制", library.FindAction(Action)!.Description, StringComparison.Ordinal);
        var bot = ActivatorUtilities.CreateInstance<WebBotAction>(fixture.Services, library);
        var key = NewKey();
        var inputs = new Dictionary<string, string?> { ["idNumber"] = replayed.IdNumber, ["name"] = replayed.Name };
        var first = await bot.RunAsync(new BotStepContext(SandboxBotFixture.Step(Action, key, inputs), "test-worker", _ => Task.CompletedTask), CancellationToken.None);
        Assert.False(first.FoundExisting);
        Assert.StartsWith("JF", first.Outputs["contributionProofNo"], StringComparison.Ordinal);
        Assert.True(int.TryParse(first.Outputs["contributionMonths"], out _), first.Outputs["contributionMonths"]);

        // Run again (a retry after an unknown outcome): the recorded search finds the record instead of entering a second.
        var again = await bot.RunAsync(new BotStepContext(SandboxBotFixture.Step(Action, key, inputs, attempt: 2), "test-worker", _ => Task.CompletedTask), CancellationToken.None);
        Assert.True(again.FoundExisting);
        Assert.Equal(first.Outputs["contributionProofNo"], again.Outputs["contributionProofNo"]);
        Assert.Equal(1, await fixture.CountAsync("renshe", key));
        var record = Assert.Single(await fixture.RecordsAsync("renshe", key));
        Assert.Contains(replayed.IdNumber, record!.ToJsonString(), StringComparison.Ordinal);
        Directory.Delete(folder, recursive: true);
    }

    private static ILocator Toolbar(IPage page, string label) => page.Locator("#rpa-recorder button", new PageLocatorOptions { HasText = label });

    /// <summary>The placeholder pick of the panel's row for a field (the last recorded one with that label).</summary>
    private static ILocator Pick(IPage page, string field) => page.Locator($"#rpa-recorder .entry[data-field=\"{field}\"] select").Last;

    private static ILocator OutputPick(IPage page, string field) => page.Locator($"#rpa-recorder .entry[data-kind=\"output\"][data-field=\"{field}\"] select");

    private static string NewKey() => $"CS20261201{Guid.NewGuid().ToString("N")[..6].ToUpperInvariant()}:jf";
}
