using System.Globalization;
using Microsoft.EntityFrameworkCore;
using RpaRunner.Sandbox.Hosting;
using RpaRunner.Sandbox.Quirks;
using RpaRunner.Sandbox.Register;
using RpaRunner.Sandbox.Store;

namespace RpaRunner.Sandbox.Systems;

/// <summary>
/// What a business rule may use: the shared register, its own store (already locked for this action), other
/// departments' records through the data-sharing exchange, the clock and number series.
/// </summary>
internal sealed class BusinessContext(SandboxRuntime runtime, SystemDefinition system, SandboxDbContext db)
{
    public PopulationRegister Register => runtime.Register;
    public SandboxDbContext Db => db;
    public SystemDefinition System => system;

    /// <summary>The system's behaviours as they are switched now.</summary>
    public SystemQuirks Quirks => runtime.Quirks.Get(system.Id);

    /// <summary>How long after a declared premium the stand-in guardian has paid it (null: only on a payment notice).</summary>
    public TimeSpan? GuardianPaysAfter => runtime.GuardianPaysAfter;

    /// <summary>Business time of the bureaus: China Standard Time.</summary>
    public DateTimeOffset Now => runtime.ChinaNow;
    public DateOnly Today => DateOnly.FromDateTime(Now.DateTime);

    /// <summary>Next number of a series kept in this system's store.</summary>
    public async Task<long> NextAsync(string series, long start = 1)
    {
        var counter = await db.Sequences.FindAsync(series);
        if (counter is null)
        {
            counter = new SequenceCounter { Name = series, Value = start };
            db.Sequences.Add(counter);
        }
        else
        {
            counter.Value++;
        }

        return counter.Value;
    }

    public int RandomNumber(int minInclusive, int maxExclusive) => runtime.NextRandom(minInclusive, maxExclusive);

    /// <summary>Records of an action in any system (own store through the locked context, others read-only).</summary>
    public async Task<List<BusinessRecord>> RecordsAsync(string systemId, string actionId, string? subjectId = null, string? documentNo = null)
    {
        static IQueryable<BusinessRecord> Filter(IQueryable<BusinessRecord> q, string systemId, string actionId, string? subjectId, string? documentNo) =>
            q.Where(r => r.SystemId == systemId && r.ActionId == actionId
                && (subjectId == null || r.SubjectId == subjectId)
                && (documentNo == null || r.DocumentNo == documentNo));

        var target = runtime.Stores.ForSystem(systemId);
        if (target.Name == runtime.Stores.ForSystem(system.Id).Name)
        {
            return await Filter(db.Records.AsNoTracking(), systemId, actionId, subjectId, documentNo).ToListAsync();
        }

        return await target.ReadAsync(other => Filter(other.Records.AsNoTracking(), systemId, actionId, subjectId, documentNo).ToListAsync());
    }

    /// <summary>Identity verification against the register (人口信息核验): exists, and the name matches.</summary>
    public async Task<(PersonEntry? Person, string? Rejection)> VerifyPersonAsync(string idNumber, string name, string who = "")
    {
        var person = await Register.FindPersonAsync(idNumber);
        if (person is null)
        {
            return (null, $"{who}公民身份号码{idNumber}在人口信息库中不存在，请核实后再办理");
        }

        if (name.Length > 0 && person.Name != name)
        {
            return (person, $"{who}姓名与公民身份号码不一致（人口信息库核验未通过）");
        }

        return (person, null);
    }

    /// <summary>Enterprise verification against the register: exists, and the name matches.</summary>
    public async Task<(EnterpriseEntry? Enterprise, string? Rejection)> VerifyEnterpriseAsync(string creditCode, string companyName)
    {
        var enterprise = await Register.FindEnterpriseAsync(creditCode);
        if (enterprise is null)
        {
            return (null, $"统一社会信用代码{creditCode}未在市场主体登记信息中查询到，请先办理企业设立登记");
        }

        if (companyName.Length > 0 && enterprise.Name != companyName)
        {
            return (enterprise, "单位名称与统一社会信用代码登记信息不一致");
        }

        return (enterprise, null);
    }

    public static int AgeOn(DateOnly birthDate, DateOnly day)
    {
        var age = day.Year - birthDate.Year;
        return day < birthDate.AddYears(age) ? age - 1 : age;
    }

    public static DateOnly ParseDate(string value) => DateOnly.ParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Money(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);

    public string Stamp(string format) => Now.ToString(format, CultureInfo.InvariantCulture);
}
