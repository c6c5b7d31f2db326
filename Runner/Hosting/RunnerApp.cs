using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using RpaRunner.Bots.Pools;
using RpaRunner.Runner.Api;
using RpaRunner.Runner.Audit;
using RpaRunner.Runner.Dispatch;
using RpaRunner.Runner.Farm;
using RpaRunner.Runner.Logging;
using RpaRunner.Runner.Notifications;
using RpaRunner.Runner.Platform;
using RpaRunner.Workflows.Engine.Storage;
using RpaRunner.Runner.Scheduling;
using RpaRunner.Runner.Security;
using RpaRunner.Runner.Telemetry;
using RpaRunner.Workflows.Catalog;
using RpaRunner.Workflows.Engine;
using RpaRunner.Workflows.Materials;

namespace RpaRunner.Runner.Hosting;

/// <summary>Builds the runner host: API, engine, dispatch and this process's bot pools.</summary>
public static class RunnerApp
{
    public static WebApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddEnvironmentVariables("RPA_");
        return builder;
    }

    /// <summary>The runner's data directory (database, logs, evidence, data key): "Runner:DataDirectory", default "data".</summary>
    public static string DataDirectory(IConfiguration configuration) => DatabaseOptions.DataDirectoryOf(configuration);

    /// <summary>Registers every service of an embedded runner (the default mode).</summary>
    public static WebApplicationBuilder AddRunner(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        RetiredSettings.EnsureNone(configuration);
        var dataDirectory = DataDirectory(configuration);
        Directory.CreateDirectory(dataDirectory);
        builder.AddRunnerLogging(dataDirectory);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = ClientErrors.MaxRequestBodyBytes);

        // Personal data and secrets are sealed at rest; sealed settings are opened before anything reads them.
        var cipher = DataKeys.Load(configuration, dataDirectory);
        ProtectedSettings.Reveal(configuration, configuration, cipher);

        var services = builder.Services;
        services.AddSingleton(cipher);
        services.AddSingleton(TimeProvider.System);
        services.AddBureauClock(configuration);
        services.AddOptionsRules();
        services.Configure<BotPoolOptions>(configuration.GetSection("Bots"));
        services.AddDepartmentSystems(configuration);
        services.AddSingleton(sp => BundleCatalog.LoadEmbedded(sp.GetRequiredService<SystemCatalog>(), configuration["Runner:BundlesFolder"]));
        services.AddCaseEngine(configuration);
        services.AddCaseMaterials(configuration);

        services.AddBots(configuration, dataDirectory);
        var bots = configuration.GetSection("Bots").Get<BotPoolOptions>() ?? new BotPoolOptions();
        var role = FarmRole.Of(configuration);
        if (FarmRole.RunsEngine(role))
        {
            // Registered before dispatch so that it stops after the loops that write audit rows, and seals them.
            services.AddAuditSealing(configuration, dataDirectory, createKey: role == FarmRole.Embedded);
        }

        services.AddNotifications(configuration, FarmRole.RunsEngine(role));
        services.AddScheduling(configuration);
        services.AddDispatch(bots, configuration);
        services.AddWorkerMaterials(role, configuration);
        services.AddWorkerQuestions(role, configuration);
        services.AddWorkerSystems(role, configuration);

        services.AddRunnerSecurity(configuration);
        services.AddRunnerTelemetry(configuration);
        services.AddDesignerUi(configuration);
        services.AddProblemDetails();
        services.AddClientErrors().AddCasesApi();
        services.AddProgressPage(configuration);
        services.Configure<PlatformOptions>(configuration.GetSection("Platform"));
        services.AddOpenApi();
        services.AddHealthChecks().AddCheck<HolidayDataHealthCheck>(HolidayDataHealthCheck.Name);
        services.ConfigureHttpJsonOptions(o => ConfigureJson(o.SerializerOptions));
        return builder;
    }

    public static WebApplication MapRunner(this WebApplication app)
    {
        app.UseWebHardening();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseClientErrors();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.MapOpenApi().RequireAuthorization(Policies.ReadBundles);
        app.MapHealthChecks("/health", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions { ResponseWriter = HealthResponse.WriteAsync }).AllowAnonymous();
        app.MapRunnerTelemetry();
        app.MapCasesApi();
        app.MapBundlesApi();
        app.MapSystemsApi();
        app.MapEvidenceApi();
        app.MapWorkerMaterialsApi();
        app.MapQuestionsApi();
        app.MapPlatformApi();
        app.MapProgressPage();
        app.MapDesignerUi();
        return app;
    }

    /// <summary>Brings the database schema up to date; call before the host starts its loops.</summary>
    public static Task InitializeAsync(this WebApplication app, CancellationToken cancellationToken = default) =>
        app.Services.GetRequiredService<DatabaseInitializer>().InitializeAsync(cancellationToken);

    public static void ConfigureJson(JsonSerializerOptions options)
    {
        options.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All);
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
    }
}
