using MassTransit;
using RpaRunner.Bots.Pools;

namespace RpaRunner.Runner.Dispatch;

public static class DispatchExtensions
{
    /// <summary>
    /// MassTransit with the in-memory transport: the engine's queue ("engine": reports and lease requests)
    /// and one queue per bot pool this process serves ("bots-web", …) with competing consumers.
    /// </summary>
    public static IServiceCollection AddDispatch(this IServiceCollection services, BotPoolOptions bots)
    {
        services.AddMassTransit(x =>
        {
            x.AddConsumer<StepReportConsumer>();
            x.AddConsumer<ExtendStepLeaseConsumer>();
            x.AddConsumer<RunStepConsumer>();
            x.AddRequestClient<Workflows.Engine.Contracts.ExtendStepLease>(RunStepConsumer.EngineQueue);
            x.UsingInMemory((context, cfg) =>
            {
                cfg.ReceiveEndpoint("engine", e =>
                {
                    e.ConcurrentMessageLimit = Math.Max(4, Environment.ProcessorCount * 2);
                    e.UseMessageRetry(r => r.Intervals(50, 200, 1000));
                    e.ConfigureConsumer<StepReportConsumer>(context);
                    e.ConfigureConsumer<ExtendStepLeaseConsumer>(context);
                });
                foreach (var pool in bots.Pools.Distinct(StringComparer.Ordinal))
                {
                    cfg.ReceiveEndpoint($"bots-{pool}", e =>
                    {
                        e.ConcurrentMessageLimit = bots.ConcurrencyPerPool;
                        e.ConfigureConsumer<RunStepConsumer>(context);
                    });
                }
            });
        });
        services.AddHostedService<DispatchLoop>();
        services.AddHostedService<LeaseReconciler>();
        return services;
    }
}
