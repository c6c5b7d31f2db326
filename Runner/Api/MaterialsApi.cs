using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using RpaRunner.Designer.Access;
using RpaRunner.Runner.Security;
using RpaRunner.Workflows.Engine;
using RpaRunner.Workflows.Materials;
using RpaRunner.Workflows.Model;

namespace RpaRunner.Runner.Api;

/// <summary>A case's materials (一次告知): hand one in (checked by content, virus-scanned, stored sealed), and read it back.</summary>
public static class MaterialsApi
{
    /// <summary>The largest upload body: the largest material a bundle may allow, and room for the multipart framing.</summary>
    public const long MaxUploadBodyBytes = (long)(MaterialDefinition.MaxSizeMbCeiling * 1024 * 1024) + 64 * 1024;

    public static void MapMaterialsApi(this RouteGroupBuilder cases)
    {
        cases.MapPost("/{code}/materials/{materialId}", AddAsync).RequireAuthorization(Policies.SupplyMaterials)
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(MaxUploadBodyBytes))
            .Accepts<IFormFile>("multipart/form-data")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithSummary("Hand in a material the case's bundle declares: multipart/form-data with one file in the part `file`. The type is recognised by the content "
                + "(PDF, JPEG, PNG as the material accepts), the size held to the material's limit, and the file virus-scanned by ClamAV; a refused file is 422 "
                + "with `code` (material.empty, material.too-large, material.wrong-type, material.infected) and the reason in Chinese and English; when the "
                + "scanner cannot be reached the answer is 503 and nothing is stored. A later file for the same material replaces the earlier one. Both are audited.");
        cases.MapPost("/{code}/materials/{materialId}/decision", DecideAsync).RequireAuthorization(Policies.SupplyMaterials)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Record the window's decision for a material not supplied: `{\"decision\": \"deferred\"}` (容缺, where the material is deferrable; due in its "
                + "deferral working days) or `{\"decision\": \"promised\", \"applicantTicked\": true}` / `\"signaturePng\": base64 PNG` (告知承诺, where it allows a promise). "
                + "The rule of a submission applies (400 with `materials.id` errors); the steps held for the material go through the gate again. Audited.");
        cases.MapGet("/{code}/materials/{materialId}", GetAsync).RequireAuthorization(Policies.ReadCases)
            .WithSummary("The file supplied for a case's material, as it was handed in (its SHA-256 in the `X-Content-SHA256` header).");
    }

    private static async Task<Results<Ok<MaterialView>, ProblemHttpResult>> AddAsync(
        string code, string materialId, HttpRequest request, ClaimsPrincipal user, CaseMaterials materials, CancellationToken cancellationToken)
    {
        var english = request.Headers.AcceptLanguage.ToString().StartsWith("en", StringComparison.OrdinalIgnoreCase);
        if (!request.HasFormContentType || (await request.ReadFormAsync(cancellationToken)).Files is not [var file])
        {
            return TypedResults.Problem(
                title: english ? "Send one file in the multipart/form-data part 'file'." : "请以 multipart/form-data 上传一个文件（字段名 file）。",
                statusCode: StatusCodes.Status400BadRequest, extensions: new Dictionary<string, object?> { ["code"] = "material.no-file" });
        }

        byte[] content;
        await using (var stream = file.OpenReadStream())
        {
            using var buffer = new MemoryStream((int)Math.Min(file.Length, MaxUploadBodyBytes));
            await stream.CopyToAsync(buffer, cancellationToken);
            content = buffer.ToArray();
        }

        try
        {
            var upload = new MaterialUpload(code, materialId, Path.GetFileName(file.FileName), content, user.Identity!.Name!);
            return TypedResults.Ok(await materials.AddAsync(upload, user.Scope(), cancellationToken));
        }
        catch (MaterialRefusedException ex)
        {
            return TypedResults.Problem(title: english ? ex.Text.En : ex.Text.Zh, statusCode: StatusCodes.Status422UnprocessableEntity,
                extensions: new Dictionary<string, object?> { ["code"] = ex.Code, ["message"] = ex.Text.Zh, ["messageEn"] = ex.Text.En });
        }
        catch (ScannerUnavailableException)
        {
            var text = ScannerUnavailableException.Text;
            return TypedResults.Problem(title: english ? text.En : text.Zh, statusCode: StatusCodes.Status503ServiceUnavailable,
                extensions: new Dictionary<string, object?> { ["code"] = MaterialRefusedException.CodeOf(MaterialRefusal.Unscanned), ["message"] = text.Zh, ["messageEn"] = text.En });
        }
        catch (EngineRequestException ex)
        {
            return CasesApi.Problem(ex);
        }
    }

    private static async Task<Results<Ok<MaterialView>, ValidationProblem, ProblemHttpResult>> DecideAsync(
        string code, string materialId, [FromBody] System.Text.Json.JsonElement document, HttpRequest request, ClaimsPrincipal user, CaseEngine engine, CaseMaterials materials,
        CancellationToken cancellationToken)
    {
        var english = request.Headers.AcceptLanguage.ToString().StartsWith("en", StringComparison.OrdinalIgnoreCase);
        var errors = new List<Workflows.Forms.FieldError>();
        var node = System.Text.Json.Nodes.JsonNode.Parse(document.GetRawText());
        var decisions = MaterialDecision.Read(new System.Text.Json.Nodes.JsonObject { [materialId] = node }, errors);
        if (errors.Count > 0)
        {
            return CasesApi.FormProblem(errors, string.Empty, english, "The decision has errors; nothing changed.", "材料的决定有误，未作更改。");
        }

        try
        {
            await materials.ScanSignaturesAsync(decisions, cancellationToken);
            return TypedResults.Ok((await engine.DecideMaterialsAsync(code, decisions, user.Identity!.Name!, user.Scope(), cancellationToken))[0]);
        }
        catch (MaterialDecisionRejectedException ex)
        {
            return CasesApi.FormProblem(ex.Errors, string.Empty, english, "The decision has errors; nothing changed.", "材料的决定有误，未作更改。");
        }
        catch (MaterialRefusedException ex)
        {
            return Refused(ex, english);
        }
        catch (ScannerUnavailableException)
        {
            return Unscanned(english);
        }
        catch (EngineRequestException ex)
        {
            return CasesApi.Problem(ex);
        }
    }

    internal static ProblemHttpResult Refused(MaterialRefusedException ex, bool english) =>
        TypedResults.Problem(title: english ? ex.Text.En : ex.Text.Zh, statusCode: StatusCodes.Status422UnprocessableEntity,
            extensions: new Dictionary<string, object?> { ["code"] = ex.Code, ["message"] = ex.Text.Zh, ["messageEn"] = ex.Text.En });

    internal static ProblemHttpResult Unscanned(bool english)
    {
        var text = ScannerUnavailableException.Text;
        return TypedResults.Problem(title: english ? text.En : text.Zh, statusCode: StatusCodes.Status503ServiceUnavailable,
            extensions: new Dictionary<string, object?> { ["code"] = MaterialRefusedException.CodeOf(MaterialRefusal.Unscanned), ["message"] = text.Zh, ["messageEn"] = text.En });
    }

    /// <summary>A case outside the caller's unit is 404 like a missing one.</summary>
    private static async Task<IResult> GetAsync(string code, string materialId, HttpContext context, ClaimsPrincipal user, CaseEngine engine, CancellationToken cancellationToken)
    {
        if (await engine.ReadMaterialAsync(code, materialId, user.Scope(), cancellationToken) is not { } file)
        {
            return TypedResults.Problem(title: $"Case {code} has no file for material {materialId}.", statusCode: StatusCodes.Status404NotFound,
                extensions: new Dictionary<string, object?> { ["code"] = "material.missing" });
        }

        context.Response.Headers["X-Content-SHA256"] = file.Sha256;
        return TypedResults.File(file.Content, file.MediaType, file.FileName);
    }
}
