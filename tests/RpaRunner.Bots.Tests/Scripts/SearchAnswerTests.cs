using RpaRunner.Bots.Runtime;
using RpaRunner.Bots.Scripts;

namespace RpaRunner.Bots.Tests.Scripts;

/// <summary>
/// Search before create with the system's "nothing found" answer declared (<c>notFound</c>): the bot waits for either
/// answer with the step's time and goes on with the one shown; a page that shows neither is trouble (retried, nothing
/// entered), never taken for "absent" — a slow or broken search must not lead to a second record.
/// </summary>
public sealed class SearchAnswerTests
{
    private static readonly TimeSpan s_stepTime = TimeSpan.FromSeconds(7);

    private static BotScript Script(bool declaresNotFound) => new()
    {
        Action = "shichang.registerEnterprise",
        SearchBeforeCreate = new SearchBlock
        {
            Steps = [new ScriptStep { Goto = "/search?externalNo={{key}}" }],
            Found = [new Target { Css = "#record" }],
            NotFound = declaresNotFound ? [new Target { Css = ".empty" }] : [],
            Open = [new ScriptStep { Click = [new Target { Css = "#record" }] }],
        },
        Steps =
        [
            new ScriptStep { Fill = [new Target { Css = "#name" }], Value = "x" },
            new ScriptStep { Click = [new Target { Css = "#submit" }] },
        ],
        Outputs = new() { ["receiptNo"] = [new Target { Css = "#receiptNo" }] },
    };

    private static Task<BotResult> RunAsync(StubPage page, bool declaresNotFound) =>
        new ScriptRunner(page, s_stepTime).RunAsync(Script(declaresNotFound), new ScriptValues(new Dictionary<string, string?>(), new Dictionary<string, string?> { ["key"] = "K1" }),
            _ => Task.CompletedTask, CancellationToken.None);

    [Fact]
    public async Task NothingFoundShown_EntersTheRecord_AfterOneWaitForEitherAnswer()
    {
        var page = new StubPage(".empty");

        var result = await RunAsync(page, declaresNotFound: true);

        Assert.False(result.FoundExisting);
        Assert.Equal(1, page.Clicks);
        var wait = Assert.Single(page.Waits);
        Assert.Equal(["#record", ".empty"], wait.Targets.Select(t => t.Css));
        Assert.Equal(s_stepTime, wait.Timeout);
    }

    [Fact]
    public async Task RecordShown_OpensIt_AndEntersNothing()
    {
        var page = new StubPage("#record");

        var result = await RunAsync(page, declaresNotFound: true);

        Assert.True(result.FoundExisting);
        Assert.Equal(1, page.Clicks); // the click that opens the record, not a submit
        Assert.Equal("SL0001", result.Outputs["receiptNo"]);
    }

    [Fact]
    public async Task BothShown_TheRecordWins()
    {
        var result = await RunAsync(new StubPage("#record", ".empty"), declaresNotFound: true);

        Assert.True(result.FoundExisting);
    }

    [Fact]
    public async Task NeitherShown_IsTroubleToRetry_AndNothingIsEntered()
    {
        var page = new StubPage();

        var failure = await Assert.ThrowsAsync<TransientBotException>(() => RunAsync(page, declaresNotFound: true));

        Assert.Equal(0, page.Clicks);
        Assert.Contains("neither the record", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutANotFoundAnswer_AShortWaitForTheRecord_ThenEnters()
    {
        var page = new StubPage();

        var result = await RunAsync(page, declaresNotFound: false);

        Assert.False(result.FoundExisting);
        Assert.Equal(1, page.Clicks);
        var wait = Assert.Single(page.Waits);
        Assert.Equal(["#record"], wait.Targets.Select(t => t.Css));
        Assert.True(wait.Timeout < s_stepTime);
    }
}
