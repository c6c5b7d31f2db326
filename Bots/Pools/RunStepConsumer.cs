using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RpaRunner.Bots.Runtime;
using RpaRunner.Workflows.Engine;
using RpaRunner.Workflows.Engine.Contracts;
using RpaRunner.Workflows.Telemetry;

namespace RpaRunner.Bots.Pools;

/// <summary>
/// A bot-pool worker: takes a step's lease, keeps it alive while the action runs, and reports the outcome
/// to the engine. Messages for dispatches that are no longer current are dropped unrun.
/// </summary>
public sealed class RunStepConsumer(
    IEnumerable<IBotAction> actions,
    IRequestClient<ExtendStepLease> leases,
    TimeProvider time,
    IOptions<BotPoolOptions> options,
    ILogger<RunStepConsumer> logger,
    IMaterialSource? materials = null,
    IQuestionChannel? questions = null,
    ISystemSource? systems = null) : IConsumer<RunStep>
{
    /// <summary>The queue the engine reads reports and lease requests from.</summary>
    public static Uri EngineQueue => QueueNames.EngineAddress;

    private readonly BotPoolOptions _options = options.Value;

    public async Task Consume(ConsumeContext<RunStep> context)
    {
        var step = context.Message;
        var worker = _options.WorkerName;
        if (step.LeaseExpiresAt <= time.GetUtcNow())
        {
            logger.LogInformation("Dropped stale dispatch of {CaseCode}/{StepId} attempt {Attempt}: its lease had expired", step.CaseCode, step.StepId, step.Attempt);
            return;
        }

        var lease = await RenewAsync(step, worker, step.LeaseExpiresAt, context.CancellationToken);
        if (!lease.Granted)
        {
            logger.LogInformation("Dropped dispatch of {CaseCode}/{StepId} attempt {Attempt}: {Reason}", step.CaseCode, step.StepId, step.Attempt, lease.Reason);
            return;
        }

        using var leaseLost = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        var leaseExpiresAt = lease.LeaseExpiresAt!.Value;
        var heartbeat = KeepLeaseAsync(step, worker, () => leaseExpiresAt, at => leaseExpiresAt = at, leaseLost);

        async Task EnsureLease(CancellationToken token)
        {
            // Before a write the lease must still be ours, with room to finish the write.
            var answer = await RenewAsync(step, worker, leaseExpiresAt, token);
            if (!answer.Granted)
            {
                throw new LeaseLostException(answer.Reason ?? "lease lost");
            }

            leaseExpiresAt = answer.LeaseExpiresAt!.Value;
        }

        async Task Commit(CancellationToken token)
        {
            // The engine notes the commit point on the attempt; from then on a crash leaves an unknown outcome.
            var answer = await RenewAsync(step, worker, leaseExpiresAt, token, committing: true);
            if (!answer.Granted)
            {
                throw new LeaseLostException(answer.Reason ?? "lease lost");
            }

            leaseExpiresAt = answer.LeaseExpiresAt!.Value;
        }

        Func<MaterialReference, CancellationToken, Task<byte[]>>? fetchMaterial = materials is null ? null : (reference, token) => materials.FetchAsync(step, worker, reference, token);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(leaseLost.Token);
        var attemptClock = new AttemptClock(timeout, _options.AttemptTimeout, time);
        Func<PersonQuestion, CancellationToken, Task<string>>? ask = questions is null ? null : (question, token) => AskAsync(questions, step, worker, question, attemptClock, token);
        var botContext = new BotStepContext(step, worker, EnsureLease, Commit, fetchMaterial, ask);
        using var attempt = RpaTelemetry.StartStepActivity("rpa.bot.attempt", step)?.SetTag(RpaTelemetry.Tags.Worker, worker);
        var started = time.GetTimestamp();
        StepReport report;
        try
        {
            if (systems is not null)
            {
                // A system published since this worker started: take the version the engine dispatched with first.
                await systems.EnsureAsync(step, worker, timeout.Token);
            }

            var action = actions.FirstOrDefault(a => a.CanRun(step))
                ?? throw new NeedsPersonException($"本工作机没有可执行 {step.Action} 的机器人 / no bot on worker {worker} can run {step.Action}");
            attemptClock.Start();
            var result = await action.RunAsync(botContext, timeout.Token);
            report = Report(step, worker, botContext) with { Succeeded = !result.NotFound, NotFound = result.NotFound, Outputs = result.Outputs, FoundExisting = result.FoundExisting, Document = result.Document };
        }
        catch (LeaseLostException ex)
        {
            logger.LogWarning("Stopped {CaseCode}/{StepId} attempt {Attempt}: {Reason}", step.CaseCode, step.StepId, step.Attempt, ex.Message);
            Ended(RpaTelemetry.LeaseLost, failed: true);
            return;
        }
        catch (OperationCanceledException) when (!context.CancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Stopped {CaseCode}/{StepId} attempt {Attempt}: the lease was lost or the attempt timed out", step.CaseCode, step.StepId, step.Attempt);
            report = Report(step, worker, botContext) with { FailureClass = FailureClass.Transient, Message = $"attempt did not finish within {_options.AttemptTimeout.TotalSeconds:0}s or lost its lease" };
        }
        catch (QuestionUnansweredException ex)
        {
            report = Report(step, worker, botContext) with { FailureClass = FailureClass.Transient, Unanswered = true, Message = ex.Message };
        }
        catch (AwaitingApplicantException ex)
        {
            report = Report(step, worker, botContext) with { Awaiting = true, Message = ex.Message };
        }
        catch (SystemUnavailableException ex)
        {
            report = Report(step, worker, botContext) with { FailureClass = FailureClass.Transient, Message = ex.Message, DeferredFor = ex.RetryAfter };
        }
        catch (BotFailureException ex)
        {
            report = Report(step, worker, botContext) with { FailureClass = ex.Class, Message = ex.Message };
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // An unexpected error is retried; if it persists, the step goes to a person with this message.
            logger.LogWarning(ex, "Unexpected error in {CaseCode}/{StepId} attempt {Attempt}", step.CaseCode, step.StepId, step.Attempt);
            report = Report(step, worker, botContext) with { FailureClass = FailureClass.Transient, Message = $"{ex.GetType().Name}: {ex.Message}" };
        }
        finally
        {
            await leaseLost.CancelAsync();
            await heartbeat;
        }

        Ended(RpaTelemetry.OutcomeOf(report), failed: report.FailureClass is not null);
        var engine = await context.GetSendEndpoint(EngineQueue);
        await engine.Send(report, context.CancellationToken);

        void Ended(string outcome, bool failed)
        {
            // The outcome only: a bot's message may quote the form, so it stays out of spans and labels.
            RpaTelemetry.RecordAttempt(step, outcome, time.GetElapsedTime(started));
            attempt?.SetTag(RpaTelemetry.Tags.Outcome, outcome).SetStatus(failed ? System.Diagnostics.ActivityStatusCode.Error : System.Diagnostics.ActivityStatusCode.Ok);
        }
    }

    /// <summary>
    /// Asks a person and waits for the answer while the lease is kept by the heartbeat; the attempt's clock stands still
    /// meanwhile (a person's minutes are not the system's slowness). The answer is returned, never logged.
    /// </summary>
    private async Task<string> AskAsync(IQuestionChannel channel, RunStep step, string worker, PersonQuestion question, AttemptClock clock, CancellationToken cancellationToken)
    {
        var asked = await channel.AskAsync(new AskPerson
        {
            StepRecordId = step.StepRecordId,
            DispatchToken = step.DispatchToken,
            Worker = worker,
            Kind = question.Kind,
            Image = question.Image,
            Timeout = _options.AskTimeout,
        }, cancellationToken) ?? throw new LeaseLostException("the dispatch is no longer current; the question was not asked");
        logger.LogInformation("{CaseCode}/{StepId} attempt {Attempt} asks a person ({Kind}), waiting up to {Seconds}s", step.CaseCode, step.StepId, step.Attempt, question.Kind, _options.AskTimeout.TotalSeconds);
        clock.Pause();
        try
        {
            // A little past the question's own expiry: the engine, not this clock, says it expired (and audits it).
            var giveUp = time.GetUtcNow() + _options.AskTimeout + TimeSpan.FromSeconds(30);
            while (true)
            {
                await Task.Delay(_options.AskPollInterval, time, cancellationToken);
                var poll = await channel.PollAsync(step, worker, asked, cancellationToken);
                switch (poll.Status)
                {
                    case QuestionStatus.Answered when !string.IsNullOrEmpty(poll.Answer):
                        logger.LogInformation("{CaseCode}/{StepId} attempt {Attempt} got its answer", step.CaseCode, step.StepId, step.Attempt);
                        return poll.Answer;
                    case QuestionStatus.NotCurrent:
                        throw new LeaseLostException("the dispatch is no longer current; the question was withdrawn");
                    case QuestionStatus.Expired:
                        throw new QuestionUnansweredException($"{step.System} 需要人工作答（{question.Kind}），{_options.AskTimeout.TotalSeconds:0} 秒内无人作答，顺延至下一服务时段 / nobody answered the {question.Kind} within {_options.AskTimeout.TotalSeconds:0}s; the step waits for the next service hours");
                }

                if (time.GetUtcNow() > giveUp)
                {
                    throw new QuestionUnansweredException($"{step.System}: no answer to the {question.Kind} and no word from the runner within {_options.AskTimeout.TotalSeconds:0}s");
                }
            }
        }
        finally
        {
            clock.Resume();
        }
    }

    /// <summary>The attempt's time limit, which stands still while the bot waits for a person.</summary>
    private sealed class AttemptClock(CancellationTokenSource timeout, TimeSpan limit, TimeProvider time)
    {
        private TimeSpan _left = limit;
        private long _since;

        public void Start()
        {
            _since = time.GetTimestamp();
            timeout.CancelAfter(_left > TimeSpan.Zero ? _left : TimeSpan.Zero);
        }

        public void Pause()
        {
            _left -= time.GetElapsedTime(_since);
            timeout.CancelAfter(Timeout.InfiniteTimeSpan);
        }

        public void Resume() => Start();
    }

    private static StepReport Report(RunStep step, string worker, BotStepContext context) => new()
    {
        StepRecordId = step.StepRecordId,
        DispatchToken = step.DispatchToken,
        Attempt = step.Attempt,
        Worker = worker,
        Succeeded = false,
        Evidence = context.Evidence,
        Notes = context.Notes,
    };

    /// <summary>
    /// Asks the engine to extend the lease. The wait for the answer ends when the lease held now runs out (at
    /// most 30 s): past that moment the step may be given to another worker, so this one must not keep a
    /// session open waiting for an engine that does not answer.
    /// </summary>
    private async Task<StepLeaseAnswer> RenewAsync(RunStep step, string worker, DateTimeOffset holdsUntil, CancellationToken cancellationToken, bool committing = false)
    {
        var wait = TimeSpan.FromTicks(Math.Clamp((holdsUntil - time.GetUtcNow()).Ticks, TimeSpan.FromSeconds(1).Ticks, TimeSpan.FromSeconds(30).Ticks));
        var response = await leases.GetResponse<StepLeaseAnswer>(
            new ExtendStepLease { StepRecordId = step.StepRecordId, DispatchToken = step.DispatchToken, Worker = worker, Committing = committing },
            cancellationToken,
            RequestTimeout.After(ms: (int)wait.TotalMilliseconds));
        return response.Message;
    }

    private async Task KeepLeaseAsync(RunStep step, string worker, Func<DateTimeOffset> expiresAt, Action<DateTimeOffset> renewed, CancellationTokenSource leaseLost)
    {
        try
        {
            while (!leaseLost.IsCancellationRequested)
            {
                var remaining = expiresAt() - time.GetUtcNow();
                await Task.Delay(TimeSpan.FromTicks(Math.Max(remaining.Ticks / 3, TimeSpan.FromMilliseconds(50).Ticks)), time, leaseLost.Token);
                var answer = await RenewAsync(step, worker, expiresAt(), leaseLost.Token);
                if (!answer.Granted)
                {
                    logger.LogWarning("Lease of {CaseCode}/{StepId} lost: {Reason}", step.CaseCode, step.StepId, answer.Reason);
                    await leaseLost.CancelAsync();
                    return;
                }

                renewed(answer.LeaseExpiresAt!.Value);
            }
        }
        catch (OperationCanceledException)
        {
            // The attempt ended; nothing more to keep.
        }
        catch (RequestTimeoutException)
        {
            // The engine did not answer: keep working until the lease we hold runs out, then stop.
            var remaining = expiresAt() - time.GetUtcNow();
            if (remaining > TimeSpan.Zero)
            {
                leaseLost.CancelAfter(remaining);
            }
            else
            {
                await leaseLost.CancelAsync();
            }
        }
    }
}
