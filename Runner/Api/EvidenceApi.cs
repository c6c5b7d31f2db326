using Microsoft.AspNetCore.StaticFiles;
using RpaRunner.Bots.Evidence;
using RpaRunner.Runner.Security;

namespace RpaRunner.Runner.Api;

/// <summary>Evidence of failed bot attempts (screenshots, page HTML, traces, logs), for operators only.</summary>
public static class EvidenceApi
{
    private static readonly FileExtensionContentTypeProvider s_types = new();

    public static void MapEvidenceApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/evidence/{**path}", (string path, EvidenceStore store) =>
            store.Read(path) is { } content
                ? Results.File(content, s_types.TryGetContentType(path, out var type) ? type : "application/octet-stream", Path.GetFileName(path))
                : Results.Problem(title: "No such evidence.", statusCode: StatusCodes.Status404NotFound))
        .RequireAuthorization(Policies.ActOnCases)
        .WithTags("Cases")
        .WithSummary("A file of a failed attempt's evidence: screenshot.png, page.html, trace.zip (open with Playwright's trace viewer), log.json.");
}
