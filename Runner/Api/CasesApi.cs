using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using RpaRunner.Runner.Security;
using RpaRunner.Workflows.Engine;

namespace RpaRunner.Runner.Api;

/// <summary>Cases: submit one from the unified form, read them, and an operator's actions on their steps.</summary>
public static class CasesApi
{
    public static RouteGroupBuilder MapCasesApi(this IEndpointRouteBuilder app)
    {
        var cases = app.MapGroup("/api/cases").WithTags("Cases");
        cases.MapPost("/", SubmitAsync).RequireAuthorization(Policies.SubmitCases)
            .WithSummary("Submit a case: a bundle id and the unified form. A bad form is refused with every field error; nothing is stored.");
        cases.MapGet("/", ListAsync).RequireAuthorization(Policies.ReadCases).WithSummary("List cases, newest first.");
        cases.MapGet("/{code}", GetAsync).RequireAuthorization(Policies.ReadCases).WithSummary("A case with its steps, inputs, outputs, errors and attempts.");
        cases.MapGet("/{code}/audit", AuditAsync).RequireAuthorization(Policies.ReadAudit).WithSummary("The audit trail of a case.");
        cases.MapPost("/{code}/cancel", CancelAsync).RequireAuthorization(Policies.ActOnCases).WithSummary("Cancel a case, with a reason.");
        cases.MapPost("/{code}/steps/{stepId}/retry", (string code, string stepId, ReasonRequest body, ClaimsPrincipal user, CaseEngine engine, CancellationToken ct) =>
            ActAsync(engine, new PersonAction(code, stepId, PersonActionKind.Retry, user.Identity!.Name!, body.Reason), ct))
            .RequireAuthorization(Policies.ActOnCases).WithSummary("Retry a step that waits for a person (renews its retry budget).");
        cases.MapPost("/{code}/steps/{stepId}/correct", (string code, string stepId, ValuesRequest body, ClaimsPrincipal user, CaseEngine engine, CancellationToken ct) =>
            ActAsync(engine, new PersonAction(code, stepId, PersonActionKind.CorrectAndRetry, user.Identity!.Name!, body.Reason, body.Values), ct))
            .RequireAuthorization(Policies.ActOnCases).WithSummary("Correct some of a step's inputs and retry it.");
        cases.MapPost("/{code}/steps/{stepId}/skip", (string code, string stepId, ReasonRequest body, ClaimsPrincipal user, CaseEngine engine, CancellationToken ct) =>
            ActAsync(engine, new PersonAction(code, stepId, PersonActionKind.Skip, user.Identity!.Name!, body.Reason), ct))
            .RequireAuthorization(Policies.ActOnCases).WithSummary("Skip a step; the steps after it go on.");
        cases.MapPost("/{code}/steps/{stepId}/complete", (string code, string stepId, ValuesRequest body, ClaimsPrincipal user, CaseEngine engine, CancellationToken ct) =>
            ActAsync(engine, new PersonAction(code, stepId, PersonActionKind.CompleteByHand, user.Identity!.Name!, body.Reason, body.Values), ct))
            .RequireAuthorization(Policies.ActOnCases).WithSummary("Complete a step by hand, giving its outputs.");

        app.MapGet("/api/tasks", async (string? system, CaseQueries queries, CancellationToken ct) => TypedResults.Ok(await queries.WaitingForPersonAsync(system, ct)))
            .RequireAuthorization(Policies.ActOnCases).WithTags("Cases").WithSummary("Steps waiting for a person, oldest case first.");
        return cases;
    }

    private static async Task<Results<Created<SubmitResponse>, Ok<SubmitResponse>, ValidationProblem, ProblemHttpResult>> SubmitAsync(
        HttpRequest request, ClaimsPrincipal user, CaseEngine engine, CancellationToken cancellationToken)
    {
        JsonObject? body;
        try
        {
            body = await JsonNode.ParseAsync(request.Body, cancellationToken: cancellationToken) as JsonObject;
        }
        catch (JsonException ex)
        {
            return TypedResults.Problem(title: "The request body is not valid JSON.", detail: ex.Message, statusCode: StatusCodes.Status400BadRequest);
        }

        var bundleId = body?["bundleId"] is JsonValue id && id.TryGetValue<string>(out var s) ? s : null;
        if (body is null || string.IsNullOrWhiteSpace(bundleId))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["bundleId"] = ["bundleId is required / 请指定一件事"] }, title: "The submission is incomplete.");
        }

        int? version = body["bundleVersion"] is JsonValue v && v.TryGetValue<int>(out var n) ? n : null;
        if (body["form"] is not (JsonObject or null))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["form"] = ["form must be an object of sections / 表单须为对象"] });
        }

        var requestId = request.Headers["Idempotency-Key"].ToString();
        var english = request.Headers.AcceptLanguage.ToString().StartsWith("en", StringComparison.OrdinalIgnoreCase);
        try
        {
            var result = await engine.SubmitAsync(
                new SubmitCase(bundleId, body["form"]?.AsObject().DeepClone().AsObject(), user.Identity!.Name!, version, string.IsNullOrWhiteSpace(requestId) ? null : requestId),
                cancellationToken);
            var response = new SubmitResponse(result.CaseCode, $"/api/cases/{result.CaseCode}");
            return result.Created ? TypedResults.Created(response.Location, response) : TypedResults.Ok(response);
        }
        catch (FormRejectedException ex)
        {
            var errors = ex.Errors
                .GroupBy(e => "form." + e.Path)
                .ToDictionary(g => g.Key, g => g.Select(e => english ? e.MessageEn : e.Message).ToArray());
            return TypedResults.ValidationProblem(
                errors,
                title: english ? "The form has errors; nothing was stored." : "表单有误，未受理。",
                extensions: new Dictionary<string, object?> { ["fieldErrors"] = ex.Errors.Select(e => new { path = "form." + e.Path, e.Code, e.Message, e.MessageEn }) });
        }
        catch (EngineRequestException ex)
        {
            return Problem(ex);
        }
    }

    private static async Task<Ok<IReadOnlyList<CaseView>>> ListAsync(CaseQueries queries, CaseStatus? status, string? bundle, int? skip, int? take, CancellationToken cancellationToken) =>
        TypedResults.Ok(await queries.ListAsync(new CaseFilter(status, bundle, Math.Max(0, skip ?? 0), take ?? 50), cancellationToken));

    private static async Task<Results<Ok<CaseView>, NotFound<ProblemDetails>>> GetAsync(string code, CaseQueries queries, CancellationToken cancellationToken) =>
        await queries.GetAsync(code, cancellationToken) is { } view
            ? TypedResults.Ok(view)
            : TypedResults.NotFound(new ProblemDetails { Title = $"No case {code}.", Status = 404 });

    private static async Task<Ok<IReadOnlyList<AuditEventView>>> AuditAsync(string code, CaseQueries queries, CancellationToken cancellationToken) =>
        TypedResults.Ok(await queries.AuditOfAsync(code, cancellationToken));

    private static async Task<Results<NoContent, ProblemHttpResult>> CancelAsync(string code, ReasonRequest body, ClaimsPrincipal user, CaseEngine engine, CancellationToken cancellationToken)
    {
        try
        {
            await engine.CancelCaseAsync(code, user.Identity!.Name!, body.Reason, cancellationToken);
            return TypedResults.NoContent();
        }
        catch (EngineRequestException ex)
        {
            return Problem(ex);
        }
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> ActAsync(CaseEngine engine, PersonAction action, CancellationToken cancellationToken)
    {
        try
        {
            await engine.PerformAsync(action, cancellationToken);
            return TypedResults.NoContent();
        }
        catch (EngineRequestException ex)
        {
            return Problem(ex);
        }
    }

    internal static ProblemHttpResult Problem(EngineRequestException ex) => TypedResults.Problem(
        title: ex.Message,
        statusCode: ex switch
        {
            NotFoundException => StatusCodes.Status404NotFound,
            ActionConflictException => StatusCodes.Status409Conflict,
            _ => StatusCodes.Status400BadRequest,
        },
        extensions: new Dictionary<string, object?> { ["code"] = ex.Code });
}

public sealed record SubmitResponse(string CaseCode, string Location);

public sealed record ReasonRequest(string Reason);

public sealed record ValuesRequest(string Reason, Dictionary<string, string?>? Values);
