using Microsoft.AspNetCore.Hosting.StaticWebAssets;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using RpaRunner.Designer;
using RpaRunner.Designer.Access;
using RpaRunner.Designer.Components;
using RpaRunner.Workflows.Engine.Storage;
using RpaRunner.Runner.Security;

namespace RpaRunner.Runner.Hosting;

/// <summary>Hosts the web UI (Designer/): designer, hall and console pages with sign-in.</summary>
public static class DesignerHosting
{
    public static IServiceCollection AddDesignerUi(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (!Farm.FarmRole.RunsEngine(Farm.FarmRole.Of(configuration)))
        {
            // A farm worker runs bots only: no pages, and no database to load published bundles from.
            return services;
        }

        services.AddDesignerComponents((sp, options) =>
        {
            // The designer's tables live in the engine's database (scripts 010+ under Workflows/Engine/Storage/Schema/<provider>/).
            var database = sp.GetRequiredService<DatabaseOptions>();
            if (database.ProviderKey == DatabaseOptions.Postgres)
            {
                options.UseNpgsql(database.ConnectionString);
            }
            else
            {
                options.UseSqlite(new SqliteConnectionStringBuilder(database.ConnectionString) { Pooling = true, DefaultTimeout = 30 }.ToString());
            }
        });

        var authorization = services.AddAuthorizationBuilder();
        foreach (var (policy, roles) in UiPolicies.Roles)
        {
            authorization.AddPolicy(policy, p => p.RequireRole(roles));
        }

        return services;
    }

    public static WebApplication MapDesignerUi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!Farm.FarmRole.RunsEngine(Farm.FarmRole.Of(app.Configuration)))
        {
            return app;
        }

        // The UI's files (MudBlazor, the flowchart bundle) are static web assets of the referenced projects.
        // Outside Development the host does not read their manifest by itself, and under a test host the
        // application name differs, so both manifests are named after the runner explicitly.
        var runtimeManifest = Path.Combine(AppContext.BaseDirectory, "RpaRunner.Runner.staticwebassets.runtime.json");
        if (File.Exists(runtimeManifest))
        {
            app.Configuration[WebHostDefaults.StaticWebAssetsKey] = runtimeManifest;
            StaticWebAssetsLoader.UseStaticWebAssets(app.Environment, app.Configuration);
        }

        app.UseAntiforgery();
        var endpointsManifest = Path.Combine(AppContext.BaseDirectory, "RpaRunner.Runner.staticwebassets.endpoints.json");
        if (File.Exists(endpointsManifest))
        {
            app.MapStaticAssets(endpointsManifest);
        }
        else
        {
            app.UseStaticFiles();
        }

        app.MapUiAccount();
        // Blazor's own frame-ancestors header is left out: the policy of every response (WebHardening) forbids framing.
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode(o => o.ContentSecurityFrameAncestorsPolicy = null);
        return app;
    }
}
