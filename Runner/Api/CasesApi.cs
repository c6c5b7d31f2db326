using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using RpaRunner.Designer.Access;
using RpaRunner.Runner.Security;
using RpaRunner.Workflows.Engine;
using RpaRunner.Workflows.Materials;

namespace RpaRunner.Runner.Api;

/// <summary>Cases: submit one from the unified form, read them, and an operator's actions on their steps.</summary>
public static class CasesApi
{
    public static IServiceCollection AddCasesApi(this IServiceCollection services) => services.AddSingleton<IdempotencyKeys>();

    public static RouteGroupBuilder MapCasesApi(this IEndpointRouteBuilder app)
    {
        var cases = app.MapGroup("/api/cases").WithTags("Cases");
        cases.MapPost("/", SubmitAsync).RequireAuthorization(Policies.SubmitCases)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Submit a case: a bundle id, the unified form and, optionally, `materials`: the window's decision for each material not handed in, "
                + "`{\"id\": {\"decision\": \"deferred\"}}` (容缺, where the material is deferrable) or `{\"id\": {\"decision\": \"promised\", \"applicantTicked\": true}}` "
                + "(告知承诺, where it allows a promise; or `signaturePng`, a base64 PNG of at most 128 KB, virus-scanned). A bad form or decision is refused with every "
                + "error (`form.section.field`, `materials.id`); nothing is stored.");
        cases.MapGet("/", ListAsync).RequireAuthorization(Policies.ReadCases).ProducesProblem(StatusCodes.Status400BadRequest)
            .WithSummary("Search the cases of the caller's units: `{ total, page, pageSize, items }`, newest first by default. "
                + "Parameters (all optional): `q` (a case code or its beginning, any case; the provincial platform's case number of a pushed case, exactly; or a full ID number or mobile number, found through the keyed hash index), "
                + "`bundle`, `status` (running, waitingForPerson, waitingForApplicant, completed, cancelled), `flag` (yellow, red: an open matter so flagged), "
                + "`system` (a step on that department system), `stepState` (waitingForPerson, failedWillRetry, needsApplicant, outcomeUnknown, needsAmendment), "
                + "`from`, `to` (submitted on those days, yyyy-MM-dd), `unit` (that unit and those beneath it, within the caller's), "
                + "`sort` (submitted, code, status, deadline; a leading '-' sorts descending; default -submitted), `page` (from 1), `pageSize` (1-200, default 50). "
                + "A value that does not parse is 400 naming its parameter.");
        cases.MapCaseExports(app);
        cases.MapGet("/{code}", GetAsync).RequireAuthorization(Policies.ReadCases).WithSummary("A case with its steps, inputs, outputs, errors and attempts, and its materials (一次告知: each declared material, missing or supplied with file name, size and SHA-256).");
        cases.MapMaterialsApi();
        cases.MapGet("/{code}/audit", AuditAsync).RequireAuthorization(Policies.ReadAudit).WithSummary("The audit trail of a case.");
        cases.MapGet("/{code}/audit/{id:long}/original", AuditOriginalEndpoint.GetAsync).RequireAuthorization(Policies.ReadAudit)
            .WithSummary("An audit row's details before personal data was masked (rows with `hasSealedDetail`); the reading is audited.");
        cases.MapPost("/{code}/amend", AmendAsync).RequireAuthorization(Policies.AmendCases)
            .WithSummary("Amend the case's unified form (更正): the changed fields by section, validated like a submission. Steps not yet run use the new values; records departments already hold are corrected (待更正).");
        cases.MapPost("/{code}/cancel", CancelAsync).RequireAuthorization(Policies.ActOnCases).WithSummary("Cancel a case, with a reason.");
        cases.MapPost("/{code}/steps/{stepId}/retry", (string code, string stepId, ReasonRequest body, ClaimsPrincipal user, CaseEngine engine, CancellationToken ct) =>
            ActAsync(engine, new PersonAction(code, stepId, PersonActionKind.Retry, user.Identity!.Name!, body.Reason, Scope: user.Scope()), ct))
            .RequireAuthorization(Policies.ActOnCases).WithSummary("Retry a step that waits for a person (renews its retry budget).");
        cases.MapPost("/{code}/steps/{stepId}/correct", (string code, string stepId, ValuesRequest body, ClaimsPrincipal user, CaseEngine engine, CancellationToken ct) =>
            ActAsync(engine, new PersonAction(code, stepId, PersonActionKind.CorrectAndRetry, user.Identity!.Name!, body.Reason, body.Values, Scope: user.Scope()), ct))
            .RequireAuthorization(Policies.ActOnCases).WithSummary("Correct some of a step's inputs and retry it.");
        cases.MapPost("/{code}/steps/{stepId}/skip", (string code, string stepId, SkipRequest body, ClaimsPrincipal user, CaseEngine engine, CancellationToken ct) =>
            ActAsync(engine, new PersonAction(code, stepId, PersonActionKind.Skip, user.Identity!.Name!, body.Reason, Cascade: body.Cascade, Scope: user.Scope()), ct))
            .RequireAuthorization(Policies.ActOnCases)
            .WithSummary("Skip a step. When later steps need its outputs the answer is 409 with `affected` (their step ids): complete it by hand with its outputs instead, or send `cascade: true` to skip them too.");
        cases.MapPost("/{code}/steps/{stepId}/complete", (string code, string stepId, ValuesRequest body, ClaimsPrincipal user, CaseEngine engine, CancellationToken ct) =>
            ActAsync(engine, new PersonAction(code, stepId, PersonActionKind.CompleteByHand, user.Identity!.Name!, body.Reason, body.Values, Scope: user.Scope()), ct))
            .RequireAuthorization(Policies.ActOnCases).WithSummary("Complete a step by hand, giving its outputs.");

        app.MapGet("/api/tasks", async (string? system, ClaimsPrincipal user, CaseQueries queries, CancellationToken ct) => TypedResults.Ok(await queries.WaitingForPersonAsync(system, user.Scope(), ct)))
            .RequireAuthorization(Policies.ActOnCases).WithTags("Cases").WithSummary("Steps waiting for a person, oldest case first.");
        return cases;
    }

    private static async Task<Results<Created<SubmitResponse>, Ok<SubmitResponse>, ValidationProblem, ProblemHttpResult>> SubmitAsync(
        [FromBody] JsonElement document, HttpRequest request, ClaimsPrincipal user, CaseEngine engine, IdempotencyKeys idempotency, CaseMaterials materials, CancellationToken cancellationToken)
    {
        if (ObjectOf(document) is not { } body)
        {
            return NotAnObject();
        }

        var bundleId = body["bundleId"] is JsonValue id && id.TryGetValue<string>(out var s) ? s : null;
        if (string.IsNullOrWhiteSpace(bundleId))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["bundleId"] = ["bundleId is required / 请指定一件事"] }, title: "The submission is incomplete.");
        }

        int? version = null;
        if (body["bundleVersion"] is { } requested)
        {
            if (requested is not JsonValue v || !v.TryGetValue<int>(out var n) || n < 1)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["bundleVersion"] = ["bundleVersion must be a positive integer / 版本号须为正整数"] });
            }

            version = n;
        }

        if (body["form"] is not (JsonObject or null))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["form"] = ["form must be an object of sections / 表单须为对象"] });
        }

        if (!IdempotencyKeys.TryRead(request, out var requestId))
        {
            return TypedResults.Problem(title: $"The {IdempotencyKeys.HeaderName} header is not valid.", detail: IdempotencyKeys.Rule, statusCode: StatusCodes.Status400BadRequest,
                extensions: new Dictionary<string, object?> { ["code"] = "idempotency.key-invalid" });
        }

        var form = body["form"]?.AsObject();
        var english = IsEnglish(request);
        var decisionErrors = new List<Workflows.Forms.FieldError>();
        var decisions = MaterialDecision.Read(body["materials"], decisionErrors);
        if (decisionErrors.Count > 0)
        {
            return FormProblem(decisionErrors, string.Empty, english, "The material decisions have errors; nothing was stored.", "材料的决定有误，未受理。");
        }

        try
        {
            await materials.ScanSignaturesAsync(decisions, cancellationToken);
            var result = await engine.SubmitAsync(
                new SubmitCase(bundleId, form?.DeepClone().AsObject(), user.Identity!.Name!, version, requestId,
                    RequestFingerprints: requestId is null ? null : idempotency.FingerprintsOf(bundleId, version, form), Unit: user.Unit(), Materials: decisions),
                cancellationToken);
            var response = new SubmitResponse(result.CaseCode, $"/api/cases/{result.CaseCode}");
            return result.Created ? TypedResults.Created(response.Location, response) : TypedResults.Ok(response);
        }
        catch (FormRejectedException ex)
        {
            return FormProblem(ex.Errors, "form.", english, "The form has errors; nothing was stored.", "表单有误，未受理。");
        }
        catch (MaterialDecisionRejectedException ex)
        {
            return FormProblem(ex.Errors, string.Empty, english, "The material decisions have errors; nothing was stored.", "材料的决定有误，未受理。");
        }
        catch (MaterialRefusedException ex)
        {
            return MaterialsApi.Refused(ex, english);
        }
        catch (ScannerUnavailableException)
        {
            return MaterialsApi.Unscanned(english);
        }
        catch (EngineRequestException ex)
        {
            return Problem(ex);
        }
    }

    private static async Task<Results<Ok<AmendResult>, ValidationProblem, ProblemHttpResult>> AmendAsync(
        string code, [FromBody] JsonElement document, HttpRequest request, ClaimsPrincipal user, CaseEngine engine, CancellationToken cancellationToken)
    {
        if (ObjectOf(document) is not { } body)
        {
            return NotAnObject();
        }

        var reason = body["reason"] is JsonValue r && r.TryGetValue<string>(out var text) ? text : null;
        if (body["form"] is not JsonObject form)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["form"] = ["form must be an object of the changed fields by section / 表单须为按分组列出的更正字段"] });
        }

        try
        {
            return TypedResults.Ok(await engine.AmendCaseAsync(new AmendCase(code, user.Identity!.Name!, reason ?? string.Empty, form.DeepClone().AsObject(), user.Scope()), cancellationToken));
        }
        catch (FormRejectedException ex)
        {
            return FormProblem(ex.Errors, "form.", IsEnglish(request), "The amendment has errors; nothing changed.", "更正内容有误，未作更改。");
        }
        catch (EngineRequestException ex)
        {
            return Problem(ex);
        }
    }

    /// <summary>
    /// The body as a JSON object, or null for another JSON value. Bodies read as documents are bound as a
    /// <see cref="JsonElement"/>, which the serializer parses at once and holds to the API's rules (no key given twice);
    /// a <see cref="JsonObject"/> would be parsed lazily, failing only when first read.
    /// </summary>
    private static JsonObject? ObjectOf(JsonElement document) => document.ValueKind == JsonValueKind.Object ? JsonObject.Create(document) : null;

    private static ProblemHttpResult NotAnObject() =>
        TypedResults.Problem(title: "The request body must be a JSON object.", statusCode: StatusCodes.Status400BadRequest);

    internal static bool IsEnglish(HttpRequest request) => request.Headers.AcceptLanguage.ToString().StartsWith("en", StringComparison.OrdinalIgnoreCase);

    /// <summary>400 with every field error: `errors` by path for generic clients, `fieldErrors` with codes and both languages.</summary>
    internal static ValidationProblem FormProblem(IReadOnlyList<Workflows.Forms.FieldError> fieldErrors, string prefix, bool english, string titleEn, string titleZh) =>
        TypedResults.ValidationProblem(
            fieldErrors.GroupBy(e => prefix + e.Path).ToDictionary(g => g.Key, g => g.Select(e => english ? e.MessageEn : e.Message).ToArray()),
            title: english ? titleEn : titleZh,
            extensions: new Dictionary<string, object?> { ["fieldErrors"] = fieldErrors.Select(e => new { path = prefix + e.Path, e.Code, e.Message, e.MessageEn }) });

    private static async Task<Results<Ok<CasePage>, ValidationProblem>> ListAsync(HttpRequest request, CaseQueries queries, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var search = CaseSearchQuery.Parse(name => request.Query[name].ToString(), out var errors);
        return errors.Count > 0
            ? TypedResults.ValidationProblem(errors, title: "The case search is not valid. / 查询条件有误。")
            : TypedResults.Ok(await queries.SearchAsync(search, user.Scope(), cancellationToken));
    }

    /// <summary>A case outside the caller's unit is 404 like a missing one, so nobody learns it exists.</summary>
    private static async Task<Results<Ok<CaseView>, ProblemHttpResult>> GetAsync(string code, CaseQueries queries, CaseEngine engine, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        await queries.GetAsync(code, user.Scope(), cancellationToken) is { } view
            ? TypedResults.Ok(view with { Materials = await engine.MaterialsOfAsync(code, user.Scope(), cancellationToken) })
            : NoCase(code);

    private static async Task<Results<Ok<IReadOnlyList<AuditEventView>>, ProblemHttpResult>> AuditAsync(string code, CaseQueries queries, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        await queries.AuditOfAsync(code, user.Scope(), cancellationToken) is { } trail
            ? TypedResults.Ok(trail)
            : NoCase(code);

    /// <summary>404 as problem details, the same for a case of another unit as for one that does not exist.</summary>
    private static ProblemHttpResult NoCase(string code) =>
        TypedResults.Problem(title: $"No case {code}.", statusCode: StatusCodes.Status404NotFound, extensions: new Dictionary<string, object?> { ["code"] = "case.unknown" });

    private static async Task<Results<NoContent, ProblemHttpResult>> CancelAsync(string code, ReasonRequest body, ClaimsPrincipal user, CaseEngine engine, CancellationToken cancellationToken)
    {
        try
        {
            await engine.CancelCaseAsync(code, user.Identity!.Name!, body.Reason, user.Scope(), cancellationToken);
            return TypedResults.NoContent();
        }
        catch (EngineRequestException ex)
        {
            return Problem(ex);
        }
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> ActAsync(CaseEngine engine, PersonAction action, CancellationToken cancellationToken)
    {
        try
        {
            await engine.PerformAsync(action, cancellationToken);
            return TypedResults.NoContent();
        }
        catch (ValuesRejectedException ex)
        {
            return FormProblem(ex.Errors, "values.", english: false, "The values do not pass the action's contract; nothing changed.", "填写的值不符合要求，未作更改。");
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
            IdempotencyConflictException => StatusCodes.Status422UnprocessableEntity,
            ActionConflictException or SkipAffectsLaterStepsException => StatusCodes.Status409Conflict,
            _ => StatusCodes.Status400BadRequest,
        },
        extensions: ex switch
        {
            SkipAffectsLaterStepsException skip => new Dictionary<string, object?> { ["code"] = ex.Code, ["affected"] = skip.Affected },
            IdempotencyConflictException conflict => new Dictionary<string, object?> { ["code"] = ex.Code, ["caseCode"] = conflict.CaseCode },
            _ => new Dictionary<string, object?> { ["code"] = ex.Code },
        });
}

public sealed record SubmitResponse(string CaseCode, string Location);

public sealed record ReasonRequest(string Reason);

/// <param name="Cascade">Also skip the later steps that need this step's outputs.</param>
public sealed record SkipRequest(string Reason, bool Cascade = false);

public sealed record ValuesRequest(string Reason, Dictionary<string, string?>? Values);
