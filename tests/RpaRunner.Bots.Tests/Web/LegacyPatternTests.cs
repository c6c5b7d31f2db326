using System.Text.Json;
using Microsoft.Playwright;
using RpaRunner.Bots.Runtime;
using RpaRunner.Bots.Scripts;
using RpaRunner.Bots.Web;
using RpaRunner.Workflows.Model;

namespace RpaRunner.Bots.Tests.Web;

/// <summary>
/// The bot-script verbs for real legacy systems, in real Chromium against the sandbox's test-only /lab pages: each test runs
/// one script that needs several verbs (a form with a select by text, a textarea, an unnamed iframe, prompt and confirm, a
/// receipt number in a sentence, a pop-up; a results table; refusals; a login form at an unchanged address).
/// </summary>
[Collection(SandboxBotCollection.Name)]
public sealed class LegacyPatternTests(SandboxBotFixture fixture)
{
    private const string IdNumber = "430104199001011234";

    [Fact]
    public async Task LegacyForm_SelectByText_Textarea_UnnamedFrame_Prompt_Confirm_Popup_AndRegexOutput_AllWork()
    {
        var script = Script("""
        {
          "action": "lab.apply",
          "steps": [
            { "goto": "/lab/form" },
            { "fill": [{ "css": "#zjhm" }], "value": "{{inputs.idNumber}}" },
            { "select": [{ "label": "证件类型" }], "value": "{{inputs.idTypeName}}", "byText": true },
            { "fill": [{ "label": "备注" }], "value": "{{inputs.note}}" },
            { "click": [{ "css": "#add-note" }], "dialog": "accept", "prompt": "加急：{{key}}" },
            { "frame": [{ "css": "iframe[title='附加信息']" }] },
            { "fill": [{ "label": "联系电话" }], "value": "13800000000" },
            { "frame": ["top"] },
            { "click": [{ "css": "#submit" }], "dialog": "accept", "commit": true },
            { "click": [{ "role": "button", "name": "打印回执" }] },
            { "tab": "new" },
            { "expect": [{ "css": "#no" }], "text": "SL2026" },
            { "tab": "close" }
          ],
          "outputs": {
            "receiptNo": [{ "css": "#result", "extract": "受理号：(?<value>SL\\d+)" }],
            "idType": [{ "css": "#echo-zjlx" }],
            "note": [{ "css": "#echo-bz" }],
            "annotation": [{ "css": "#echo-jz" }],
            "phone": [{ "css": "#echo-lxdh" }]
          }
        }
        """);
        await using var lab = await LabAsync();

        var result = await lab.Runner.RunAsync(script, Values(new() { ["idNumber"] = IdNumber, ["idTypeName"] = "护照", ["note"] = "第一行\n第二行" }), _ => Task.CompletedTask, CancellationToken.None);

        Assert.Matches("^SL2026[0-9]{6}$", result.Outputs["receiptNo"]);
        Assert.Equal("02", result.Outputs["idType"]);
        Assert.Equal("第一行\n第二行", result.Outputs["note"]);
        Assert.Equal("加急：LAB-1", result.Outputs["annotation"]);
        Assert.Equal("13800000000", result.Outputs["phone"]);
        Assert.Empty(lab.Runner.Drift);
    }

    [Fact]
    public async Task ResultsTable_RowHoldingTheKey_PressEnter_AndConditionalStep_FindTheRecord()
    {
        await using var lab = await LabAsync();
        var values = Values(new(), key: "YW-2026-0042");

        await lab.Runner.RunStepsAsync("lab.find", "steps", Steps("""
        [
          { "goto": "/lab/results" },
          { "fill": [{ "css": "#q" }], "value": "{{key}}" },
          { "press": "Enter", "on": [{ "css": "#q" }] },
          { "expect": [{ "row": "{{key}}", "cell": 3 }], "text": "办理中" },
          { "click": [{ "css": "#no-such-button" }], "if": [{ "css": "#no-such-button" }] },
          { "click": [{ "row": "{{key}}", "role": "button", "name": "查看" }], "unless": [{ "row": "{{key}}", "cell": 3, "text": "已办结" }] },
          { "expect": [{ "css": "#no" }], "text": "{{key}}" }
        ]
        """), values, CancellationToken.None);

        Assert.Contains("/lab/detail?no=YW-2026-0042", lab.Driver.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refusals_DeclaredBanner_AlertTakenAsRefusal_UnexpectedDialog_AndAMissingTarget_SayWhatHappened()
    {
        await using var lab = await LabAsync();
        var values = Values(new() { ["idNumber"] = IdNumber });

        var banner = await Assert.ThrowsAsync<BusinessRuleException>(() => lab.Runner.RunStepsAsync("lab.apply", "steps", Steps("""
        [
          { "goto": "/lab/form" },
          { "fill": [{ "css": "#zjhm" }], "value": "{{inputs.idNumber}}" },
          { "fill": [{ "label": "备注" }], "value": "住址在辖区外" },
          { "click": [{ "css": "#submit" }], "dialog": "accept", "refuseWhen": [{ "css": ".refusal" }], "reason": "辖区不符" }
        ]
        """), values, CancellationToken.None));
        Assert.Equal("辖区不符：不予受理：申请人住址不在本辖区", banner.Message);

        var alert = await Assert.ThrowsAsync<BusinessRuleException>(() => lab.Runner.RunStepsAsync("lab.apply", "steps", Steps("""
        [
          { "goto": "/lab/form" },
          { "fill": [{ "css": "#zjhm" }], "value": "123" },
          { "click": [{ "css": "#submit" }], "dialog": "refuse" }
        ]
        """), values, CancellationToken.None));
        Assert.Equal("证件号码格式错误，请输入18位公民身份号码", alert.Message);

        var unexpected = await Assert.ThrowsAsync<NeedsPersonException>(() => lab.Runner.RunStepsAsync("lab.apply", "steps", Steps("""
        [ { "goto": "/lab/form" }, { "click": [{ "css": "#submit" }] } ]
        """), values, CancellationToken.None));
        Assert.Contains("未预期的对话框：证件号码格式错误", unexpected.Message, StringComparison.Ordinal);

        var missing = await Assert.ThrowsAsync<NeedsPersonException>(() => lab.Runner.RunStepsAsync("lab.apply", "steps", Steps("""
        [ { "goto": "/lab/form" }, { "fill": [{ "css": "#birthDate" }, { "label": "出生日期" }], "value": "2026-01-01", "timeoutMs": 300 } ]
        """), values, CancellationToken.None));
        Assert.StartsWith("lab.apply 第 2 步 fill 出生日期：未找到目标 css=#birthDate | label=出生日期 / lab.apply step 2 (fill 出生日期)", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoginFormAtAnUnchangedAddress_IsASessionExpiry_AndLoggingInClearsIt()
    {
        var system = JsonSerializer.Deserialize<SystemScript>("""
        {
          "system": "lab",
          "login": { "steps": [
            { "goto": "/lab/app" },
            { "fill": [{ "label": "用户名" }], "value": "{{username}}" },
            { "fill": [{ "label": "密码" }], "value": "{{password}}" },
            { "click": [{ "role": "button", "name": "登录" }] }
          ] },
          "loggedOutWhenVisible": [{ "css": "#loginForm" }]
        }
        """, JsonDefaults.Options)!;
        Assert.Empty(ScriptLibrary.Check(system));
        await using var lab = await LabAsync(system);
        var values = Values(new());

        var expired = await Assert.ThrowsAsync<SessionExpiredException>(() => lab.Runner.RunStepsAsync("lab.work", "steps", Steps("""[ { "goto": "/lab/app" } ]"""), values, CancellationToken.None));
        Assert.Contains("#loginForm", expired.Message, StringComparison.Ordinal);

        lab.Driver.LoggingIn = true;
        await lab.Runner.RunStepsAsync("lab", "login", system.Login!.Steps, values, CancellationToken.None);
        lab.Driver.LoggingIn = false;
        Assert.Null(await lab.Driver.ShowsLoginAsync(CancellationToken.None));
        await lab.Runner.RunStepsAsync("lab.work", "steps", Steps("""[ { "goto": "/lab/app" }, { "expect": [{ "css": "#welcome" }] } ]"""), values, CancellationToken.None);

        await Assert.ThrowsAsync<SessionExpiredException>(() => lab.Runner.RunStepsAsync("lab.work", "steps", Steps("""[ { "click": [{ "css": "#end" }] } ]"""), values, CancellationToken.None));
    }

    private static BotScript Script(string json)
    {
        Assert.Empty(ScriptLibrary.Validate(json));
        var script = JsonSerializer.Deserialize<BotScript>(json, JsonDefaults.Options)!;
        Assert.Empty(ScriptLibrary.Check(script));
        return script;
    }

    private static List<ScriptStep> Steps(string json) =>
        Script($$"""{ "action": "lab.steps", "steps": {{json}}, "outputs": {} }""").Steps;

    private static ScriptValues Values(Dictionary<string, string?> inputs, string key = "LAB-1") =>
        new(inputs, new Dictionary<string, string?> { ["key"] = key, ["username"] = "robot", ["password"] = "lab" });

    private async Task<Lab> LabAsync(SystemScript? system = null)
    {
        var browser = await fixture.Browsers.GetAsync(CancellationToken.None);
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { Locale = "zh-CN" });
        var page = await context.NewPageAsync();
        var driver = new PlaywrightDriver(page, fixture.Sandbox.Systems.First(s => s.Kind == "web").BaseUrl, system ?? new SystemScript { System = "lab" }, TimeSpan.FromSeconds(5));
        return new Lab(context, driver, new ScriptRunner(driver, TimeSpan.FromSeconds(3)));
    }

    private sealed record Lab(IBrowserContext Context, PlaywrightDriver Driver, ScriptRunner Runner) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => new(Context.CloseAsync());
    }
}
