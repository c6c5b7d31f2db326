using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using RpaRunner.Bots.Pools;
using RpaRunner.Bots.Runtime;
using RpaRunner.Designer.Access;
using RpaRunner.Runner.Farm;
using RpaRunner.Runner.Security;
using RpaRunner.Workflows.Engine;
using RpaRunner.Workflows.Engine.Contracts;

namespace RpaRunner.Runner.Api;

/// <summary>
/// A bot asks a person mid-step (ADR 0028). Operators list the open questions of their units' cases and answer them
/// (<c>/api/questions</c>); the bot that asked posts its question and looks for the answer under
/// <c>/api/worker/steps/{id}/questions</c>, authorised like a material's file by the running attempt's dispatch token and
/// its own name. An answer is handed to the asking bot once; it appears in no response to anyone else and in no log.
/// </summary>
public static class QuestionsApi
{
    /// <summary>A farm worker (or any process given <c>Bots:RunnerUrl</c>) asks over HTTP; the embedded runner's bots through the engine beside them.</summary>
    public static IServiceCollection AddWorkerQuestions(this IServiceCollection services, string role, IConfiguration configuration)
    {
        if (role == FarmRole.Worker || !string.IsNullOrEmpty(configuration["Bots:RunnerUrl"]))
        {
            services.AddHttpClient<IQuestionChannel, RunnerQuestionClient>(c => c.Timeout = TimeSpan.FromSeconds(30));
        }
        else
        {
            services.AddSingleton<IQuestionChannel, EngineQuestionChannel>();
        }

        return services;
    }

    public static void MapQuestionsApi(this IEndpointRouteBuilder app)
    {
        var questions = app.MapGroup("/api/questions").WithTags("Questions").RequireAuthorization(Policies.ActOnCases);
        questions.MapGet("/", ListAsync)
            .WithSummary("The bots' open questions (captcha, SMS code, U盾 PIN) on cases of the caller's units, soonest to expire first: case, step, "
                + "`label` (zh, en), who may answer, `askedAt`, `expiresAt`, and `image` (the picture's address). `case` narrows to one case.");
        questions.MapGet("/{id:guid}/image", ImageAsync).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The picture (PNG) of an open question: the captcha or the page region the bot needs read.");
        questions.MapPost("/{id:guid}/answer", AnswerAsync)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesValidationProblem()
            .WithSummary("Answer an open question: `{\"answer\": \"…\"}` (1–32 characters, no control characters). The bot types it into the system and "
                + "goes on in the same session. 409 when the question is closed (answered, expired, or the bot's attempt ended). The answer is never logged or audited.");

        var worker = app.MapGroup("/api/worker/steps/{stepRecordId:guid}/questions").WithTags("Workers").AllowAnonymous();
        worker.MapPost("/", AskAsync).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .WithSummary($"For a bot worker: ask a person, with headers `{RunnerMaterialClient.DispatchTokenHeader}` and `{RunnerMaterialClient.WorkerHeader}`; "
                + "`{kind, imagePng (base64), timeoutSeconds}`. 403 when the attempt is not current.");
        worker.MapGet("/{questionId:guid}", PollAsync).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .WithSummary("For the bot that asked: `{status: pending | answered | expired, answer}`; the answer is handed out once.");
    }

    /// <summary>What the console and the API show of an open question (never an answer).</summary>
    public sealed record QuestionItem(Guid Id, string CaseCode, string BundleId, string StepId, string System, string Action, int Attempt, string Kind,
        Workflows.LocalizedText Label, string AnswerRole, DateTimeOffset AskedAt, DateTimeOffset ExpiresAt, string? Image);

    public sealed record AnswerRequest(string? Answer);

    private static async Task<Ok<IReadOnlyList<QuestionItem>>> ListAsync(string? @case, ClaimsPrincipal user, CaseEngine engine, CancellationToken cancellationToken)
    {
        var open = await engine.OpenQuestionsAsync(user.Scope(), @case, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<QuestionItem>>([.. open.Select(q => new QuestionItem(q.Id, q.CaseCode, q.BundleId, q.StepId, q.System, q.Action, q.Attempt, q.Kind,
            q.Label, q.AnswerRole, q.AskedAt, q.ExpiresAt, q.HasImage ? $"/api/questions/{q.Id}/image" : null))]);
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ImageAsync(Guid id, ClaimsPrincipal user, CaseEngine engine, CancellationToken cancellationToken) =>
        await engine.QuestionImageAsync(id, user.Scope(), cancellationToken) is { } image
            ? TypedResults.File(image, "image/png")
            : TypedResults.Problem(title: "No open question with a picture.", statusCode: StatusCodes.Status404NotFound);

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> AnswerAsync(Guid id, AnswerRequest body, ClaimsPrincipal user, CaseEngine engine, CancellationToken cancellationToken)
    {
        try
        {
            await engine.AnswerQuestionAsync(id, body.Answer ?? string.Empty, user.Identity!.Name!, user.Scope(), cancellationToken);
            return TypedResults.NoContent();
        }
        catch (QuestionAnswerRejectedException ex)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["answer"] = [ex.Message] }, title: "The answer is not acceptable; nothing changed.");
        }
        catch (EngineRequestException ex)
        {
            return CasesApi.Problem(ex);
        }
    }

    private static bool TryReadWorker(HttpContext context, out Guid token, out string worker)
    {
        var headers = context.Request.Headers;
        worker = headers[RunnerMaterialClient.WorkerHeader].ToString();
        return Guid.TryParse(headers[RunnerMaterialClient.DispatchTokenHeader].ToString(), out token) && worker.Length is > 0 and <= 128;
    }

    private static ProblemHttpResult Unidentified() => TypedResults.Problem(
        title: $"Send the attempt's dispatch token in {RunnerMaterialClient.DispatchTokenHeader} and the worker in {RunnerMaterialClient.WorkerHeader}.", statusCode: StatusCodes.Status401Unauthorized);

    private static async Task<Results<Created<AskedResponse>, ValidationProblem, ProblemHttpResult>> AskAsync(Guid stepRecordId, RunnerQuestionClient.AskBody body, HttpContext context, CaseEngine engine, CancellationToken cancellationToken)
    {
        if (!TryReadWorker(context, out var token, out var worker))
        {
            return Unidentified();
        }

        byte[]? image = null;
        if (body.ImagePng is { Length: > 0 } encoded)
        {
            image = new byte[encoded.Length * 3 / 4 + 3];
            if (!Convert.TryFromBase64String(encoded, image, out var length))
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["imagePng"] = ["imagePng must be base64"] });
            }

            image = image[..length];
        }

        try
        {
            var asked = await engine.AskAsync(new AskPerson
            {
                StepRecordId = stepRecordId, DispatchToken = token, Worker = worker, Kind = body.Kind, Image = image, Timeout = TimeSpan.FromSeconds(body.TimeoutSeconds),
            }, cancellationToken);
            return asked is { } id
                ? TypedResults.Created($"/api/worker/steps/{stepRecordId}/questions/{id}", new AskedResponse(id))
                : TypedResults.Problem(title: "The dispatch is not the step's running attempt.", statusCode: StatusCodes.Status403Forbidden);
        }
        catch (EngineRequestException ex)
        {
            return CasesApi.Problem(ex);
        }
    }

    public sealed record AskedResponse(Guid Id);

    private static async Task<Results<Ok<RunnerQuestionClient.PollBody>, ProblemHttpResult>> PollAsync(Guid stepRecordId, Guid questionId, HttpContext context, CaseEngine engine, CancellationToken cancellationToken)
    {
        if (!TryReadWorker(context, out var token, out var worker))
        {
            return Unidentified();
        }

        var poll = await engine.PollQuestionAsync(stepRecordId, token, worker, questionId, cancellationToken);
        return poll.Status == QuestionStatus.NotCurrent
            ? TypedResults.Problem(title: "The dispatch is not the step's running attempt, or the answer was taken.", statusCode: StatusCodes.Status403Forbidden)
            : TypedResults.Ok(new RunnerQuestionClient.PollBody(poll.Status.ToString().ToLowerInvariant(), poll.Answer));
    }

    /// <summary>The embedded runner's bots: the engine in this process, under the same rules as the HTTP door.</summary>
    private sealed class EngineQuestionChannel(CaseEngine engine) : IQuestionChannel
    {
        public Task<Guid?> AskAsync(AskPerson question, CancellationToken cancellationToken) => engine.AskAsync(question, cancellationToken);

        public Task<QuestionPoll> PollAsync(RunStep step, string worker, Guid questionId, CancellationToken cancellationToken) =>
            engine.PollQuestionAsync(step.StepRecordId, step.DispatchToken, worker, questionId, cancellationToken);
    }
}
