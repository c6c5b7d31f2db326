using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using RpaRunner.Sandbox.Register;
using RpaRunner.Sandbox.Systems;

namespace RpaRunner.Sandbox.Store;

/// <summary>The register file and one store file per department (the counter client shares 公积金's).</summary>
internal sealed class SandboxStores : IDisposable
{
    private readonly Dictionary<string, StoreDatabase> _bySystem = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StoreDatabase> _byStore = new(StringComparer.Ordinal);

    public SandboxStores(string directory, IEnumerable<SystemDefinition> systems)
    {
        Directory.CreateDirectory(directory);
        RegisterDatabase = new StoreDatabase("register", Path.Combine(directory, "register.db"));
        foreach (var system in systems)
        {
            if (!_byStore.TryGetValue(system.StoreName, out var store))
            {
                store = new StoreDatabase(system.StoreName, Path.Combine(directory, system.StoreName + ".db"));
                _byStore[system.StoreName] = store;
            }

            _bySystem[system.Id] = store;
        }
    }

    public StoreDatabase RegisterDatabase { get; }

    public IEnumerable<StoreDatabase> Departments => _byStore.Values;

    public StoreDatabase ForSystem(string systemId) =>
        _bySystem.TryGetValue(systemId, out var store) ? store : throw new KeyNotFoundException($"Unknown system '{systemId}'.");

    /// <summary>Opens the personal provident fund accounts of the seeded retirees if they are missing.</summary>
    public async Task SeedProvidentAccountsAsync(SeedPopulation seed, bool reset)
    {
        if (!_byStore.TryGetValue("gongjijin", out var store))
        {
            return;
        }

        await store.WriteAsync(async db =>
        {
            if (reset)
            {
                await db.ProvidentAccounts.ExecuteDeleteAsync();
            }

            var existing = await db.ProvidentAccounts.Select(a => a.IdNumber).ToListAsync();
            var number = existing.Count;
            foreach (var person in seed.People.Where(p => p.Retirement is not null && !existing.Contains(p.IdNumber)))
            {
                db.ProvidentAccounts.Add(new ProvidentAccount
                {
                    IdNumber = person.IdNumber,
                    AccountNo = "4301" + (++number).ToString("00000000", System.Globalization.CultureInfo.InvariantCulture),
                    Name = person.Name,
                    Balance = person.Retirement!.ProvidentFundBalance,
                    Status = "正常",
                });
            }

            return 0;
        });
    }

    public void Dispose()
    {
        RegisterDatabase.Dispose();
        foreach (var store in _byStore.Values)
        {
            store.Dispose();
        }

        SqliteConnection.ClearAllPools();
    }
}
