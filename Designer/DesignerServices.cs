using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using RpaRunner.Designer.Design;
using RpaRunner.Designer.Design.Storage;

namespace RpaRunner.Designer;

public static class DesignerServices
{
    /// <summary>
    /// Registers the UI's components and services. The host supplies the database provider of the
    /// designer's tables (the same database as the engine's).
    /// </summary>
    public static IServiceCollection AddDesignerComponents(this IServiceCollection services, Action<IServiceProvider, DbContextOptionsBuilder> configureDatabase)
    {
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddCascadingAuthenticationState();
        services.AddMudServices();
        services.AddPooledDbContextFactory<DesignerDbContext>(configureDatabase);
        services.AddSingleton<BundleDrafts>();
        services.AddSingleton<Systems.SystemDrafts>();
        // Systems first: a bundle published from the designer may use a system published from it.
        services.AddHostedService<Systems.PublishedSystemLoader>();
        services.AddHostedService<PublishedBundleLoader>();
        return services;
    }
}
