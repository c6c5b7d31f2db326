using Microsoft.Extensions.Options;
using RpaRunner.Bots.Scripts;
using RpaRunner.Bots.Web;
using RpaRunner.Workflows.Catalog;

namespace RpaRunner.Runner.Hosting;

/// <summary>
/// The department systems this runner knows and the bot scripts that drive them (ADR 0029): the shipped ones, then the
/// packages of the catalog folder (<c>DepartmentSystems:CatalogFolder</c>, kept under version control), then the bot
/// scripts folder of old (<c>WebBots:ScriptsFolder</c>); versions published from the designer are put in on top while
/// the runner runs. Where bots open a system comes from <c>DepartmentSystems:{id}:BaseUrl</c>, else from the system's
/// catalog entry, so a system added as data needs no configuration change; its credentials stay in configuration.
/// </summary>
public static class CatalogHosting
{
    public const string FolderKey = "DepartmentSystems:CatalogFolder";

    public static IServiceCollection AddDepartmentSystems(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(sp => StartingCatalog.Load(configuration[FolderKey], sp.GetRequiredService<IOptions<WebBotOptions>>().Value.ScriptsFolder));
        services.AddSingleton(sp => sp.GetRequiredService<StartingCatalog>().Systems);
        services.AddSingleton(sp =>
        {
            // A script that breaks the commit-point rules could enter a record twice: the runner refuses to start with it.
            var starting = sp.GetRequiredService<StartingCatalog>();
            var problems = starting.Scripts.Problems(starting.Systems);
            return problems.Count == 0 ? starting.Scripts : throw new InvalidDataException("Bot scripts break the commit-point rules: " + string.Join("; ", problems));
        });
        services.AddSingleton(sp => new SystemPackages(sp.GetRequiredService<SystemCatalog>(), sp.GetRequiredService<ScriptLibrary>(), sp.GetService<IOptionsMonitorCache<DepartmentSystemEndpoint>>()));
        services.AddSingleton<IConfigureOptions<DepartmentSystemEndpoint>>(sp => new EndpointFromConfiguration(configuration, sp.GetRequiredService<SystemCatalog>()));
        return services;
    }

    /// <summary>The catalog and scripts as the runner starts with them.</summary>
    public sealed record StartingCatalog(SystemCatalog Systems, ScriptLibrary Scripts)
    {
        public static StartingCatalog Load(string? catalogFolder, string? scriptsFolder)
        {
            var systems = SystemCatalog.LoadEmbedded();
            var scripts = ScriptLibrary.Load();
            if (catalogFolder is not null && Directory.Exists(catalogFolder))
            {
                foreach (var file in Directory.EnumerateFiles(catalogFolder, "*.json").Order(StringComparer.Ordinal))
                {
                    var package = SystemPackage.FromJson(File.ReadAllText(file));
                    var packages = new SystemPackages(systems, scripts);
                    var problems = packages.Check(package);
                    if (problems.Count > 0)
                    {
                        throw new InvalidDataException($"The department system in {file} is not valid: {string.Join("; ", problems)}");
                    }

                    // A folder's package takes the place of the shipped system of the same id, as its version 1.
                    SystemPackages.PutScripts(package, systems, scripts);
                    systems = new SystemCatalog(systems.Systems.Where(s => s.Id != package.System.Id).Append(package.System));
                }
            }

            if (scriptsFolder is not null && Directory.Exists(scriptsFolder))
            {
                foreach (var file in Directory.EnumerateFiles(scriptsFolder, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                {
                    scripts.Add(File.ReadAllText(file), file);
                }
            }

            return new(systems, scripts);
        }
    }

    /// <summary><c>DepartmentSystems:{id}</c> for any system, the shipped ones and those added as data; the catalog's address when configuration names none.</summary>
    private sealed class EndpointFromConfiguration(IConfiguration configuration, SystemCatalog systems) : IConfigureNamedOptions<DepartmentSystemEndpoint>
    {
        public void Configure(string? name, DepartmentSystemEndpoint options)
        {
            if (string.IsNullOrEmpty(name))
            {
                return;
            }

            configuration.GetSection($"DepartmentSystems:{name}").Bind(options);
            options.BaseUrl ??= systems.FindSystem(name)?.BaseUrl;
        }

        public void Configure(DepartmentSystemEndpoint options) => Configure(Options.DefaultName, options);
    }
}
