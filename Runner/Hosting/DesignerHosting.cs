using Microsoft.AspNetCore.Hosting.StaticWebAssets;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using RpaRunner.Designer;
using RpaRunner.Designer.Access;
using RpaRunner.Designer.Components;
using RpaRunner.Runner.Persistence;
using RpaRunner.Runner.Security;

namespace RpaRunner.Runner.Hosting;

/// <summary>Hosts the web UI (Designer/): designer, hall and console pages with sign-in.</summary>
public static class DesignerHosting
{
    public static IServiceCollection AddDesignerUi(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddDesignerComponents((sp, options) =>
        {
            var database = sp.GetRequiredService<DatabaseOptions>();
            switch (database.Provider.ToUpperInvariant())
            {
                case "SQLITE":
                    options.UseSqlite(new SqliteConnectionStringBuilder(database.ConnectionString) { Pooling = true, DefaultTimeout = 30 }.ToString());
                    break;
                default:
                    throw new InvalidOperationException($"The designer's tables do not support database provider '{database.Provider}' yet; use sqlite.");
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

        // Outside Development the host does not read the static web assets manifest by itself; the UI's
        // files (MudBlazor, the flowchart bundle) come from the referenced projects through it when the
        // runner runs from its build output rather than from a publish folder.
        if (File.Exists(Path.Combine(AppContext.BaseDirectory, $"{app.Environment.ApplicationName}.staticwebassets.runtime.json")))
        {
            StaticWebAssetsLoader.UseStaticWebAssets(app.Environment, app.Configuration);
        }

        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapUiAccount();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
