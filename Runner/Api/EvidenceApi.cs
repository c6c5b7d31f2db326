using System.Security.Claims;
using Microsoft.AspNetCore.StaticFiles;
using RpaRunner.Bots.Evidence;
using RpaRunner.Designer.Access;
using RpaRunner.Runner.Security;
using RpaRunner.Workflows.Engine;

namespace RpaRunner.Runner.Api;

/// <summary>Evidence of failed bot attempts (screenshots, page HTML, traces, logs), for operators only.</summary>
public static class EvidenceApi
{
    private static readonly FileExtensionContentTypeProvider s_types = new();

    public static void MapEvidenceApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/evidence/{**path}", async (string path, EvidenceStore store, CaseQueries queries, ClaimsPrincipal user, CancellationToken ct) =>
            await CaseOfAsync(path, store, queries, user, ct) && store.Read(path) is { } content
                ? Results.File(content, s_types.TryGetContentType(path, out var type) ? type : "application/octet-stream", Path.GetFileName(path))
                : Results.Problem(title: "No such evidence.", statusCode: StatusCodes.Status404NotFound))
        .RequireAuthorization(Policies.ActOnCases)
        .WithTags("Cases")
        .WithSummary("A file of a failed attempt's evidence: screenshot.png, page.html, trace.zip (open with Playwright's trace viewer), log.json.");

    /// <summary>
    /// Whether the evidence belongs to a case in the caller's unit: its folder ({case}/{step}/{attempt}) names the case,
    /// read from the resolved path so that no "../" leads into another case's folder. Evidence of a case outside the
    /// unit is 404 like evidence that does not exist.
    /// </summary>
    private static async Task<bool> CaseOfAsync(string path, EvidenceStore store, CaseQueries queries, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (store.Resolve(path) is not { } file)
        {
            return false;
        }

        var caseCode = Path.GetRelativePath(store.Root, file).Split(Path.DirectorySeparatorChar)[0];
        var scope = user.Scope();
        return scope.IsAll || await queries.IsVisibleAsync(caseCode, scope, cancellationToken);
    }
}
