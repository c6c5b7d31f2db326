using MassTransit;
using RpaRunner.Bots.Pools;
using RpaRunner.Runner.Farm;
using RpaRunner.Workflows.Engine.Storage;
using RpaRunner.Workflows.Engine.Contracts;

namespace RpaRunner.Runner.Dispatch;

public static class DispatchExtensions
{
    /// <summary>
    /// MassTransit on the configured transport ("Transport:Kind": inmemory embedded, rabbitmq in the farm):
    /// the engine's queue (<see cref="QueueNames.Engine"/>: reports and lease requests) in processes that run the engine, and one
    /// queue per bot pool this process serves (<see cref="QueueNames.Pool"/>) with competing consumers. Processes that run the
    /// engine also get the dispatch loop and the lease reconciler, gated by the farm's leadership.
    /// </summary>
    public static IServiceCollection AddDispatch(this IServiceCollection services, BotPoolOptions bots, IConfiguration configuration)
    {
        var role = FarmRole.Of(configuration);
        var transport = configuration.GetSection("Transport").Get<TransportOptions>() ?? new TransportOptions();
        var pools = FarmRole.RunsBots(role) ? FarmSetup.PoolsOf(configuration).Distinct(StringComparer.Ordinal).ToList() : [];
        var engine = FarmRole.RunsEngine(role);
        services.AddSingleton(transport);
        services.AddMassTransit(x =>
        {
            // The runner runs on closed government networks: MassTransit must not try to report usage anywhere.
            x.DisableUsageTelemetry();
            if (engine)
            {
                x.AddConsumer<StepReportConsumer>();
                x.AddConsumer<ExtendStepLeaseConsumer>();
                x.AddConsumer<BotHeartbeatConsumer>();
            }

            if (pools.Count > 0)
            {
                x.AddConsumer<RunStepConsumer>();
                x.AddRequestClient<Workflows.Engine.Contracts.ExtendStepLease>(RunStepConsumer.EngineQueue);
            }

            void Endpoints(IBusRegistrationContext context, IReceiveConfigurator cfg)
            {
                if (engine)
                {
                    cfg.ReceiveEndpoint(QueueNames.Engine, e =>
                    {
                        e.ConcurrentMessageLimit = Math.Max(4, Environment.ProcessorCount * 2);
                        e.UseMessageRetry(r => r.Intervals(50, 200, 1000));
                        e.ConfigureConsumer<StepReportConsumer>(context);
                        e.ConfigureConsumer<ExtendStepLeaseConsumer>(context);
                        e.ConfigureConsumer<BotHeartbeatConsumer>(context);
                    });
                }

                foreach (var pool in pools)
                {
                    cfg.ReceiveEndpoint(QueueNames.Pool(pool), e =>
                    {
                        // A worker holds no more steps than it runs: the rest stay in the queue for whichever
                        // worker of the pool is free first (the engine keeps only a few more there; ADR 0009).
                        e.PrefetchCount = bots.ConcurrencyPerPool;
                        e.ConcurrentMessageLimit = bots.ConcurrencyPerPool;
                        e.ConfigureConsumer<RunStepConsumer>(context);
                    });
                }
            }

            if (transport.IsRabbitMq)
            {
                x.UsingRabbitMq((context, cfg) =>
                {
                    cfg.Host(transport.Host, transport.Port, transport.VirtualHost, h =>
                    {
                        h.Username(transport.Username);
                        h.Password(transport.Password);
                        h.Heartbeat(TimeSpan.FromSeconds(5));
                    });
                    Endpoints(context, cfg);
                });
            }
            else
            {
                x.UsingInMemory((context, cfg) => Endpoints(context, cfg));
            }
        });

        if (pools.Count > 0)
        {
            // What this worker's pool queues consume, told to the engine: the one source of the pools' capacity.
            var announcement = new BotHeartbeat
            {
                Worker = bots.WorkerName,
                Sessions = pools.ToDictionary(p => p, _ => bots.ConcurrencyPerPool, StringComparer.Ordinal),
                Interval = bots.HeartbeatInterval,
            };
            services.AddHostedService(sp => ActivatorUtilities.CreateInstance<BotHeartbeatSender>(sp, announcement));
        }

        if (engine)
        {
            var database = DatabaseOptions.Of(configuration);
            if (role == FarmRole.Orchestrator && database.ProviderKey == DatabaseOptions.Postgres)
            {
                services.AddSingleton<PostgresLeadership>();
                services.AddSingleton<ILeadership>(sp => sp.GetRequiredService<PostgresLeadership>());
                services.AddHostedService(sp => sp.GetRequiredService<PostgresLeadership>());
            }
            else
            {
                services.AddSingleton<ILeadership, SoleLeadership>();
            }

            services.AddSingleton<DispatchWakeup>();
            services.AddHostedService<DispatchLoop>();
            services.AddHostedService<LeaseReconciler>();
        }

        return services;
    }
}
