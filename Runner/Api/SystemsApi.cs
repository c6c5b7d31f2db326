using System.Security.Claims;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using RpaRunner.Bots.Pools;
using RpaRunner.Bots.Scripts;
using RpaRunner.Designer.Design;
using RpaRunner.Designer.Systems;
using RpaRunner.Runner.Security;
using RpaRunner.Workflows.Catalog;
using RpaRunner.Workflows.Engine;
using RpaRunner.Workflows.Model;

namespace RpaRunner.Runner.Api;

/// <summary>
/// Department systems as data (ADR 0029): a designer adds or changes a system — its catalog entry, its system script and
/// one bot script per action — as a draft, checks it, publishes it as the next version, compares versions and rolls back,
/// with no developer and no restart. Bundles are published the same way (<c>POST /api/bundles</c>), so a new system can be
/// used by a new bundle through the API alone.
/// </summary>
public static class SystemsApi
{
    /// <summary>A farm worker (or any process given <c>Bots:RunnerUrl</c>) takes systems published while it runs from the runner; bots beside the engine share its catalog.</summary>
    public static IServiceCollection AddWorkerSystems(this IServiceCollection services, string role, IConfiguration configuration)
    {
        if (role == Farm.FarmRole.Worker || !string.IsNullOrEmpty(configuration["Bots:RunnerUrl"]))
        {
            services.AddHttpClient<ISystemSource, RunnerSystemClient>(c => c.Timeout = TimeSpan.FromSeconds(30));
        }

        return services;
    }

    public static void MapSystemsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/systems", (SystemCatalog catalog) => TypedResults.Ok(catalog.Systems.OrderBy(s => s.Id, StringComparer.Ordinal)))
            .WithTags("Systems").RequireAuthorization(Policies.ReadBundles).WithSummary("Department systems and the actions bots perform on them.");

        var systems = app.MapGroup("/api/systems/{id}").WithTags("Systems");
        systems.MapGet("/package", (string id, SystemPackages packages) => packages.Export(id) is { } package
                ? Results.Text(package.ToJson(), "application/json")
                : NotFound(id))
            .RequireAuthorization(Policies.ReadBundles)
            .WithSummary("The system as this runner holds it, as one package: `system` (catalog entry with the actions' contracts), `script` (login, errors, "
                + "pop-ups), `scripts` (action id → bot script). The file the catalog folder (DepartmentSystems:CatalogFolder) keeps under version control.");

        var design = systems.MapGroup(string.Empty).RequireAuthorization(Policies.Design);
        design.MapGet("/draft", async (string id, SystemDrafts drafts, CancellationToken ct) => await drafts.OpenAsync(id, ct) is { } draft
                ? Results.Ok(new DraftView(draft.SystemId, draft.BasedOnVersion, draft.Revision, draft.UpdatedBy, draft.UpdatedAt, JsonNode.Parse(draft.PackageJson), drafts.Check(id, draft.PackageJson)))
                : NotFound(id))
            .WithSummary("The draft of a system, or the system as published when no one is editing it (`revision` 0), with its problems.");
        design.MapPut("/draft", SaveDraftAsync)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status400BadRequest)
            .WithSummary("Save a draft: the body is the whole package; `expectedRevision` (query) is the revision the designer started from (0 for none). "
                + "A draft may be unfinished: the answer lists its problems. 409 when someone saved it meanwhile.");
        design.MapDelete("/draft", async (string id, SystemDrafts drafts, CancellationToken ct) =>
        {
            await drafts.DiscardAsync(id, ct);
            return Results.NoContent();
        }).WithSummary("Discard the draft.");
        design.MapPost("/publish", PublishAsync)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Publish the draft as the system's next version: checked as the runner loads it (catalog entry, every script, the commit-point rules, "
                + "every bundle version that uses the system). At once in this runner; other runners of the farm within 30 seconds. `{note}` is kept with the version.");
        design.MapGet("/versions", async (string id, SystemDrafts drafts, CancellationToken ct) => Results.Ok(await drafts.VersionsAsync(id, ct)))
            .WithSummary("The versions published from the designer, newest first: who, when, the note, and the version a rollback restored.");
        design.MapGet("/versions/{version:int}", async (string id, int version, SystemDrafts drafts, CancellationToken ct) =>
                await drafts.PackageAsync(id, version, ct) is { } json ? Results.Text(json, "application/json") : NotFound(id, version))
            .WithSummary("One published version's package.");
        design.MapGet("/diff", DiffAsync)
            .WithSummary("What changed between two versions (`from`, `to`; `to` omitted: the draft; version 1 is the system as shipped or as this runner started with it), path by path.");
        design.MapPost("/rollback", RollBackAsync)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Publish a copy of an older published version as the newest one: `{version, reason}`.");

        app.MapGet("/api/worker/steps/{stepRecordId:guid}/system", WorkerSystemAsync)
            .AllowAnonymous().WithTags("Workers")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .WithSummary($"For a bot worker: the department system (package and version) the running step needs, with headers `{RunnerMaterialClient.DispatchTokenHeader}` "
                + $"and `{RunnerMaterialClient.WorkerHeader}` as for a material. 403 when the attempt is not current.");

        app.MapPost("/api/bundles", PublishBundleAsync).WithTags("Bundles").RequireAuthorization(Policies.Design)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Publish a bundle file (the JSON of ./rpa bundles schema) as the bundle's next version; a new id starts a new bundle. "
                + "Checked exactly as the catalog loads bundles; 422 lists every problem.");
    }

    public sealed record DraftView(string SystemId, int? BasedOnVersion, int Revision, string? UpdatedBy, DateTimeOffset? UpdatedAt, JsonNode? Package, IReadOnlyList<string> Problems);

    public sealed record SavedDraft(string SystemId, int Revision, IReadOnlyList<string> Problems);

    public sealed record PublishRequest(string? Note);

    public sealed record Published(string Id, int Version);

    public sealed record RollbackRequest(int Version, string? Reason);

    private static async Task<IResult> SaveDraftAsync(string id, [FromBody] JsonObject package, [FromQuery] int? expectedRevision, SystemDrafts drafts, ClaimsPrincipal user, CancellationToken ct)
    {
        try
        {
            var json = package.ToJsonString();
            var revision = await drafts.SaveAsync(id, json, expectedRevision ?? 0, user.Identity!.Name!, ct);
            return Results.Ok(new SavedDraft(id, revision, drafts.Check(id, json)));
        }
        catch (DraftConflictException ex)
        {
            return Results.Problem(title: "草稿已被他人修改，请重新打开 / the draft was changed elsewhere; open it again", detail: ex.Message, statusCode: StatusCodes.Status409Conflict);
        }
        catch (ArgumentException ex)
        {
            return Results.Problem(title: ex.Message, statusCode: StatusCodes.Status400BadRequest);
        }
    }

    private static async Task<IResult> PublishAsync(string id, [FromBody] PublishRequest? body, SystemDrafts drafts, ClaimsPrincipal user, CancellationToken ct)
    {
        try
        {
            var version = await drafts.PublishAsync(id, user.Identity!.Name!, body?.Note, ct);
            return Results.Ok(new Published(id, version));
        }
        catch (InvalidSystemPackageException ex)
        {
            return Refused(ex.Problems);
        }
        catch (DraftConflictException ex)
        {
            return Results.Problem(title: "同时有另一次发布 / another publish happened at the same time; try again", detail: ex.Message, statusCode: StatusCodes.Status409Conflict);
        }
    }

    private static async Task<IResult> RollBackAsync(string id, [FromBody] RollbackRequest body, SystemDrafts drafts, ClaimsPrincipal user, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(body.Reason))
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["reason"] = ["请说明回退原因 / give the reason for the rollback"] });
        }

        try
        {
            return Results.Ok(new Published(id, await drafts.RollBackAsync(id, body.Version, user.Identity!.Name!, body.Reason, ct)));
        }
        catch (InvalidSystemPackageException ex)
        {
            return Refused(ex.Problems);
        }
    }

    private static async Task<IResult> DiffAsync(string id, [FromQuery] int from, [FromQuery] int? to, SystemDrafts drafts, SystemPackages packages, CancellationToken ct)
    {
        async Task<string?> Version(int? version) => version switch
        {
            null => (await drafts.OpenAsync(id, ct))?.PackageJson,
            _ when version == packages.Catalog.VersionOf(id) && await drafts.PackageAsync(id, version.Value, ct) is null => packages.Export(id)?.ToJson(),
            _ => await drafts.PackageAsync(id, version.Value, ct),
        };

        var before = await Version(from);
        var after = await Version(to);
        return before is null || after is null ? NotFound(id, before is null ? from : to) : Results.Ok(PackageDiff.Between(before, after));
    }

    /// <summary>
    /// A worker whose catalog is older than the dispatch asks here (ADR 0029). Only the bot running the step's current
    /// attempt is answered: the catalog holds no personal data or credentials, but it is the bureau's knowledge of its
    /// systems, not for anyone who can reach the port.
    /// </summary>
    private static async Task<IResult> WorkerSystemAsync(Guid stepRecordId, HttpContext context, CaseQueries queries, SystemPackages packages, CancellationToken ct)
    {
        var headers = context.Request.Headers;
        var worker = headers[RunnerMaterialClient.WorkerHeader].ToString();
        if (!Guid.TryParse(headers[RunnerMaterialClient.DispatchTokenHeader].ToString(), out var token) || worker.Length is 0 or > 200)
        {
            return Results.Problem(title: $"Send the attempt's dispatch token in {RunnerMaterialClient.DispatchTokenHeader} and the worker in {RunnerMaterialClient.WorkerHeader}.",
                statusCode: StatusCodes.Status401Unauthorized);
        }

        if (await queries.SystemOfCurrentAttemptAsync(stepRecordId, token, worker, ct) is not { } systemId)
        {
            return Results.Problem(title: "The dispatch is not the step's running attempt.", statusCode: StatusCodes.Status403Forbidden);
        }

        return packages.Export(systemId) is { } package
            ? Results.Json(new WorkerSystem(packages.Catalog.VersionOf(systemId), package), JsonDefaults.Options)
            : NotFound(systemId);
    }

    private static async Task<IResult> PublishBundleAsync([FromBody] JsonObject bundle, BundleDrafts drafts, ClaimsPrincipal user, CancellationToken ct)
    {
        BundleDefinition definition;
        try
        {
            definition = DraftEditor.FromJson(bundle.ToJsonString());
        }
        catch (System.Text.Json.JsonException ex)
        {
            return Refused([$"$: 不是有效的一件事 JSON / not a valid bundle: {ex.Message}"]);
        }

        try
        {
            var version = await drafts.PublishAsync(new DraftEditor(definition, null, drafts.Catalog.Systems), user.Identity!.Name!, note: null, cancellationToken: ct);
            return Results.Ok(new Published(definition.Id, version));
        }
        catch (InvalidBundleException ex)
        {
            return Refused([.. ex.Problems.Select(p => p.ToString())]);
        }
    }

    private static IResult Refused(IReadOnlyList<string> problems) => Results.Problem(
        title: "不能发布：请先修正以下问题 / cannot be published: fix these problems first",
        statusCode: StatusCodes.Status422UnprocessableEntity,
        extensions: new Dictionary<string, object?> { ["problems"] = problems });

    private static IResult NotFound(string id, int? version = null) =>
        Results.Problem(title: version is null ? $"没有系统 {id} / no system {id}" : $"系统 {id} 没有第 {version} 版 / system {id} has no version {version}", statusCode: StatusCodes.Status404NotFound);
}
