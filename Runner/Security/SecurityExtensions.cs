using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Components.Authorization;

namespace RpaRunner.Runner.Security;

public static class SecurityExtensions
{
    public static IServiceCollection AddRunnerSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<SecurityOptions>(configuration.GetSection("Security"));
        services.AddSingleton<SignInThrottle>();
        services.AddSingleton<UiSessions>();
        services.AddScoped<AuthenticationStateProvider, UiSessionRevalidation>();
        services.AddWebHardening(configuration);
        services.AddSingleton<IClaimsTransformation, UnitClaimsTransformation>();
        services.AddSingleton<RpaRunner.Designer.Access.IStaffDirectory, ConfiguredStaffDirectory>();
        services.AddAuthentication(UiSignIn.SelectorScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddUiCookie();
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.SubmitCases, p => p.RequireRole(Roles.Clerk, Roles.Admin))
            .AddPolicy(Policies.ReadCases, p => p.RequireRole(Roles.Clerk, Roles.Operator, Roles.Admin))
            .AddPolicy(Policies.ActOnCases, p => p.RequireRole(Roles.Operator, Roles.Admin))
            .AddPolicy(Policies.AmendCases, p => p.RequireRole(Roles.Clerk, Roles.Operator, Roles.Admin))
            .AddPolicy(Policies.SupplyMaterials, p => p.RequireRole(Roles.Clerk, Roles.Operator, Roles.Admin))
            .AddPolicy(Policies.ReadBundles, p => p.RequireRole(Roles.All))
            .AddPolicy(Policies.ReadAudit, p => p.RequireRole(Roles.Operator, Roles.Admin))
            .AddPolicy(Policies.Design, p => p.RequireRole(Roles.Designer, Roles.Admin));
        return services;
    }
}
