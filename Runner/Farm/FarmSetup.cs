using RpaRunner.Bots.Pools;
using RpaRunner.Workflows.Engine.Storage;

namespace RpaRunner.Runner.Farm;

/// <summary>Checks a farm role's configuration before start, and serves what the farm tells about this process.</summary>
public static class FarmSetup
{
    /// <summary>A message for the operator when the role cannot run with this configuration, else null.</summary>
    public static string? Check(string role, IConfiguration configuration)
    {
        if (role == FarmRole.Embedded)
        {
            return null;
        }

        var transport = configuration.GetSection("Transport").Get<TransportOptions>() ?? new TransportOptions();
        if (!transport.IsRabbitMq)
        {
            return $"Role '{role}' is part of a farm: set --Transport:Kind=rabbitmq (and Transport:Host, Port, Username, Password). The in-memory transport connects nothing across processes.";
        }

        if (!Security.DataKeys.IsConfigured(configuration))
        {
            return "A farm's nodes share one data key (personal data and sealed settings are encrypted with it): set Security:DataKey "
                + "(e.g. the environment variable RPA_Security__DataKey, from ./rpa secrets new-key) or Security:DataKeyFile on every node.";
        }

        if (role == FarmRole.Worker && PoolsOf(configuration).Count == 0)
        {
            return "A worker needs at least one pool: --pool web (repeatable) or Bots:Pools.";
        }

        if (role == FarmRole.Orchestrator)
        {
            var database = DatabaseOptions.Of(configuration);
            if (database.ProviderKey != DatabaseOptions.Postgres)
            {
                return "An orchestrator keeps the farm's state in PostgreSQL: set --Database:Provider=postgres and --Database:ConnectionString=\"Host=…;Database=rpa;Username=…;Password=…\".";
            }

            if (!Audit.AuditKeys.IsConfigured(configuration))
            {
                return "A farm's orchestrators share one audit key (the audit chain is sealed with it, ADR 0011): set Audit:Key "
                    + "(e.g. the environment variable RPA_Audit__Key, from ./rpa secrets new-key) or Audit:KeyFile on every orchestrator, and keep it away from the database.";
            }
        }

        return null;
    }

    /// <summary>The pools of a worker: "Runner:Pools" (from --pool) when set, else "Bots:Pools".</summary>
    public static List<string> PoolsOf(IConfiguration configuration)
    {
        if (configuration["Runner:Pools"] is { Length: > 0 } named)
        {
            return [.. named.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
        }

        return configuration.GetSection("Bots").Get<BotPoolOptions>()?.Pools ?? [];
    }

    /// <summary>GET /farm/status (anonymous): this process's role, pools and whether it leads. For monitors and tests.</summary>
    public static WebApplication MapFarmStatus(this WebApplication app)
    {
        if (app.Configuration["Runner:Role"] == FarmRole.Worker)
        {
            app.MapHealthChecks("/health").AllowAnonymous();
        }

        app.MapGet("/farm/status", (IServiceProvider services, IConfiguration configuration) =>
        {
            var role = FarmRole.Of(configuration);
            var leadership = services.GetService<ILeadership>();
            return Results.Ok(new
            {
                role,
                node = $"{Environment.MachineName}-{Environment.ProcessId}",
                pools = FarmRole.RunsBots(role) ? PoolsOf(configuration) : [],
                leader = leadership?.IsLeader ?? false,
            });
        }).AllowAnonymous();
        return app;
    }
}
