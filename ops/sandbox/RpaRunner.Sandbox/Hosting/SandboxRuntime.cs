using Microsoft.EntityFrameworkCore;
using RpaRunner.Sandbox.Licences;
using RpaRunner.Sandbox.Quirks;
using RpaRunner.Sandbox.Register;
using RpaRunner.Sandbox.Store;
using RpaRunner.Sandbox.Systems;
using RpaRunner.Sandbox.Web;

namespace RpaRunner.Sandbox.Hosting;

/// <summary>Everything the systems of one sandbox share: stores, register, quirks, sessions, clock, randomness.</summary>
internal sealed class SandboxRuntime : IDisposable
{
    private static readonly TimeSpan ChinaOffset = TimeSpan.FromHours(8);
    private readonly Dictionary<string, SessionStore> _sessions;
    private readonly Random _random;
    private readonly Lock _randomLock = new();

    public SandboxRuntime(string dataDirectory, IReadOnlyList<SystemDefinition> systems, IReadOnlyDictionary<string, SystemQuirks> quirks, TimeProvider clock, int? seed)
    {
        Systems = systems;
        Clock = clock;
        _random = seed is null ? new Random() : new Random(seed.Value);
        Stores = new SandboxStores(dataDirectory, systems);
        Register = new PopulationRegister(Stores.RegisterDatabase, SeedPopulation.Load());
        Quirks = new QuirkBoard(quirks);
        _sessions = systems.ToDictionary(s => s.Id, _ => new SessionStore(clock));
        Processor = new ActionProcessor(this);
        Licences = new LicenceLibrary("rpa-runner", Convert.ToHexStringLower(global::System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)), clock);
    }

    /// <summary>The 电子证照库: 卫健 deposits the birth certificates it issues.</summary>
    public LicenceLibrary Licences { get; }

    public IReadOnlyList<SystemDefinition> Systems { get; }
    public TimeProvider Clock { get; }
    public SandboxStores Stores { get; }
    public PopulationRegister Register { get; }
    public QuirkBoard Quirks { get; }
    public ActionProcessor Processor { get; }

    /// <summary>See <see cref="SandboxOptions.GuardianPaysAfter"/>.</summary>
    public TimeSpan? GuardianPaysAfter { get; init; }

    public DateTimeOffset ChinaNow => Clock.GetUtcNow().ToOffset(ChinaOffset);

    public SessionStore Sessions(string systemId) => _sessions[systemId];

    public SystemDefinition System(string systemId) => Systems.First(s => s.Id == systemId);

    public async Task InitialiseAsync(bool reset)
    {
        if (reset)
        {
            await ClearRecordsAsync(null);
        }

        await Register.ResetAsync();
        await Stores.SeedProvidentAccountsAsync(Register.Seed, reset);
    }

    /// <summary>Deletes the records of one system (or all), restoring the register and accounts when all go.</summary>
    public async Task ClearRecordsAsync(string? systemId)
    {
        foreach (var system in Systems.Where(s => systemId is null || s.Id == systemId))
        {
            await Stores.ForSystem(system.Id).WriteAsync(async db =>
            {
                var records = db.Records.Where(r => r.SystemId == system.Id).Select(r => r.Id);
                await db.Attachments.Where(a => records.Contains(a.RecordId)).ExecuteDeleteAsync();
                await db.Records.Where(r => r.SystemId == system.Id).ExecuteDeleteAsync();
                if (systemId is null)
                {
                    await db.Sequences.ExecuteDeleteAsync();
                }

                return 0;
            });
        }

        if (systemId is null or "weijian")
        {
            // The library holds what 卫健 deposited: it goes with 卫健's records.
            Licences.Clear();
        }

        if (systemId is null)
        {
            await Register.ResetAsync();
            await Stores.SeedProvidentAccountsAsync(Register.Seed, reset: true);
        }
    }

    /// <summary>Search-before-create: by 综窗受理编号 and/or by ID number, credit code or issued number.</summary>
    public Task<List<BusinessRecord>> SearchAsync(string systemId, string? externalNo, string? subjectId, string? actionId) =>
        Stores.ForSystem(systemId).ReadAsync(db => db.Records.AsNoTracking()
            .Where(r => r.SystemId == systemId)
            .Where(r => string.IsNullOrEmpty(externalNo) || r.ExternalNo == externalNo)
            .Where(r => string.IsNullOrEmpty(subjectId) || r.SubjectId == subjectId || r.DocumentNo == subjectId)
            .Where(r => string.IsNullOrEmpty(actionId) || r.ActionId == actionId)
            .OrderBy(r => r.Id)
            .Take(200)
            .ToListAsync());

    public int NextRandom(int minInclusive, int maxExclusive)
    {
        lock (_randomLock)
        {
            return _random.Next(minInclusive, maxExclusive);
        }
    }

    public double NextDouble()
    {
        lock (_randomLock)
        {
            return _random.NextDouble();
        }
    }

    /// <summary>A log-normal delay with the configured median and 95th percentile.</summary>
    public TimeSpan SampleLatency(SystemQuirks quirks)
    {
        if (quirks.LatencyMedianMs <= 0)
        {
            return TimeSpan.Zero;
        }

        var p95 = Math.Max(quirks.LatencyP95Ms, quirks.LatencyMedianMs);
        var sigma = Math.Log((double)p95 / quirks.LatencyMedianMs) / 1.6449;
        double u1, u2;
        lock (_randomLock)
        {
            u1 = 1.0 - _random.NextDouble();
            u2 = _random.NextDouble();
        }

        var z = Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
        var ms = quirks.LatencyMedianMs * Math.Exp(sigma * z);
        return TimeSpan.FromMilliseconds(Math.Min(ms, 120_000));
    }

    public void Dispose() => Stores.Dispose();
}
