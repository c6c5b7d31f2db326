using Microsoft.EntityFrameworkCore;
using RpaRunner.Workflows.Audit;
using RpaRunner.Workflows.Engine;
using RpaRunner.Workflows.Engine.Contracts;
using RpaRunner.Workflows.Engine.Storage;
using RpaRunner.Workflows.Tests.TestSupport;

namespace RpaRunner.Workflows.Tests.Engine;

/// <summary>
/// A bot asks a person mid-step (ADR 0028): the question belongs to the running attempt, a person answers it, the bot takes
/// the answer once and it is erased; nobody answering defers the step instead of failing it; the answer is never stored
/// in clear nor written to the audit trail.
/// </summary>
public sealed class QuestionTests : IAsyncLifetime
{
    private const string Worker = "test-bot";
    private const string Secret = "Q7KX";
    private EngineHarness _h = null!;

    public async Task InitializeAsync() => _h = await EngineHarness.CreateAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    /// <summary>A running attempt whose lease the test bot holds.</summary>
    private async Task<RunStep> RunningAsync()
    {
        var code = await _h.SubmitAsync("newborn");
        var step = (await _h.ClaimAllAsync()).First(s => s.CaseCode == code);
        Assert.True((await _h.Engine.ExtendLeaseAsync(new ExtendStepLease { StepRecordId = step.StepRecordId, DispatchToken = step.DispatchToken, Worker = Worker })).Granted);
        return step;
    }

    private Task<Guid?> AskAsync(RunStep step, TimeSpan? timeout = null) => _h.Engine.AskAsync(new AskPerson
    {
        StepRecordId = step.StepRecordId,
        DispatchToken = step.DispatchToken,
        Worker = Worker,
        Kind = QuestionKinds.Captcha,
        Image = [0x89, 0x50, 0x4E, 0x47, 1, 2, 3],
        Timeout = timeout ?? TimeSpan.FromMinutes(5),
    });

    private Task<QuestionPoll> PollAsync(RunStep step, Guid id) => _h.Engine.PollQuestionAsync(step.StepRecordId, step.DispatchToken, Worker, id);

    [Fact]
    public async Task AskedQuestion_IsListedAnsweredAndTakenOnce_ThenItsAnswerIsErased()
    {
        var step = await RunningAsync();
        var id = (await AskAsync(step))!.Value;

        var open = Assert.Single(await _h.Engine.OpenQuestionsAsync());
        Assert.Equal(id, open.Id);
        Assert.Equal((step.CaseCode, step.StepId, "operator", true), (open.CaseCode, open.StepId, open.AnswerRole, open.HasImage));
        Assert.Equal("图片验证码", open.Label.Zh);
        Assert.Equal([0x89, 0x50, 0x4E, 0x47, 1, 2, 3], await _h.Engine.QuestionImageAsync(id));
        Assert.Equal(QuestionStatus.Pending, (await PollAsync(step, id)).Status);

        await _h.Engine.AnswerQuestionAsync(id, $"  {Secret} ", "op1");
        Assert.Empty(await _h.Engine.OpenQuestionsAsync());
        await using (var db = await _h.DbAsync())
        {
            // Waiting for the bot, the answer is sealed at rest.
            var stored = await db.Database.SqlQueryRaw<string>("SELECT \"Answer\" AS \"Value\" FROM questions").SingleAsync();
            Assert.DoesNotContain(Secret, stored, StringComparison.Ordinal);
            var image = await db.Database.SqlQueryRaw<byte[]>("SELECT \"Image\" AS \"Value\" FROM questions").SingleAsync();
            Assert.NotEqual([0x89, 0x50, 0x4E, 0x47, 1, 2, 3], image);
        }

        var taken = await PollAsync(step, id);
        Assert.Equal(QuestionStatus.Answered, taken.Status);
        Assert.Equal(Secret, taken.Answer);
        Assert.DoesNotContain(Secret, taken.ToString(), StringComparison.Ordinal);

        // Once only: a second look gets nothing, and nothing of the answer is kept.
        Assert.Equal(QuestionStatus.NotCurrent, (await PollAsync(step, id)).Status);
        await using (var db = await _h.DbAsync())
        {
            var row = await db.Questions.SingleAsync();
            Assert.Equal((QuestionStates.Taken, (string?)null, "op1"), (row.State, row.Answer, row.AnsweredBy));
        }

        var audit = await _h.Queries.AuditOfAsync(step.CaseCode);
        Assert.Single(audit, a => a.Kind == AuditKinds.QuestionAsked && a.Actor == $"bot:{Worker}");
        Assert.Single(audit, a => a.Kind == AuditKinds.QuestionAnswered && a.Actor == "op1");
        Assert.DoesNotContain(audit, a => a.Detail?.GetRawText().Contains(Secret, StringComparison.Ordinal) ?? false);
    }

    [Fact]
    public async Task UnansweredQuestion_Expires_AndTheStepIsDeferred_NotFailed()
    {
        var step = await RunningAsync();
        var id = (await AskAsync(step, TimeSpan.FromSeconds(30)))!.Value;
        _h.Time.Advance(TimeSpan.FromSeconds(31));

        Assert.Equal(QuestionStatus.Expired, (await PollAsync(step, id)).Status);
        Assert.Empty(await _h.Engine.OpenQuestionsAsync());
        await Assert.ThrowsAsync<ActionConflictException>(() => _h.Engine.AnswerQuestionAsync(id, Secret, "op1"));

        var before = await _h.StepAsync(step.CaseCode, step.StepId);
        await _h.Engine.ApplyReportAsync(_h.Success(step) with { Succeeded = false, Outputs = [], Unanswered = true, FailureClass = FailureClass.Transient, Message = "nobody answered" });
        var after = await _h.StepAsync(step.CaseCode, step.StepId);
        Assert.Equal(StepStatus.FailedWillRetry, after.Status);
        Assert.Equal(_h.Time.GetUtcNow() + new EngineOptions().UnansweredQuestionWait, after.DueAt);
        Assert.Equal(AttemptOutcomes.Deferred, after.Attempts.Single().Outcome);
        Assert.NotEqual(StepStatus.WaitingForPerson, after.Status);
        Assert.Equal(before.Attempt, after.Attempt);

        var audit = await _h.Queries.AuditOfAsync(step.CaseCode);
        Assert.Single(audit, a => a.Kind == AuditKinds.QuestionExpired);
        Assert.Single(audit, a => a.Kind == AuditKinds.StepDeferred);

        // Not before the wait is over.
        Assert.DoesNotContain(await _h.ClaimAllAsync(), s => s.StepRecordId == step.StepRecordId);
        _h.Time.Advance(new EngineOptions().UnansweredQuestionWait);
        Assert.Contains(await _h.ClaimAllAsync(), s => s.StepRecordId == step.StepRecordId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("123456789012345678901234567890123")]
    [InlineData("12\n34")]
    public async Task AnswerThatIsEmptyTooLongOrHoldsControlCharacters_IsRefused_AndTheQuestionStaysOpen(string answer)
    {
        var step = await RunningAsync();
        var id = (await AskAsync(step))!.Value;

        await Assert.ThrowsAsync<QuestionAnswerRejectedException>(() => _h.Engine.AnswerQuestionAsync(id, answer, "op1"));
        Assert.Single(await _h.Engine.OpenQuestionsAsync());
        Assert.DoesNotContain(await _h.Queries.AuditOfAsync(step.CaseCode), a => a.Kind == AuditKinds.QuestionAnswered);
    }

    [Fact]
    public async Task QuestionOfAnAttemptThatEnded_IsWithdrawn_AndItsAnswerNeverReachesAnotherAttempt()
    {
        var step = await RunningAsync();
        var id = (await AskAsync(step))!.Value;
        await _h.Engine.AnswerQuestionAsync(id, Secret, "op1");

        // The attempt ends before the bot takes the answer: it is erased with the question.
        await _h.FailAsync(step, FailureClass.Transient);
        Assert.Equal(QuestionStatus.NotCurrent, (await PollAsync(step, id)).Status);
        await using var db = await _h.DbAsync();
        var row = await db.Questions.SingleAsync();
        Assert.Equal((QuestionStates.Withdrawn, (string?)null), (row.State, row.Answer));

        // A stale dispatch may not ask at all.
        Assert.Null(await AskAsync(step));
    }

    [Fact]
    public async Task QuestionOfACaseOutsideThePersonsUnits_IsNeitherListedNorAnswerable()
    {
        var step = await RunningAsync();
        var id = (await AskAsync(step))!.Value;
        var elsewhere = CaseScope.Of("another-unit");

        Assert.Empty(await _h.Engine.OpenQuestionsAsync(elsewhere));
        Assert.Null(await _h.Engine.QuestionImageAsync(id, elsewhere));
        await Assert.ThrowsAsync<NotFoundException>(() => _h.Engine.AnswerQuestionAsync(id, Secret, "op9", elsewhere));
    }
}
