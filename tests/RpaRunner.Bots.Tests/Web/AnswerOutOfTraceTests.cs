using System.IO.Compression;
using System.Text.Json;
using Microsoft.Playwright;
using RpaRunner.Bots.Runtime;
using RpaRunner.Bots.Scripts;
using RpaRunner.Bots.Web;
using RpaRunner.Workflows.Model;

namespace RpaRunner.Bots.Tests.Web;

/// <summary>
/// A person's answer (an SMS code typed by the bot mid-step, ADR 0028) never reaches a failed attempt's Playwright trace:
/// the trace pauses around it, so the operator who opens the evidence sees what the bot did before and after, not the code.
/// </summary>
[Collection(SandboxBotCollection.Name)]
public sealed class AnswerOutOfTraceTests(SandboxBotFixture fixture)
{
    private const string Answer = "739214";
    private const string Typed = "王小明";

    [Fact]
    public async Task AnAnswerTypedMidStep_IsInNoPartOfTheFailedAttemptsTrace_WhileTheStepsAroundItAre()
    {
        var browser = await fixture.Browsers.GetAsync(CancellationToken.None);
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { Locale = "zh-CN" });
        using var trace = new AttemptTracing(context, AttemptTrace.Snapshots, "answer-out-of-trace");
        var page = await context.NewPageAsync();
        await page.SetContentAsync("""
            <label for="name">姓名</label><input id="name">
            <div id="smsPanel">已向经办人手机发送短信验证码</div>
            <label for="code">短信验证码</label><input id="code">
            <button id="ok" onclick="document.getElementById('done').hidden = false">确认</button>
            <p id="done" hidden>验证通过</p>
            """);
        var driver = new PlaywrightDriver(page, fixture.Sandbox.Systems.First(s => s.Kind == "web").BaseUrl, new SystemScript { System = "lab" }, TimeSpan.FromSeconds(3))
        {
            Unrecorded = trace.UnrecordedAsync,
        };
        var runner = new ScriptRunner(driver, TimeSpan.FromSeconds(3), ask: (_, _) => Task.FromResult(Answer));
        var script = JsonSerializer.Deserialize<BotScript>("""
            { "action": "lab.sms", "outputs": {}, "steps": [
              { "fill": [{ "css": "#name" }], "value": "王小明" },
              { "ask": [{ "css": "#smsPanel" }], "prompt": "sms", "into": [{ "css": "#code" }], "then": [{ "css": "#ok" }] },
              { "expect": [{ "css": "#done" }], "text": "验证通过" },
              { "click": [{ "css": "#notOnThisPage" }], "timeoutMs": 500 }
            ] }
            """, JsonDefaults.Options)!;
        var values = new ScriptValues(new Dictionary<string, string?>(), new Dictionary<string, string?> { ["key"] = "LAB-SMS" });

        await trace.StartAsync();
        await Assert.ThrowsAnyAsync<BotFailureException>(() => runner.RunAsync(script, values, _ => Task.CompletedTask, CancellationToken.None));
        var folder = Directory.CreateTempSubdirectory("rpa-evidence-").FullName;
        var saved = await trace.SaveAsync(folder);
        Assert.Equal(Answer, await page.InputValueAsync("#code"));
        Assert.Equal(["trace-1.zip", "trace.zip"], saved.Select(Path.GetFileName));
        var texts = saved.Select(ReadAll).ToList();
        Assert.All(texts, text => Assert.DoesNotContain(Answer, text, StringComparison.Ordinal));
        Assert.Contains(Typed, texts[0], StringComparison.Ordinal);
        Assert.Contains("#notOnThisPage", texts[1], StringComparison.Ordinal);
        Directory.Delete(folder, recursive: true);
    }

    private static string ReadAll(string zipPath)
    {
        using var zip = ZipFile.OpenRead(zipPath);
        return string.Concat(zip.Entries.Select(e =>
        {
            using var reader = new StreamReader(e.Open());
            return reader.ReadToEnd();
        }));
    }
}
