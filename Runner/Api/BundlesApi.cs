using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using RpaRunner.Runner.Security;
using RpaRunner.Workflows.Catalog;
using RpaRunner.Workflows;
using RpaRunner.Workflows.Model;

namespace RpaRunner.Runner.Api;

/// <summary>Bundles (their versions, forms and steps), the department systems, and the bundle JSON Schema.</summary>
public static class BundlesApi
{
    public static void MapBundlesApi(this IEndpointRouteBuilder app)
    {
        var bundles = app.MapGroup("/api/bundles").WithTags("Bundles").RequireAuthorization(Policies.ReadBundles);
        bundles.MapGet("/", (BundleCatalog catalog) => TypedResults.Ok(catalog.Latest.Select(b => new BundleSummary(b.Id, b.Version, b.Name, b.LeadDepartment, b.Steps.Count, [.. catalog.Versions(b.Id).Select(v => v.Version)]))))
            .WithSummary("The latest version of every bundle.");
        bundles.MapGet("/{id}", Get).WithSummary("The latest version of a bundle: its form and steps.");
        bundles.MapGet("/{id}/versions/{version:int}", (string id, int version, BundleCatalog catalog) => Get(id, catalog, version)).WithSummary("One version of a bundle.");
        app.MapGet("/schema/bundle.schema.json", () => TypedResults.Text(BundleSchema.Text, "application/schema+json"))
            .WithTags("Bundles").AllowAnonymous().WithSummary("The published JSON Schema of bundle files.");
    }

    private static Results<Ok<BundleDefinition>, NotFound<ProblemDetails>> Get(string id, BundleCatalog catalog, int? version = null) =>
        catalog.Find(id, version) is { } bundle
            ? TypedResults.Ok(bundle)
            : TypedResults.NotFound(new ProblemDetails { Title = $"No bundle {id}{(version is null ? string.Empty : $" v{version}")}.", Status = 404 });
}

public sealed record BundleSummary(string Id, int Version, LocalizedText Name, string? LeadDepartment, int Steps, int[] Versions);
