using System.Text.Json.Nodes;
using RpaRunner.Sandbox.Hosting;
using RpaRunner.Sandbox.Systems;

namespace RpaRunner.Sandbox.Licences;

/// <summary>
/// The library's HTTP API on its own port, and its part of the inspection API. Every call must be signed
/// (<see cref="LicenceLibrary.Verify"/>); answers are JSON with a stable <c>code</c> when something is refused.
/// <list type="bullet">
/// <item><c>GET /api/licences?holderIdNumber=…&amp;licenceType=CSYXZM</c>: 200 with the licences (metadata, SHA-256 and the
/// document's address), 404 <c>licence.not-issued</c> when none was issued, 400 for a bad query, 401 unsigned, 503 down.</item>
/// <item><c>GET /api/licences/{licenceNo}/document</c>: the PDF, its SHA-256 in <c>X-Content-SHA256</c>.</item>
/// </list>
/// </summary>
internal static class LicenceLibraryApi
{
    private static readonly Dictionary<string, string> TypeNames = new(StringComparer.Ordinal) { [LicenceLibrary.BirthCertificateType] = "出生医学证明" };

    public static void Map(WebApplication app, LicenceLibrary library)
    {
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            var key = request.Headers["X-App-Key"].ToString();
            if (library.IsDown)
            {
                library.Note(key, Kind(request.Path), request.Query["licenceType"], request.Query["holderIdNumber"], null, StatusCodes.Status503ServiceUnavailable, null);
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                await context.Response.WriteAsJsonAsync(new { code = "library.unavailable", message = "电子证照库维护中，请稍后再试" });
                return;
            }

            if (!library.Verify(key, request.Headers["X-Timestamp"], request.Headers["X-Signature"], request.Method, request.Path + request.QueryString))
            {
                library.Note(key.Length == 0 ? null : key, Kind(request.Path), request.Query["licenceType"], request.Query["holderIdNumber"], null, StatusCodes.Status401Unauthorized, null);
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                await context.Response.WriteAsJsonAsync(new { code = "auth.invalid", message = "应用未授权或签名无效" });
                return;
            }

            await next(context);
        });

        app.MapGet("/api/licences", (string? holderIdNumber, string? licenceType, HttpRequest request) =>
        {
            var key = request.Headers["X-App-Key"].ToString();
            if (string.IsNullOrWhiteSpace(holderIdNumber) || string.IsNullOrWhiteSpace(licenceType))
            {
                library.Note(key, "search", licenceType, holderIdNumber, null, StatusCodes.Status400BadRequest, null);
                return Results.BadRequest(new { code = "query.invalid", message = "须提供持证人证件号码与证照类型" });
            }

            if (!TypeNames.ContainsKey(licenceType))
            {
                library.Note(key, "search", licenceType, holderIdNumber, null, StatusCodes.Status400BadRequest, null);
                return Results.BadRequest(new { code = "licence.type-unknown", message = $"证照类型代码 {licenceType} 不在目录中" });
            }

            var found = library.Find(holderIdNumber, licenceType);
            if (found.Count == 0)
            {
                library.Note(key, "search", licenceType, holderIdNumber, null, StatusCodes.Status404NotFound, null);
                return Results.NotFound(new { code = "licence.not-issued", message = "未查询到该持证人已签发的此类证照" });
            }

            library.Note(key, "search", licenceType, holderIdNumber, string.Join(",", found.Select(l => l.LicenceNo)), StatusCodes.Status200OK, null);
            return Results.Ok(new { licences = found.Select(Describe) });
        });

        app.MapGet("/api/licences/{licenceNo}/document", (string licenceNo, HttpRequest request, HttpResponse response) =>
        {
            var key = request.Headers["X-App-Key"].ToString();
            var licence = library.Get(licenceNo);
            if (licence is null)
            {
                library.Note(key, "document", null, null, licenceNo, StatusCodes.Status404NotFound, null);
                return Results.NotFound(new { code = "licence.unknown", message = "证照编号不存在" });
            }

            library.Note(key, "document", licence.LicenceType, licence.HolderIdNumber, licence.LicenceNo, StatusCodes.Status200OK, licence.Sha256);
            response.Headers["X-Content-SHA256"] = licence.Sha256;
            return Results.File(licence.Document, "application/pdf", licence.FileName);
        });
    }

    /// <summary>On the inspection port (behind its key): what was served, what is held, going down, a hospital issuing a certificate.</summary>
    public static void MapInspection(WebApplication app, SandboxRuntime runtime)
    {
        var library = runtime.Licences;
        app.MapGet("/licences/served", () => Results.Ok(library.Served()));
        app.MapGet("/licences", (string holderIdNumber, string? licenceType) =>
            Results.Ok(library.Find(holderIdNumber, licenceType ?? LicenceLibrary.BirthCertificateType).Select(Describe)));
        app.MapPost("/licences/down", (int seconds) =>
        {
            library.GoDown(TimeSpan.FromSeconds(Math.Clamp(seconds, 0, 3600)));
            return Results.Ok(new { down = library.IsDown });
        });
        app.MapPost("/licences/birth-certificates", async (HttpRequest request) =>
        {
            if (await JsonNode.ParseAsync(request.Body) is not JsonObject body)
            {
                return Results.BadRequest(new { error = "Send the certificate's fields (weijian.issueBirthCertificate) as a JSON object." });
            }

            var fields = body.Where(p => p.Value is JsonValue).ToDictionary(p => p.Key, p => p.Value!.ToString(), StringComparer.Ordinal);
            var (licence, error) = await HospitalIssueAsync(runtime, fields, request.HttpContext.RequestAborted);
            return licence is null ? Results.UnprocessableEntity(new { error }) : Results.Ok(Describe(licence));
        });
    }

    /// <summary>A hospital (助产机构) issues a 出生医学证明 through 卫健's system; 卫健 deposits it in the library.</summary>
    internal static async Task<(Licence? Licence, string? Error)> HospitalIssueAsync(SandboxRuntime runtime, IReadOnlyDictionary<string, string> fields, CancellationToken cancellationToken)
    {
        var weijian = runtime.System("weijian");
        var action = weijian.FindAction("weijian.issueBirthCertificate")!;
        var result = await runtime.Processor.SubmitAsync(weijian, action, fields, externalNo: null, operatorName: "助产机构", channel: "hospital", cancellationToken);
        return result.Status == SubmitStatus.Accepted ? (runtime.Licences.Get(result.Record!.DocumentNo!), null) : (null, result.ErrorText);
    }

    private static object Describe(Licence l) => new
    {
        l.LicenceNo, l.LicenceType, licenceTypeName = TypeNames.GetValueOrDefault(l.LicenceType), l.HolderIdNumber, l.HolderName, l.Issuer,
        issueDate = l.IssueDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        l.ChildName, l.ChildSex, childBirthDate = l.ChildBirthDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        l.Sha256, l.FileName, size = l.Document.Length, documentUrl = $"api/licences/{Uri.EscapeDataString(l.LicenceNo)}/document",
    };

    private static string Kind(PathString path) => path.Value?.EndsWith("/document", StringComparison.Ordinal) == true ? "document" : "search";
}
