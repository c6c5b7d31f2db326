namespace RpaRunner.Runner.Hosting;

/// <summary>Hosts the web UI (Designer/): designer, hall and console pages with sign-in.</summary>
public static class DesignerHosting
{
    public static IServiceCollection AddDesignerUi(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return services;
    }

    public static WebApplication MapDesignerUi(this WebApplication app) => app;
}
