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
