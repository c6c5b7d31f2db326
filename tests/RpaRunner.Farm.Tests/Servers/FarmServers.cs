namespace RpaRunner.Farm.Tests.Servers;

/// <summary>One PostgreSQL and one RabbitMQ for the whole farm test run; each test takes its own database and
/// virtual host. Missing binaries fail the tests with a message that says what to install.</summary>
public sealed class FarmServers : IAsyncLifetime
{
    private LocalPostgres? _postgres;
    private LocalRabbitMq? _rabbit;

    public LocalPostgres Postgres => _postgres ?? throw new InvalidOperationException("PostgreSQL did not start.");

    public LocalRabbitMq RabbitMq => _rabbit ?? throw new InvalidOperationException("RabbitMQ did not start.");

    public async Task InitializeAsync()
    {
        var postgres = LocalPostgres.StartAsync();
        var rabbit = LocalRabbitMq.StartAsync();
        try
        {
            _postgres = await postgres;
        }
        finally
        {
            try
            {
                _rabbit = await rabbit;
            }
            catch when (_postgres is null)
            {
                // The PostgreSQL failure is reported.
            }
        }
    }

    public async Task DisposeAsync()
    {
        if (_rabbit is not null)
        {
            await _rabbit.DisposeAsync();
        }

        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class FarmCollection : ICollectionFixture<FarmServers>
{
    public const string Name = "farm";
}
