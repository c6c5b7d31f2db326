using RpaRunner.Bots.Runtime;
using RpaRunner.Bots.Scripts;
using RpaRunner.Workflows.Catalog;
using RpaRunner.Workflows.Engine;

namespace RpaRunner.Bots.Tests.Scripts;

/// <summary>
/// The commit point in the script runner: before it a failure is what it is (retried or a person's); from it on a
/// failure that is not the system's refusal is an unknown outcome, never retried on the spot; a declared ending
/// (the window closes) is success, not a failed health check; a verification only looks the record up.
/// </summary>
public sealed class CommitPointTests
{
    /// <summary>
    /// A form with a search, some fields, a submit and a result. Clicks are counted (the submit is the record); the
    /// system's health check fails with <see cref="Trouble"/> from the click numbered <see cref="TroubleFromClick"/> on.
    /// </summary>
    private sealed class FormDriver : IScriptDriver
    {
        public int Clicks { get; private set; }

        public int HealthChecks { get; private set; }

        public bool RecordExists { get; set; }

        public bool WindowCloses { get; set; }

        public int TroubleFromClick { get; set; } = int.MaxValue;

        public BotFailureException Trouble { get; set; } = new TransientBotException("HTTP 500");

        public Task GotoAsync(string address, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<int> FillAsync(IReadOnlyList<Target> targets, string value, TimeSpan timeout, CancellationToken cancellationToken) => Task.FromResult(0);

        public Task<int> SelectAsync(IReadOnlyList<Target> targets, string value, TimeSpan timeout, CancellationToken cancellationToken) => Task.FromResult(0);

        public Task<int> SetDateAsync(IReadOnlyList<Target> targets, string value, TimeSpan timeout, CancellationToken cancellationToken) => Task.FromResult(0);

        public Task<int> CheckAsync(IReadOnlyList<Target> targets, TimeSpan timeout, CancellationToken cancellationToken) => Task.FromResult(0);

        public Task<int> ClickAsync(IReadOnlyList<Target> targets, TimeSpan timeout, CancellationToken cancellationToken)
        {
            Clicks++;
            return Task.FromResult(0);
        }

        public Task<int> WaitForAsync(IReadOnlyList<Target> targets, TimeSpan timeout, CancellationToken cancellationToken) =>
            Task.FromResult(targets[0].Css == "#found" ? (RecordExists ? 0 : -1) : 0);

        public Task<(string? Text, int Index)> ReadAsync(IReadOnlyList<Target> targets, TimeSpan timeout, CancellationToken cancellationToken) =>
            Task.FromResult<(string?, int)>(("A123456789", 0));

        public Task FrameAsync(IReadOnlyList<string> names, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<bool> WaitForEndingAsync(CommitEnding ending, TimeSpan timeout, CancellationToken cancellationToken) => Task.FromResult(ending.Closed && WindowCloses);

        public Task CheckHealthAsync(CancellationToken cancellationToken)
        {
            HealthChecks++;
            return Clicks >= TroubleFromClick ? Task.FromException(Trouble) : Task.CompletedTask;
        }
    }

    private static readonly ScriptValues s_values = new(new Dictionary<string, string?>(), new Dictionary<string, string?> { ["key"] = "K:1" });

    private static ScriptStep Click(string css, bool commit = false, CommitEnding? ending = null) => new() { Click = [new Target { Css = css }], Commit = commit, Ending = ending };

    private static BotScript Form(bool search = true, CommitEnding? ending = null, string? amends = null) => new()
    {
        Action = "x.enter",
        Amends = amends,
        SearchBeforeCreate = search ? new SearchBlock { Steps = [new ScriptStep { Goto = "/search?k={{key}}" }], Found = [new Target { Css = "#found" }] } : null,
        Steps =
        [
            new ScriptStep { Fill = [new Target { Css = "#externalNo" }], Value = "{{key}}" },
            Click("#next"),
            Click("#submit", commit: amends is null, ending),
            .. ending is null ? new[] { new ScriptStep { Expect = [new Target { Css = "#result" }] } } : [],
        ],
        Outputs = ending is null ? new() { ["no"] = [new Target { Css = "#no" }] } : [],
    };

    /// <summary>A runner on the driver, and a commit hook that counts its calls and notes how many clicks came before it.</summary>
    private sealed class Commits(FormDriver driver)
    {
        public int Count { get; private set; }

        public int ClicksBefore { get; private set; } = -1;

        public Task Hook(CancellationToken cancellationToken)
        {
            Count++;
            ClicksBefore = driver.Clicks;
            return Task.CompletedTask;
        }
    }

    private static (ScriptRunner Runner, Func<CancellationToken, Task> Commit, Commits Commits) Run(FormDriver driver)
    {
        var commits = new Commits(driver);
        return (new ScriptRunner(driver, TimeSpan.FromMilliseconds(50)), commits.Hook, commits);
    }

    [Fact]
    public async Task TheCommitHook_RunsOnce_RightBeforeTheSubmit()
    {
        var driver = new FormDriver();
        var (runner, commit, commits) = Run(driver);
        var result = await runner.RunAsync(Form(), s_values, commit, CancellationToken.None);
        Assert.False(result.FoundExisting);
        Assert.Equal(1, commits.Count);
        Assert.Equal(1, commits.ClicksBefore); // after 下一步, before the submit
        Assert.Equal(2, driver.Clicks);
    }

    [Fact]
    public async Task AFailureBeforeTheCommitPoint_IsWhatItIs_AndNothingWasCommitted()
    {
        var driver = new FormDriver { TroubleFromClick = 1 };
        var (runner, commit, commits) = Run(driver);
        var ex = await Assert.ThrowsAsync<TransientBotException>(() => runner.RunAsync(Form(), s_values, commit, CancellationToken.None));
        Assert.Equal(FailureClass.Transient, ex.Class);
        Assert.Equal(0, commits.Count);
    }

    [Fact]
    public async Task AFailureAfterTheCommitPoint_IsAnUnknownOutcome_NotATransientOne()
    {
        var driver = new FormDriver { TroubleFromClick = 2 };
        var (runner, commit, _) = Run(driver);
        var ex = await Assert.ThrowsAsync<OutcomeUnknownException>(() => runner.RunAsync(Form(), s_values, commit, CancellationToken.None));
        Assert.Equal(FailureClass.OutcomeUnknown, ex.Class);
        Assert.IsType<TransientBotException>(ex.InnerException);
        Assert.Contains("HTTP 500", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARefusalAfterTheCommitPoint_IsARefusal_TheSystemStoredNothing()
    {
        var driver = new FormDriver { TroubleFromClick = 2, Trouble = new BusinessRuleException("单位统一社会信用代码不存在") };
        var (runner, commit, _) = Run(driver);
        await Assert.ThrowsAsync<BusinessRuleException>(() => runner.RunAsync(Form(), s_values, commit, CancellationToken.None));
    }

    [Fact]
    public async Task ACorrection_HarmlessToRepeat_KeepsItsFailureClass_AfterItsWrite()
    {
        var driver = new FormDriver { TroubleFromClick = 2 };
        var (runner, commit, _) = Run(driver);
        await Assert.ThrowsAsync<TransientBotException>(() => runner.RunAsync(Form(search: false, amends: "x.create"), s_values, commit, CancellationToken.None));
    }

    [Fact]
    public async Task AWindowThatClosesOnOk_AsDeclared_IsSuccess_WithoutAHealthCheckAfterIt()
    {
        // The health check of a closed window fails: with the ending declared it is not asked.
        var driver = new FormDriver { WindowCloses = true, TroubleFromClick = 2 };
        var (runner, commit, commits) = Run(driver);
        var result = await runner.RunAsync(Form(search: false, ending: new CommitEnding { Closed = true }), s_values, commit, CancellationToken.None);
        Assert.False(result.FoundExisting);
        Assert.Empty(result.Outputs);
        Assert.Equal(1, commits.Count);
    }

    [Fact]
    public async Task AWindowThatStaysOpen_WhenItShouldClose_IsAnUnknownOutcome()
    {
        var driver = new FormDriver { WindowCloses = false };
        var (runner, commit, _) = Run(driver);
        await Assert.ThrowsAsync<OutcomeUnknownException>(() => runner.RunAsync(Form(search: false, ending: new CommitEnding { Closed = true }), s_values, commit, CancellationToken.None));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AVerification_OnlyLooksTheRecordUp(bool exists)
    {
        var driver = new FormDriver { RecordExists = exists };
        var (runner, commit, commits) = Run(driver);
        var result = await runner.RunAsync(Form(), s_values, commit, CancellationToken.None, verifyOnly: true);
        Assert.Equal(exists, result.FoundExisting);
        Assert.Equal(!exists, result.NotFound);
        Assert.Equal(0, driver.Clicks);
        Assert.Equal(0, commits.Count);
    }

    [Fact]
    public async Task AVerification_OfAnActionThatCannotBeSearched_GoesToAPerson()
    {
        var (runner, commit, _) = Run(new FormDriver());
        await Assert.ThrowsAsync<NeedsPersonException>(() => runner.RunAsync(Form(search: false), s_values, commit, CancellationToken.None, verifyOnly: true));
    }

    [Fact]
    public void ShippedScripts_KeepTheCommitPointRules()
    {
        Assert.Empty(ScriptLibrary.Load().Problems(SystemCatalog.LoadEmbedded()));
    }

    [Fact]
    public void AScript_WithoutCommitPoint_OrWithoutSearchForASearchableAction_IsRefused()
    {
        var library = new ScriptLibrary();
        library.Add("""
            {"action": "weijian.issueBirthCertificate", "steps": [{"click": [{"css": "#btnSubmit"}]}], "outputs": {}}
            """, "test");
        var problems = library.Problems(SystemCatalog.LoadEmbedded());
        Assert.Contains(problems, p => p.Contains("declares no commit point", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("idempotent", StringComparison.Ordinal));
    }

    [Fact]
    public void AClosingCommitStep_FollowedByAnotherStep_IsRefused()
    {
        var library = new ScriptLibrary();
        library.Add("""
            {"action": "x.enter", "steps": [{"click": [{"name": "确定"}], "commit": true, "ending": {"closed": true}}, {"click": [{"name": "关闭"}]}], "outputs": {}}
            """, "test");
        Assert.Contains(library.Problems(SystemCatalog.LoadEmbedded()), p => p.Contains("closes the window", StringComparison.Ordinal));
    }
}
