using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using RpaRunner.Runner.Api;
using RpaRunner.Workflows.Engine;
using RpaRunner.Workflows.Engine.Storage;
using RpaRunner.Workflows.Notifications;

namespace RpaRunner.Runner.Platform;

/// <summary>
/// The provincial platform's door (ADR 0016): <c>POST /api/platform/cases</c> takes a case the platform received,
/// signed with the shared secret (HMAC-SHA256 over "{timestamp}.{raw body}"), and submits it like the hall does, the
/// form checked by the same validator. The platform's case number makes it idempotent: the same case again is answered
/// with the first case (200), another body under the same number is 409. Refusals are problem details, field errors in
/// Chinese and English. Nothing of the body is logged.
/// </summary>
public static class PlatformApi
{
    public const string Path = "/api/platform/cases";
    public const string SignatureHeader = "X-Platform-Signature";
    public const string TimestampHeader = "X-Platform-Timestamp";

    /// <summary>Who submitted a pushed case, in the case and its audit trail; the platform's case numbers are unique under it.</summary>
    public const string Actor = "platform:provincial";

    private static readonly JsonDocumentOptions s_strict = new() { AllowDuplicateProperties = false };

    public static IEndpointRouteBuilder MapPlatformApi(this IEndpointRouteBuilder app)
    {
        app.MapPost(Path, SubmitAsync).AllowAnonymous().WithTags("Platform")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("A case pushed by the provincial platform, signed (X-Platform-Timestamp, X-Platform-Signature: sha256=HMAC over \"{timestamp}.{body}\"): "
                + "{platformCaseNo, bundleId, bundleVersion?, matterCodes?, channel?, form}. Idempotent by platformCaseNo: the same body again is 200 with the same case, another body 409.");
        return app;
    }

    private static async Task<Results<Created<PlatformSubmitResponse>, Ok<PlatformSubmitResponse>, ValidationProblem, ProblemHttpResult>> SubmitAsync(
        HttpRequest request, CaseEngine engine, IdempotencyKeys idempotency, IOptions<PlatformOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        var inbound = options.Value.Inbound;
        if (string.IsNullOrEmpty(inbound.Secret))
        {
            return Refusal(StatusCodes.Status404NotFound, "platform.disabled", "本系统未开通省平台推送。/ Intake from the provincial platform is not configured.");
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        var body = buffer.ToArray();
        var check = WebhookSignature.Verify(inbound.Secret, request.Headers[TimestampHeader], request.Headers[SignatureHeader], body, time.GetUtcNow(), inbound.ReplayWindow);
        if (check != SignatureCheck.Valid)
        {
            return check == SignatureCheck.Stale
                ? Refusal(StatusCodes.Status401Unauthorized, "platform.stale", $"请求时间戳缺失或超出 {inbound.ReplayWindow.TotalMinutes:0} 分钟窗口（可能是重放）。/ The timestamp is missing or outside the {inbound.ReplayWindow.TotalMinutes:0}-minute window (a replay?).")
                : Refusal(StatusCodes.Status401Unauthorized, "platform.signature", "签名无效。/ The signature is missing or does not match the body.");
        }

        JsonObject document;
        try
        {
            document = JsonNode.Parse(body, documentOptions: s_strict) as JsonObject
                ?? throw new JsonException();
        }
        catch (JsonException)
        {
            return Refusal(StatusCodes.Status400BadRequest, "platform.not-json", "请求体须为 JSON 对象。/ The body must be a JSON object.");
        }

        if (Read(document, out var errors) is not { } pushed)
        {
            return TypedResults.ValidationProblem(errors, title: "推送内容不完整。/ The pushed case is incomplete.");
        }

        var english = CasesApi.IsEnglish(request);
        try
        {
            var result = await engine.SubmitAsync(
                new SubmitCase(pushed.BundleId, pushed.Form, Actor, pushed.BundleVersion, RequestId: pushed.Origin.CaseNo,
                    RequestFingerprints: idempotency.FingerprintsOf(document), Unit: inbound.Unit, Platform: pushed.Origin),
                cancellationToken);
            var response = new PlatformSubmitResponse(result.CaseCode, pushed.Origin.CaseNo, $"/api/cases/{result.CaseCode}");
            return result.Created ? TypedResults.Created(response.Location, response) : TypedResults.Ok(response);
        }
        catch (FormRejectedException ex)
        {
            return CasesApi.FormProblem(ex.Errors, "form.", english, "The form has errors; nothing was stored.", "表单有误，未受理。");
        }
        catch (IdempotencyConflictException ex)
        {
            return TypedResults.Problem(
                title: "该省平台办件号已用于内容不同的推送。/ This platform case number was already pushed with a different body.",
                statusCode: StatusCodes.Status409Conflict,
                extensions: new Dictionary<string, object?> { ["code"] = "platform.case-conflict", ["caseCode"] = ex.CaseCode });
        }
        catch (EngineRequestException ex)
        {
            return CasesApi.Problem(ex);
        }
    }

    /// <summary>The pushed case's parts, or null with every missing or malformed one by field.</summary>
    private static PushedCase? Read(JsonObject document, out Dictionary<string, string[]> errors)
    {
        errors = [];
        var caseNo = Text(document, "platformCaseNo");
        if (caseNo is null || caseNo.Length > CaseRecord.PlatformCaseNoMaxLength || !caseNo.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            errors["platformCaseNo"] = [$"省平台办件号必填，1–{CaseRecord.PlatformCaseNoMaxLength} 位字母、数字、- 或 _ / platformCaseNo is required: 1 to {CaseRecord.PlatformCaseNoMaxLength} letters, digits, '-' or '_'"];
        }

        var bundleId = Text(document, "bundleId");
        if (bundleId is null)
        {
            errors["bundleId"] = ["请指定一件事 / bundleId is required"];
        }

        int? version = null;
        if (document["bundleVersion"] is { } requested)
        {
            if (requested is JsonValue v && v.TryGetValue<int>(out var n) && n >= 1)
            {
                version = n;
            }
            else
            {
                errors["bundleVersion"] = ["版本号须为正整数 / bundleVersion must be a positive integer"];
            }
        }

        var codes = new List<string>();
        if (document["matterCodes"] is { } matterCodes)
        {
            if (matterCodes is JsonArray array && array.All(c => c is JsonValue cv && cv.TryGetValue<string>(out var code) && code.Length is > 0 and <= 64))
            {
                codes.AddRange(array.Select(c => c!.GetValue<string>()));
            }
            else
            {
                errors["matterCodes"] = ["事项编码须为字符串数组，每项 1–64 位 / matterCodes must be an array of codes of 1 to 64 characters"];
            }
        }

        var channel = Text(document, "channel");
        if (channel is { Length: > 32 })
        {
            errors["channel"] = ["申请渠道最长 32 位 / channel is at most 32 characters"];
        }

        if (document["form"] is not (JsonObject or null))
        {
            errors["form"] = ["表单须为对象 / form must be an object of sections"];
        }

        return errors.Count > 0
            ? null
            : new PushedCase(bundleId!, version, document["form"]?.DeepClone().AsObject(), new PlatformOrigin(caseNo!, codes, channel));
    }

    private static string? Text(JsonObject document, string name) =>
        document[name] is JsonValue value && value.TryGetValue<string>(out var text) && !string.IsNullOrWhiteSpace(text) ? text.Trim() : null;

    private static ProblemHttpResult Refusal(int status, string code, string title) =>
        TypedResults.Problem(title: title, statusCode: status, extensions: new Dictionary<string, object?> { ["code"] = code });

    private sealed record PushedCase(string BundleId, int? BundleVersion, JsonObject? Form, PlatformOrigin Origin);
}

/// <param name="CaseCode">Our case code (办件编码), the same on every repeat of the push.</param>
public sealed record PlatformSubmitResponse(string CaseCode, string PlatformCaseNo, string Location);
