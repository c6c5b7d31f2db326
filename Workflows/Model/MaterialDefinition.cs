using System.Text.Json.Serialization;

namespace RpaRunner.Workflows.Model;

/// <summary>
/// 一次告知: one material (a scan of a certificate, the articles of association, a lease) a bundle asks the applicant
/// for, the matters (steps) that need it, and what the hall may accept in its place. The 容缺 and 告知承诺 flags say only
/// what the bundle allows; how such a case proceeds is not decided here.
/// </summary>
public sealed class MaterialDefinition
{
    /// <summary>The size limit of a material whose bundle names none.</summary>
    public const decimal DefaultMaxSizeMb = 10;

    /// <summary>The largest size limit a bundle may give a material: the runner accepts no larger upload.</summary>
    public const decimal MaxSizeMbCeiling = 20;

    public required string Id { get; set; }

    public required LocalizedText Name { get; set; }

    /// <summary>The steps (matters) that hand this material to their department.</summary>
    public List<string> Steps { get; set; } = [];

    /// <summary>The matters cannot be handled without it (unless <see cref="Deferrable"/> or <see cref="Promise"/> allows otherwise).</summary>
    public bool Required { get; set; } = true;

    /// <summary>容缺受理: the case may be accepted while this material follows later.</summary>
    public bool Deferrable { get; set; }

    /// <summary>告知承诺: the applicant's written promise may stand in for this material.</summary>
    public bool Promise { get; set; }

    /// <summary>The file types accepted, recognised by content. Empty in JSON means every type.</summary>
    public List<MaterialType> Types { get; set; } = [];

    public decimal? MaxSizeMb { get; set; }

    /// <summary>The types accepted: those named, or every type when none is named.</summary>
    [JsonIgnore]
    public IReadOnlyList<MaterialType> AcceptedTypes => Types.Count > 0 ? Types : Enum.GetValues<MaterialType>();

    /// <summary>The size limit in bytes.</summary>
    [JsonIgnore]
    public long MaxBytes => (long)((MaxSizeMb ?? DefaultMaxSizeMb) * 1024 * 1024);

    /// <summary>The matters cannot run without it: required, and neither 容缺 nor 告知承诺 lets it follow later.</summary>
    [JsonIgnore]
    public bool BlocksSteps => Required && !Deferrable && !Promise;
}

/// <summary>A file type a material may have, recognised by its content (<see cref="Materials.MaterialContent"/>).</summary>
public enum MaterialType
{
    Pdf,
    Jpeg,
    Png,
}
