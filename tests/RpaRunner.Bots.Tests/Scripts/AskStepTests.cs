using System.Text.Json;
using RpaRunner.Bots.Runtime;
using RpaRunner.Bots.Scripts;
using RpaRunner.Workflows.Model;

namespace RpaRunner.Bots.Tests.Scripts;

/// <summary>The script verb ask (ADR 0028) on a driver that plays a page asking for an SMS code: show, type, click, ask again when refused.</summary>
public sealed class AskStepTests
{
    private const string Code = "246810";

    /// <summary>A page asking for an SMS code: a code other than <see cref="Code"/> makes it show "#wrong".</summary>
    private sealed class SmsPage : IScriptDriver
    {
        private string _typed = string.Empty;
        private bool _wrong;

        public List<string> Calls { get; } = [];

        public Task<(byte[] Png, int Index)> CaptureAsync(IReadOnlyList<Target> targets, TimeSpan timeout, CancellationToken cancellationToken)
        {
            Calls.Add($"capture {targets[0]}");
            return Task.FromResult<(byte[], int)>(([0x89, 0x50, 0x4E, 0x47], 0));
        }

        public Task<int> FillAsync(IReadOnlyList<Target> targets, string value, TimeSpan timeout, CancellationToken cancellationToken)
        {
            _typed = value;
            Calls.Add($"fill {targets[0]}");
            return Task.FromResult(0);
        }

        public Task<int> ClickAsync(IReadOnlyList<Target> targets, TimeSpan timeout, CancellationToken cancellationToken)
        {
            _wrong = _typed != Code;
            Calls.Add($"click {targets[0]}");
            return Task.FromResult(0);
        }

        public Task<int> WaitForAsync(IReadOnlyList<Target> targets, TimeSpan timeout, CancellationToken cancellationToken) =>
            Task.FromResult(_wrong && targets.Any(t => t.Css == "#wrong") ? 0 : -1);

        public Task GotoAsync(string address, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<int> SelectAsync(IReadOnlyList<Target> targets, string value, TimeSpan timeout, CancellationToken cancellationToken) => Task.FromResult(0);

        public Task<int> SetDateAsync(IReadOnlyList<Target> targets, string value, TimeSpan timeout, CancellationToken cancellationToken) => Task.FromResult(0);

        public Task<int> CheckAsync(IReadOnlyList<Target> targets, TimeSpan timeout, CancellationToken cancellationToken) => Task.FromResult(0);

        public Task<(string? Text, int Index)> ReadAsync(IReadOnlyList<Target> targets, TimeSpan timeout, CancellationToken cancellationToken) => Task.FromResult<(string?, int)>((null, -1));

        public Task FrameAsync(IReadOnlyList<string> names, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<bool> WaitForEndingAsync(CommitEnding ending, TimeSpan timeout, CancellationToken cancellationToken) => Task.FromResult(true);

        public Task CheckHealthAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private static readonly List<ScriptStep> s_steps = JsonSerializer.Deserialize<BotScript>("""
        { "action": "x.confirm", "outputs": {}, "steps": [
          { "ask": [{ "css": "#smsBox" }], "prompt": "sms", "into": [{ "css": "#smsCode" }], "then": [{ "css": "#confirm" }], "wrongWhen": [{ "css": "#wrong" }] }
        ] }
        """, JsonDefaults.Options)!.Steps;

    private static readonly ScriptValues s_values = new(new Dictionary<string, string?>(), new Dictionary<string, string?> { ["key"] = "CS1:step" });

    [Fact]
    public async Task Ask_ShowsTheRegion_TypesTheAnswer_AndClicksOn()
    {
        var page = new SmsPage();
        var asked = new List<PersonQuestion>();

        await new ScriptRunner(page, TimeSpan.FromMilliseconds(10), ask: (q, _) => { asked.Add(q); return Task.FromResult(Code); })
            .RunStepsAsync("x.confirm", "steps", s_steps, s_values, CancellationToken.None);

        var question = Assert.Single(asked);
        Assert.Equal(("sms", 4), (question.Kind, question.Image!.Length));
        Assert.Equal(["capture css=#smsBox", "fill css=#smsCode", "click css=#confirm"], page.Calls);
    }

    [Fact]
    public async Task Ask_AWrongAnswerIsAskedAgain_AndAfterAskAttemptsAPersonTakesOver_WithoutTheAnswerInTheMessage()
    {
        var answers = new Queue<string>(["111111", Code]);
        var page = new SmsPage();
        await new ScriptRunner(page, TimeSpan.FromMilliseconds(10), ask: (_, _) => Task.FromResult(answers.Dequeue()), askAttempts: 3)
            .RunStepsAsync("x.confirm", "steps", s_steps, s_values, CancellationToken.None);
        Assert.Equal(2, page.Calls.Count(c => c.StartsWith("capture", StringComparison.Ordinal)));

        var times = 0;
        var refused = await Assert.ThrowsAsync<NeedsPersonException>(() =>
            new ScriptRunner(new SmsPage(), TimeSpan.FromMilliseconds(10), ask: (_, _) => { times++; return Task.FromResult("999999"); }, askAttempts: 3)
                .RunStepsAsync("x.confirm", "steps", s_steps, s_values, CancellationToken.None));
        Assert.Equal(3, times);
        Assert.DoesNotContain("999999", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_WhereNobodyCanBeAsked_GoesToAPerson()
    {
        await Assert.ThrowsAsync<NeedsPersonException>(() =>
            new ScriptRunner(new SmsPage(), TimeSpan.FromMilliseconds(10)).RunStepsAsync("x.confirm", "steps", s_steps, s_values, CancellationToken.None));
    }

    [Fact]
    public void Validate_AskNeedsAKnownPromptAndInto_AndItsOptionsBelongToIt()
    {
        Assert.Empty(ScriptLibrary.Validate("""{ "action": "x.a", "outputs": {}, "steps": [ { "ask": [{ "css": "#img" }], "prompt": "ukey-pin", "into": [{ "css": "#pin" }] } ] }"""));
        var noInto = ScriptLibrary.Validate("""{ "action": "x.a", "outputs": {}, "steps": [ { "ask": [{ "css": "#img" }], "prompt": "captcha" } ] }""");
        Assert.NotEmpty(noInto);

        var unknownKind = JsonSerializer.Deserialize<BotScript>("""{ "action": "x.a", "outputs": {}, "steps": [ { "ask": [{ "css": "#img" }], "prompt": "fingerprint", "into": [{ "css": "#pin" }] } ] }""", JsonDefaults.Options)!;
        Assert.Contains(ScriptLibrary.Check(unknownKind), p => p.Contains("prompt", StringComparison.Ordinal) && p.Contains("第 1 步", StringComparison.Ordinal));
        var stray = JsonSerializer.Deserialize<BotScript>("""{ "action": "x.a", "outputs": {}, "steps": [ { "click": [{ "css": "#ok" }], "then": [{ "css": "#next" }] } ] }""", JsonDefaults.Options)!;
        Assert.Contains(ScriptLibrary.Check(stray), p => p.Contains("then", StringComparison.Ordinal));
    }
}
