using Microsoft.EntityFrameworkCore;
using RpaRunner.Workflows.Audit;
using RpaRunner.Workflows.Engine.Contracts;
using RpaRunner.Workflows.Engine.Storage;

namespace RpaRunner.Workflows.Engine.Transitions;

/// <summary>
/// A bot asks a person in the middle of an attempt (ADR 0028): the question is stored with the running attempt, a person
/// with the role answers it in the console, the asking bot takes the answer once and the answer is erased. Audited as
/// asked, answered by whom, expired — never with the answer.
/// </summary>
internal sealed class QuestionTransition(EngineCore core)
{
    /// <summary>The longest answer a person may give (captchas, SMS codes and PINs are short).</summary>
    public const int MaxAnswerLength = 32;

    /// <summary>The largest picture a bot may send with a question.</summary>
    public const int MaxImageBytes = 512 * 1024;

    /// <summary>Who may answer: the operators on shift (and admins).</summary>
    public const string AnswerRole = "operator";

    /// <summary>Stores the question of a running attempt; null when the attempt is not the step's current one.</summary>
    public Task<Guid?> AskAsync(AskPerson request, CancellationToken cancellationToken) =>
        core.TransactAsync<Guid?>(async tx =>
        {
            if (!QuestionKinds.All.Contains(request.Kind))
            {
                throw new EngineRequestException("question.kind-unknown", $"Unknown question kind '{request.Kind}'; one of {string.Join(", ", QuestionKinds.All)}.");
            }

            if (request.Image is { Length: > MaxImageBytes })
            {
                throw new EngineRequestException("question.image-too-large", $"The picture is larger than {MaxImageBytes / 1024} KiB.");
            }

            var db = tx.Db;
            var found = await db.Steps.Where(s => s.Id == request.StepRecordId).Select(s => new { Step = s, s.Case!.Code }).FirstOrDefaultAsync(cancellationToken);
            var now = core.Time.GetUtcNow();
            if (found is not { } current || !IsCurrent(current.Step, request.DispatchToken, request.Worker, now))
            {
                return null;
            }

            var step = current.Step;

            // A question asked again (the system refused the answer) replaces the attempt's earlier ones.
            await WithdrawAsync(db, step.Id, cancellationToken);
            var timeout = TimeSpan.FromTicks(Math.Clamp(request.Timeout.Ticks, TimeSpan.FromSeconds(1).Ticks, TimeSpan.FromHours(1).Ticks));
            var question = new QuestionRecord
            {
                Id = Guid.NewGuid(),
                CaseId = step.CaseId,
                CaseCode = current.Code,
                StepRecordId = step.Id,
                StepId = step.StepId,
                Attempt = step.Attempt,
                DispatchToken = request.DispatchToken,
                Worker = request.Worker,
                Kind = request.Kind,
                AnswerRole = AnswerRole,
                Image = request.Image is { Length: > 0 } image ? image : null,
                AskedAt = now,
                ExpiresAt = now + timeout,
                State = QuestionStates.Open,
            };
            db.Questions.Add(question);
            await tx.Audit.AppendAsync(AuditKinds.QuestionAsked, $"bot:{request.Worker}", current.Code, step.StepId,
                new { question = question.Id, kind = request.Kind, attempt = step.Attempt, answeredBy = AnswerRole, expiresAt = question.ExpiresAt }, cancellationToken);
            return question.Id;
        }, cancellationToken);

    /// <summary>
    /// The asking bot looks for its answer: handed out once (then erased), or the question expired (audited), or still
    /// pending. Only the attempt that asked gets an answer, and only while it is the step's running attempt.
    /// </summary>
    public async Task<QuestionPoll> PollAsync(Guid stepRecordId, Guid dispatchToken, string worker, Guid questionId, CancellationToken cancellationToken)
    {
        // Most looks find nothing new: read first, write only when the question moves on.
        await using (var read = await core.DbFactory.CreateDbContextAsync(cancellationToken))
        {
            var seen = await read.Questions.AsNoTracking().Where(q => q.Id == questionId).Select(q => new { q.StepRecordId, q.DispatchToken, q.State, q.ExpiresAt }).FirstOrDefaultAsync(cancellationToken);
            if (seen is null || seen.StepRecordId != stepRecordId || seen.DispatchToken != dispatchToken || seen.State is QuestionStates.Taken or QuestionStates.Withdrawn)
            {
                return QuestionPoll.NotCurrent;
            }

            if (seen.State == QuestionStates.Expired)
            {
                return QuestionPoll.Expired;
            }

            if (seen.State == QuestionStates.Open && seen.ExpiresAt > core.Time.GetUtcNow())
            {
                return QuestionPoll.Pending;
            }
        }

        return await core.TransactAsync(async tx =>
        {
            var db = tx.Db;
            var question = await db.Questions.FirstAsync(q => q.Id == questionId, cancellationToken);
            var step = await db.Steps.FirstOrDefaultAsync(s => s.Id == stepRecordId, cancellationToken);
            var now = core.Time.GetUtcNow();
            if (step is null || !IsCurrent(step, dispatchToken, worker, now))
            {
                Withdraw(question);
                return QuestionPoll.NotCurrent;
            }

            switch (question.State)
            {
                case QuestionStates.Answered:
                    var answer = question.Answer;
                    question.Answer = null;
                    question.State = QuestionStates.Taken;
                    question.TakenAt = now;
                    return new QuestionPoll(QuestionStatus.Answered, answer);
                case QuestionStates.Open when question.ExpiresAt <= now:
                    question.State = QuestionStates.Expired;
                    await tx.Audit.AppendAsync(AuditKinds.QuestionExpired, CaseEngine.EngineActor, question.CaseCode, question.StepId,
                        new { question = question.Id, kind = question.Kind, attempt = question.Attempt }, cancellationToken);
                    return QuestionPoll.Expired;
                case QuestionStates.Open:
                    return QuestionPoll.Pending;
                case QuestionStates.Expired:
                    return QuestionPoll.Expired;
                default:
                    return QuestionPoll.NotCurrent;
            }
        }, cancellationToken);
    }

    /// <summary>A person answers an open question of a case in their scope. The answer is sealed until the bot takes it; the audit names who, never what.</summary>
    public Task AnswerAsync(Guid questionId, string answer, string actor, CaseScope? scope, CancellationToken cancellationToken)
    {
        var given = CheckAnswer(answer);
        return core.TransactAsync(async tx =>
        {
            var db = tx.Db;
            var found = await db.Questions.Where(q => q.Id == questionId).Join(db.Cases, q => q.CaseId, c => c.Id, (q, c) => new { Question = q, c.Unit }).FirstOrDefaultAsync(cancellationToken);
            if (found is null || (scope is not null && !scope.Includes(found.Unit)))
            {
                throw new NotFoundException("question.unknown", $"No question {questionId}.");
            }

            var question = found.Question;
            var now = core.Time.GetUtcNow();
            var step = await db.Steps.FirstOrDefaultAsync(s => s.Id == question.StepRecordId, cancellationToken);
            if (question.State != QuestionStates.Open || question.ExpiresAt <= now || step is null || step.Status != StepStatus.Running || step.DispatchToken != question.DispatchToken)
            {
                throw new ActionConflictException("question.closed", "问题已关闭（已作答、已过期或机器人已结束）/ The question is closed: answered, expired, or the bot's attempt ended.");
            }

            question.Answer = given;
            question.State = QuestionStates.Answered;
            question.AnsweredAt = now;
            question.AnsweredBy = actor;
            await tx.Audit.AppendAsync(AuditKinds.QuestionAnswered, actor, question.CaseCode, question.StepId,
                new { question = question.Id, kind = question.Kind, attempt = question.Attempt }, cancellationToken);
            return true;
        }, cancellationToken);
    }

    /// <summary>The answer as it is stored: trimmed; empty, too long or with control characters is refused.</summary>
    public static string CheckAnswer(string? answer)
    {
        var given = answer?.Trim() ?? string.Empty;
        if (given.Length == 0)
        {
            throw new QuestionAnswerRejectedException("请填写答案 / The answer is empty.");
        }

        if (given.Length > MaxAnswerLength)
        {
            throw new QuestionAnswerRejectedException($"答案不能超过 {MaxAnswerLength} 个字符 / The answer is longer than {MaxAnswerLength} characters.");
        }

        if (given.Any(char.IsControl))
        {
            throw new QuestionAnswerRejectedException("答案含有控制字符 / The answer holds control characters.");
        }

        return given;
    }

    /// <summary>The open questions of running attempts in <paramref name="scope"/>, soonest to expire first.</summary>
    public async Task<IReadOnlyList<QuestionView>> OpenAsync(CaseScope? scope, string? caseCode, CancellationToken cancellationToken)
    {
        await using var db = await core.DbFactory.CreateDbContextAsync(cancellationToken);
        var now = core.Time.GetUtcNow();
        var steps = (scope ?? CaseScope.All).Filter(db.Steps.AsNoTracking()).Where(s => s.Status == StepStatus.Running);
        var rows = await (from q in db.Questions.AsNoTracking()
                          join s in steps on q.StepRecordId equals s.Id
                          where q.State == QuestionStates.Open && q.ExpiresAt > now && s.DispatchToken == q.DispatchToken
                                && (caseCode == null || q.CaseCode == caseCode)
                          orderby q.ExpiresAt
                          select new { q.Id, q.CaseCode, s.Case!.BundleId, q.StepId, s.System, s.Action, q.Attempt, q.Kind, q.AnswerRole, q.AskedAt, q.ExpiresAt, HasImage = q.Image != null })
            .Take(200)
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => new QuestionView(r.Id, r.CaseCode, r.BundleId, r.StepId, r.System, r.Action, r.Attempt, r.Kind, QuestionKinds.LabelOf(r.Kind), r.AnswerRole, r.AskedAt, r.ExpiresAt, r.HasImage))];
    }

    /// <summary>The picture of an open question of a case in <paramref name="scope"/>; null when there is none.</summary>
    public async Task<byte[]?> ImageAsync(Guid questionId, CaseScope? scope, CancellationToken cancellationToken)
    {
        await using var db = await core.DbFactory.CreateDbContextAsync(cancellationToken);
        var found = await db.Questions.AsNoTracking().Where(q => q.Id == questionId && q.State == QuestionStates.Open)
            .Join(db.Cases, q => q.CaseId, c => c.Id, (q, c) => new { q.Image, c.Unit }).FirstOrDefaultAsync(cancellationToken);
        return found is null || (scope is not null && !scope.Includes(found.Unit)) ? null : found.Image;
    }

    /// <summary>The attempt ended (reported, reclaimed): its questions close, an answer not taken is erased.</summary>
    public static async Task WithdrawAsync(EngineDbContext db, Guid stepRecordId, CancellationToken cancellationToken)
    {
        foreach (var question in await db.Questions.Where(q => q.StepRecordId == stepRecordId && (q.State == QuestionStates.Open || q.State == QuestionStates.Answered)).ToListAsync(cancellationToken))
        {
            Withdraw(question);
        }
    }

    private static void Withdraw(QuestionRecord question)
    {
        if (question.State is QuestionStates.Open or QuestionStates.Answered)
        {
            question.State = QuestionStates.Withdrawn;
            question.Answer = null;
        }
    }

    private static bool IsCurrent(StepRecord step, Guid dispatchToken, string worker, DateTimeOffset now) => StepRules.HeldBy(step, dispatchToken, worker, now);
}
