using RpaRunner.Bots.Runtime;
using RpaRunner.Bots.Scripts;

namespace RpaRunner.Bots.Tests.Scripts;

/// <summary>The script runner's verbs on a driver that shows a fixed page.</summary>
public sealed class ScriptRunnerTests
{
    /// <summary>A page that shows one text (or nothing) wherever a script looks, and a refusal when told to.</summary>
    private sealed class PageStub(string? shown, BotFailureException? trouble = null) : IScriptDriver
    {
        public Task GotoAsync(string address, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<int> FillAsync(IReadOnlyList<Target> targets, string value, TimeSpan timeout, CancellationToken cancellationToken) => Task.FromResult(0);

        public Task<int> SelectAsync(IReadOnlyList<Target> targets, string value, TimeSpan timeout, CancellationToken cancellationToken) => Task.FromResult(0);

        public Task<int> SetDateAsync(IReadOnlyList<Target> targets, string value, TimeSpan timeout, CancellationToken cancellationToken) => Task.FromResult(0);

        public Task<int> CheckAsync(IReadOnlyList<Target> targets, TimeSpan timeout, CancellationToken cancellationToken) => Task.FromResult(0);

        public Task<int> ClickAsync(IReadOnlyList<Target> targets, TimeSpan timeout, CancellationToken cancellationToken) => Task.FromResult(0);

        public Task<int> WaitForAsync(IReadOnlyList<Target> targets, TimeSpan timeout, CancellationToken cancellationToken) => Task.FromResult(shown is null ? -1 : 0);

        public Task<(string? Text, int Index)> ReadAsync(IReadOnlyList<Target> targets, TimeSpan timeout, CancellationToken cancellationToken) =>
            Task.FromResult(shown is null ? ((string?)null, -1) : (shown, 0));

        public Task FrameAsync(IReadOnlyList<string> names, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<bool> WaitForEndingAsync(CommitEnding ending, TimeSpan timeout, CancellationToken cancellationToken) => Task.FromResult(false);

        public Task CheckHealthAsync(CancellationToken cancellationToken) => trouble is null ? Task.CompletedTask : Task.FromException(trouble);
    }

    private static readonly ScriptValues s_values = new(new Dictionary<string, string?>(), new Dictionary<string, string?> { ["key"] = "K:1" });

    private static ScriptStep Expect(string? text = null) => new() { Expect = [new Target { Css = "#result", Pattern = "^(更正成功|信息无变化)" }], Text = text };

    [Fact]
    public async Task Expect_WithoutText_FailsWhenNoTargetAppears()
    {
        var runner = new ScriptRunner(new PageStub(shown: null), TimeSpan.FromMilliseconds(50));
        var ex = await Assert.ThrowsAsync<NeedsPersonException>(() => runner.RunStepsAsync("x.amend", "steps", [Expect()], s_values, CancellationToken.None));
        Assert.Contains("none of", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Expect_WithoutText_PassesWhenATargetAppears()
    {
        var runner = new ScriptRunner(new PageStub(shown: "信息无变化，未作更正"), TimeSpan.FromMilliseconds(50));
        await runner.RunStepsAsync("x.amend", "steps", [Expect()], s_values, CancellationToken.None);
        Assert.Empty(runner.Drift);
    }

    [Fact]
    public async Task Expect_ThatFails_ReportsWhatThePageShows_ARefusalFirst()
    {
        var runner = new ScriptRunner(new PageStub(shown: null, new ApplicantRefusalException("提示：母亲姓名与公民身份号码不一致", "姓名与公民身份号码不一致")), TimeSpan.FromMilliseconds(50));
        var ex = await Assert.ThrowsAsync<ApplicantRefusalException>(() => runner.RunStepsAsync("x.amend", "steps", [Expect("更正成功")], s_values, CancellationToken.None));
        Assert.Equal(RpaRunner.Workflows.Engine.FailureClass.NeedsApplicant, ex.Class);
    }
}
