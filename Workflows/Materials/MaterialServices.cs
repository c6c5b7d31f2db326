using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace RpaRunner.Workflows.Materials;

public static class MaterialServices
{
    /// <summary>Registers the intake of materials (<see cref="CaseMaterials"/>) with the ClamAV scanner of section "Materials".</summary>
    public static IServiceCollection AddCaseMaterials(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<MaterialOptions>(configuration.GetSection("Materials"));
        services.AddSingleton<IVirusScanner, ClamAvScanner>();
        services.AddSingleton<CaseMaterials>();
        return services;
    }
}
