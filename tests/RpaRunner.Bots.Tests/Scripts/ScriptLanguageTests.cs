using System.Text.Json;
using RpaRunner.Bots.Runtime;
using RpaRunner.Bots.Scripts;
using RpaRunner.Workflows.Catalog;
using RpaRunner.Workflows.Model;

namespace RpaRunner.Bots.Tests.Scripts;

/// <summary>The bot-script language on a recording driver: placeholders in targets, conditions, declared refusals, regex outputs, dialogs, step-naming failures, and the checks at load.</summary>
public sealed class ScriptLanguageTests
{
    /// <summary>Records what the runner asked; shows the targets whose css is in <see cref="Shown"/> with <see cref="Text"/>.</summary>
    private sealed class RecordingDriver : IScriptDriver
    {
        public HashSet<string> Shown { get; } = [];

        public string Text { get; set; } = string.Empty;

        public string? Dialog { get; set; }

        public List<string> Calls { get; } = [];

        public Task GotoAsync(string address, CancellationToken cancellationToken) => Record($"goto {address}");

        public Task<int> FillAsync(IReadOnlyList<Target> targets, string value, TimeSpan timeout, CancellationToken cancellationToken) => Act("fill", targets, value);

        public Task<int> SelectAsync(IReadOnlyList<Target> targets, string value, TimeSpan timeout, CancellationToken cancellationToken) => Act("select", targets, value);

        public Task<int> SelectTextAsync(IReadOnlyList<Target> targets, string text, TimeSpan timeout, CancellationToken cancellationToken) => Act("selectText", targets, text);

        public Task<int> SetDateAsync(IReadOnlyList<Target> targets, string value, TimeSpan timeout, CancellationToken cancellationToken) => Act("date", targets, value);

        public Task<int> CheckAsync(IReadOnlyList<Target> targets, TimeSpan timeout, CancellationToken cancellationToken) => Act("check", targets, string.Empty);

        public Task<int> ClickAsync(IReadOnlyList<Target> targets, TimeSpan timeout, CancellationToken cancellationToken) => Act("click", targets, string.Empty);

        public Task<int> PressAsync(IReadOnlyList<Target>? targets, string key, TimeSpan timeout, CancellationToken cancellationToken) => Act("press", targets ?? [], key);

        public Task<int> WaitForAsync(IReadOnlyList<Target> targets, TimeSpan timeout, CancellationToken cancellationToken) => Task.FromResult(IndexShown(targets));

        public Task<(string? Text, int Index)> ReadAsync(IReadOnlyList<Target> targets, TimeSpan timeout, CancellationToken cancellationToken) =>
            Task.FromResult(IndexShown(targets) is >= 0 and var i ? ((string?)Text, i) : (null, -1));

        public Task FrameAsync(IReadOnlyList<string> names, CancellationToken cancellationToken) => Record($"frame {string.Join(",", names)}");

        public void ExpectDialog(DialogAnswer answer) => Calls.Add($"dialog accept={answer.Accept} prompt={answer.PromptText}");

        public Task<string?> TakeDialogAsync(TimeSpan wait, CancellationToken cancellationToken) => Task.FromResult(Dialog);

        public Task<bool> WaitForEndingAsync(CommitEnding ending, TimeSpan timeout, CancellationToken cancellationToken) => Task.FromResult(true);

        public Task CheckHealthAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        private int IndexShown(IReadOnlyList<Target> targets) => targets.ToList().FindIndex(t => t.Css is { } css && Shown.Contains(css));

        private Task Record(string call)
        {
            Calls.Add(call);
            return Task.CompletedTask;
        }

        private Task<int> Act(string verb, IReadOnlyList<Target> targets, string value)
        {
            var index = IndexShown(targets);
            if (index < 0)
            {
                throw new TargetNotFoundException($"none of [{string.Join(" | ", targets)}] found");
            }

            Calls.Add($"{verb} {targets[index]} {value}".TrimEnd());
            return Task.FromResult(index);
        }
    }

    private static readonly ScriptValues s_values = new(
        new Dictionary<string, string?> { ["name"] = "张三", ["idType"] = "护照" },
        new Dictionary<string, string?> { ["key"] = "CS1:step", ["caseCode"] = "CS1" });

    [Fact]
    public async Task Targets_TakePlaceholders_AndRegexPatternsGetTheValueEscaped()
    {
        var driver = new RecordingDriver { Shown = { "tr.k-CS1:step" } };
        var steps = Steps("""[ { "click": [{ "css": "tr.k-{{key}}", "row": "{{key}}", "pattern": "^{{caseCode}}.", "within": { "label": "{{inputs.name}}" } }] } ]""");

        await new ScriptRunner(driver, TimeSpan.FromMilliseconds(10)).RunStepsAsync("x.find", "steps", steps, s_values, CancellationToken.None);

        Assert.Equal(["click label=张三 » css=tr.k-CS1:step pattern=^CS1. row=CS1:step"], driver.Calls);
    }

    [Fact]
    public async Task IfAndUnless_SkipTheStep_WhenTheirConditionDoesNotHold()
    {
        var driver = new RecordingDriver { Shown = { "#a", "#notice" } };
        var steps = Steps("""
        [
          { "click": [{ "css": "#a" }], "if": [{ "css": "#notice" }] },
          { "click": [{ "css": "#b" }], "if": [{ "css": "#absent" }] },
          { "click": [{ "css": "#c" }], "unless": [{ "css": "#notice" }] },
          { "select": [{ "css": "#a" }], "value": "{{inputs.idType}}", "byText": true }
        ]
        """);

        await new ScriptRunner(driver, TimeSpan.FromMilliseconds(10)).RunStepsAsync("x.act", "steps", steps, s_values, CancellationToken.None);

        Assert.Equal(["click css=#a", "selectText css=#a 护照"], driver.Calls);
    }

    [Fact]
    public async Task DeclaredRefusal_ThatShows_FailsTheStep_AsTheSystemsRefusal_WithTheReasonAndTheText()
    {
        var driver = new RecordingDriver { Shown = { "#submit", ".banner" }, Text = "地址不在本辖区 " };
        var steps = Steps("""[ { "click": [{ "css": "#submit" }], "refuseWhen": [{ "css": ".banner" }], "reason": "不予受理" } ]""");

        var refused = await Assert.ThrowsAsync<BusinessRuleException>(() => new ScriptRunner(driver, TimeSpan.FromMilliseconds(10)).RunStepsAsync("x.act", "steps", steps, s_values, CancellationToken.None));

        Assert.Equal("不予受理：地址不在本辖区", refused.Message);
    }

    [Fact]
    public async Task Dialog_IsAnsweredAsTheStepSays_ARefuseDialogIsARefusal_AndAMissingDialogGoesToAPerson()
    {
        var driver = new RecordingDriver { Shown = { "#go" }, Dialog = "证件号码格式错误" };
        var runner = new ScriptRunner(driver, TimeSpan.FromMilliseconds(10));

        await runner.RunStepsAsync("x.act", "steps", Steps("""[ { "click": [{ "css": "#go" }], "dialog": "accept", "prompt": "{{caseCode}}" } ]"""), s_values, CancellationToken.None);
        var refused = await Assert.ThrowsAsync<BusinessRuleException>(() => runner.RunStepsAsync("x.act", "steps", Steps("""[ { "click": [{ "css": "#go" }], "dialog": "refuse" } ]"""), s_values, CancellationToken.None));
        driver.Dialog = null;
        var missing = await Assert.ThrowsAsync<NeedsPersonException>(() => runner.RunStepsAsync("x.act", "steps", Steps("""[ { "click": [{ "css": "#go" }], "dialog": "dismiss" } ]"""), s_values, CancellationToken.None));

        Assert.Equal("dialog accept=True prompt=CS1", driver.Calls[0]);
        Assert.Equal("证件号码格式错误", refused.Message);
        Assert.Contains("第 1 步 click", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Output_WithExtract_IsCutOutOfTheSentence_AndATextThatDoesNotMatchIsNotAResult()
    {
        var driver = new RecordingDriver { Shown = { "#result" }, Text = "您的申请已受理，受理号：SL2026000042，请妥善保管。" };
        var script = Script("""{ "action": "x.act", "steps": [ { "click": [{ "css": "#result" }], "commit": true } ], "outputs": { "receiptNo": [{ "css": "#result", "extract": "受理号[:：]\\s*(\\w+)" }] } }""");
        var runner = new ScriptRunner(driver, TimeSpan.FromMilliseconds(10));

        var result = await runner.RunAsync(script, s_values, _ => Task.CompletedTask, CancellationToken.None);
        driver.Text = "系统繁忙";
        // After the commit a result page without the number leaves the outcome unknown, naming the output.
        var unmatched = await Assert.ThrowsAsync<OutcomeUnknownException>(() => runner.RunAsync(script, s_values, _ => Task.CompletedTask, CancellationToken.None));

        Assert.Equal("SL2026000042", result.Outputs["receiptNo"]);
        Assert.IsType<NeedsPersonException>(unmatched.InnerException);
        Assert.Contains("receiptNo", unmatched.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingTarget_FailureNamesTheStep_ItsSubject_AndEveryTargetTried()
    {
        var driver = new RecordingDriver();
        var steps = Steps("""[ { "goto": "/form" }, { "fill": [{ "css": "#birthDate" }, { "label": "出生日期" }], "value": "2026-01-01" } ]""");

        var failed = await Assert.ThrowsAsync<NeedsPersonException>(() => new ScriptRunner(driver, TimeSpan.FromMilliseconds(10)).RunStepsAsync("weijian.issueBirthCertificate", "steps", steps, s_values, CancellationToken.None));

        Assert.StartsWith("weijian.issueBirthCertificate 第 2 步 fill 出生日期：未找到目标 css=#birthDate | label=出生日期 / weijian.issueBirthCertificate step 2 (fill 出生日期)", failed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Expect_WhoseTextDiffers_SaysThePageIsNotWhatTheScriptExpects_NotThatNothingWasFound()
    {
        var driver = new RecordingDriver { Shown = { "#status" }, Text = "办理中" };
        var steps = Steps("""[ { "expect": [{ "css": "#status" }], "text": "已办结" } ]""");

        var failed = await Assert.ThrowsAsync<NeedsPersonException>(() => new ScriptRunner(driver, TimeSpan.FromMilliseconds(10)).RunStepsAsync("x.check", "steps", steps, s_values, CancellationToken.None));

        Assert.StartsWith("x.check 第 1 步 expect #status：页面与脚本不符", failed.Message, StringComparison.Ordinal);
        Assert.Contains("expected \"已办结\" but found \"办理中\"", failed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UnknownVerb_BadRegex_AndUnknownPlaceholder_AreRefused_NamingTheStep()
    {
        var misspelt = ScriptLibrary.Validate("""{ "action": "x.act", "steps": [ { "goto": "/a" }, { "clik": [{ "css": "#a" }] } ], "outputs": {} }""");
        var badRegex = ScriptLibrary.Check(Script("""{ "action": "x.act", "steps": [ { "expect": [{ "css": "#a", "pattern": "([" }] } ], "outputs": { "no": [{ "css": "#r", "extract": "(?<value" }] } }""", check: false));
        var placeholder = ScriptLibrary.Check(Script("""{ "action": "x.act", "steps": [ { "click": [{ "row": "{{keyy}}" }] } ], "outputs": {} }""", check: false));

        Assert.Contains(misspelt, p => p.Contains("第 2 步", StringComparison.Ordinal) && p.Contains("clik", StringComparison.Ordinal));
        Assert.Contains(badRegex, p => p.StartsWith("steps[0]（第 1 步 expect）", StringComparison.Ordinal) && p.Contains("([", StringComparison.Ordinal));
        Assert.Contains(badRegex, p => p.StartsWith("outputs.no", StringComparison.Ordinal));
        Assert.Contains(placeholder, p => p.Contains("{{keyy}}", StringComparison.Ordinal) && p.Contains("第 1 步", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_ARefusedScript_NamesTheFile_AndTheShippedScriptsStillPass()
    {
        var folder = Directory.CreateTempSubdirectory("rpa-scripts-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "broken.json"), """{ "action": "x.act", "steps": [ { "fill": [{ "css": "#a" }], "value": "{{inputz.name}}" } ], "outputs": {} }""");
            var refused = Assert.Throws<InvalidDataException>(() => ScriptLibrary.Load(folder));
            Assert.Contains("broken.json", refused.Message, StringComparison.Ordinal);
            Assert.Contains("{{inputz.name}}", refused.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        Assert.Empty(ScriptLibrary.Load().Problems(SystemCatalog.LoadEmbedded()));
    }

    [Fact]
    public void Frame_TakesNamesAndTargets_AndWritesThemBackTheSameWay()
    {
        var step = Steps("""[ { "frame": ["main", { "css": "iframe[title='附加信息']" }] } ]""")[0];

        Assert.Equal("main", step.Frame![0].Name);
        Assert.Equal("iframe[title='附加信息']", step.Frame[1].Element!.Css);
        Assert.Contains("[\"main\",{", JsonSerializer.Serialize(step, JsonDefaults.Options), StringComparison.Ordinal);
    }

    private static BotScript Script(string json, bool check = true)
    {
        Assert.Empty(ScriptLibrary.Validate(json));
        var script = JsonSerializer.Deserialize<BotScript>(json, JsonDefaults.Options)!;
        if (check)
        {
            Assert.Empty(ScriptLibrary.Check(script));
        }

        return script;
    }

    private static List<ScriptStep> Steps(string json) => Script($$"""{ "action": "x.steps", "steps": {{json}}, "outputs": {} }""").Steps;
}
