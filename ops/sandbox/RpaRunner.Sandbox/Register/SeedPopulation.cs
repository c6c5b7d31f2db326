using System.Text.Json;
using System.Text.Json.Serialization;

namespace RpaRunner.Sandbox.Register;

/// <summary>
/// The adults and enterprises seeded into the shared register (ops/sandbox/seed/population.json, embedded in
/// this assembly). Demos and sample cases pick their applicants from here.
/// </summary>
public sealed class SeedPopulation
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    public int Version { get; init; }
    public IReadOnlyList<SeedPerson> People { get; init; } = [];
    public IReadOnlyList<SeedEnterprise> Enterprises { get; init; } = [];

    /// <summary>People having <paramref name="role"/> (mother, father, retiree, legalRep, minor).</summary>
    public IEnumerable<SeedPerson> WithRole(string role) => People.Where(p => p.Roles.Contains(role));

    /// <summary>
    /// The people 市场监管's 企业设立登记 asks for beside the legal representative, as its form fields: the legal
    /// representative as the only shareholder subscribing the whole <paramref name="capital"/> (万元), paid in within three
    /// years of <paramref name="today"/>; three mothers of the register as supervisor, finance officer and liaison.
    /// </summary>
    public Dictionary<string, string> CompanyPeople(SeedPerson legalRep, string capital, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(legalRep);
        var others = WithRole("mother").Where(p => p.IdNumber != legalRep.IdNumber).OrderBy(p => p.IdNumber, StringComparer.Ordinal).Take(3).ToList();
        return new Dictionary<string, string>
        {
            ["shareholder1Name"] = legalRep.Name, ["shareholder1IdNumber"] = legalRep.IdNumber, ["shareholder1Capital"] = capital,
            ["shareholder1PaidInDate"] = today.AddYears(3).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["supervisorName"] = others[0].Name, ["supervisorIdNumber"] = others[0].IdNumber,
            ["financeOfficerName"] = others[1].Name, ["financeOfficerIdNumber"] = others[1].IdNumber,
            ["liaisonName"] = others[2].Name, ["liaisonIdNumber"] = others[2].IdNumber, ["liaisonPhone"] = others[2].Phone,
        };
    }

    public static SeedPopulation Load()
    {
        using var stream = typeof(SeedPopulation).Assembly.GetManifestResourceStream("Seed/population.json")
            ?? throw new InvalidOperationException("The seed population resource is missing from the sandbox assembly.");
        return JsonSerializer.Deserialize<SeedPopulation>(stream, JsonOptions)
            ?? throw new InvalidOperationException("The seed population resource is empty.");
    }
}

public sealed class SeedPerson
{
    public required string IdNumber { get; init; }
    public required string Name { get; init; }

    /// <summary>1 male, 2 female (GB/T 2261.1).</summary>
    public required string Sex { get; init; }
    public string SexLabel { get; init; } = "";

    /// <summary>yyyy-MM-dd.</summary>
    public required string BirthDate { get; init; }
    public string Address { get; init; } = "";
    public string Phone { get; init; } = "";
    public IReadOnlyList<string> Roles { get; init; } = [];
    public string? SpouseIdNumber { get; init; }
    public SeedRetirement? Retirement { get; init; }
}

public sealed class SeedRetirement
{
    /// <summary>male, female-cadre, female-worker; rejection samples end in -short-contribution or -too-young.</summary>
    public required string Group { get; init; }

    /// <summary>1 干部 (cadre), 2 工人 (worker).</summary>
    public required string PersonType { get; init; }
    public string PersonTypeLabel { get; init; } = "";
    public int ContributionYears { get; init; }
    public string? EmployerCreditCode { get; init; }
    public string? OnlyChildCertificateNo { get; init; }
    public required string BankCardNo { get; init; }
    public required string BankName { get; init; }

    [JsonPropertyName("providentFundBalance")]
    public decimal ProvidentFundBalance { get; init; }
}

public sealed class SeedEnterprise
{
    public required string CreditCode { get; init; }
    public required string Name { get; init; }
    public string CompanyType { get; init; } = "";
    public string Address { get; init; } = "";
}
