using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using RpaRunner.Designer.Access;
using RpaRunner.Workflows.Engine;

namespace RpaRunner.Runner.Api;

/// <summary>
/// The unmasked details of one audit row (a reason or message that quoted an ID number, a phone or a name), for the
/// roles that read the audit trail. Each reading is itself written to the trail.
/// </summary>
internal static class AuditOriginalEndpoint
{
    public static async Task<Results<Ok<AuditOriginal>, ProblemHttpResult>> GetAsync(
        string code, long id, ClaimsPrincipal user, CaseEngine engine, CancellationToken cancellationToken)
    {
        try
        {
            return TypedResults.Ok(new AuditOriginal(id, await engine.RevealAuditDetailAsync(code, id, user.Identity!.Name!, user.Scope(), cancellationToken)));
        }
        catch (EngineRequestException ex)
        {
            return CasesApi.Problem(ex);
        }
    }
}

/// <summary>An audit row's details as written, before masking.</summary>
public sealed record AuditOriginal(long Id, JsonElement Detail);
