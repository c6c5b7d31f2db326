using Microsoft.EntityFrameworkCore;
using RpaRunner.Sandbox.Store;

namespace RpaRunner.Sandbox.Register;

/// <summary>
/// The population and enterprise register every department system checks against. 公安 adds newborns,
/// 市场监管 adds enterprises; everything else only reads.
/// </summary>
internal sealed class PopulationRegister(StoreDatabase database, SeedPopulation seed)
{
    public SeedPopulation Seed { get; } = seed;

    public Task<PersonEntry?> FindPersonAsync(string idNumber) =>
        database.ReadAsync(db => db.Persons.AsNoTracking().FirstOrDefaultAsync(p => p.IdNumber == idNumber));

    public Task<EnterpriseEntry?> FindEnterpriseAsync(string creditCode) =>
        database.ReadAsync(db => db.Enterprises.AsNoTracking().FirstOrDefaultAsync(e => e.CreditCode == creditCode));

    public Task<EnterpriseEntry?> FindEnterpriseByNameAsync(string name) =>
        database.ReadAsync(db => db.Enterprises.AsNoTracking().FirstOrDefaultAsync(e => e.Name == name));

    public Task<bool> PersonExistsAsync(string idNumber) =>
        database.ReadAsync(db => db.Persons.AnyAsync(p => p.IdNumber == idNumber));

    public Task<bool> EnterpriseExistsAsync(string creditCode) =>
        database.ReadAsync(db => db.Enterprises.AnyAsync(e => e.CreditCode == creditCode));

    public Task AddPersonAsync(PersonEntry person) =>
        database.WriteAsync(db => { db.Persons.Add(person); return Task.FromResult(0); });

    /// <summary>A 户籍 correction: the entry <paramref name="oldIdNumber"/> now reads <paramref name="person"/> (possibly under a new number).</summary>
    public Task ReplacePersonAsync(string oldIdNumber, PersonEntry person) =>
        database.WriteAsync(async db =>
        {
            await db.Persons.Where(p => p.IdNumber == oldIdNumber || p.IdNumber == person.IdNumber).ExecuteDeleteAsync();
            db.Persons.Add(person);
            return 0;
        });

    public Task AddEnterpriseAsync(EnterpriseEntry enterprise) =>
        database.WriteAsync(db => { db.Enterprises.Add(enterprise); return Task.FromResult(0); });

    public Task<List<PersonEntry>> ListPersonsAsync(string? source) =>
        database.ReadAsync(db => db.Persons.AsNoTracking().Where(p => source == null || p.Source == source).OrderBy(p => p.IdNumber).ToListAsync());

    public Task<List<EnterpriseEntry>> ListEnterprisesAsync(string? source) =>
        database.ReadAsync(db => db.Enterprises.AsNoTracking().Where(e => source == null || e.Source == source).OrderBy(e => e.CreditCode).ToListAsync());

    /// <summary>Drops everything the systems added and makes sure the seeded population is present.</summary>
    public Task ResetAsync() => database.WriteAsync(async db =>
    {
        await db.Persons.Where(p => p.Source != "seed").ExecuteDeleteAsync();
        await db.Enterprises.Where(e => e.Source != "seed").ExecuteDeleteAsync();
        var known = await db.Persons.Select(p => p.IdNumber).ToListAsync();
        foreach (var p in Seed.People.Where(p => !known.Contains(p.IdNumber)))
        {
            db.Persons.Add(new PersonEntry
            {
                IdNumber = p.IdNumber, Name = p.Name, Sex = p.Sex, BirthDate = p.BirthDate,
                Address = p.Address, Phone = p.Phone, Source = "seed",
            });
        }

        var knownEnterprises = await db.Enterprises.Select(e => e.CreditCode).ToListAsync();
        foreach (var e in Seed.Enterprises.Where(e => !knownEnterprises.Contains(e.CreditCode)))
        {
            var legalRep = Seed.WithRole("legalRep").FirstOrDefault();
            db.Enterprises.Add(new EnterpriseEntry
            {
                CreditCode = e.CreditCode, Name = e.Name, CompanyType = e.CompanyType, Address = e.Address,
                LegalRepName = legalRep?.Name ?? "", LegalRepIdNumber = legalRep?.IdNumber ?? "", Source = "seed",
            });
        }

        return 0;
    });
}
