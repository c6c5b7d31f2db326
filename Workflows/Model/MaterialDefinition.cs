using System.Text.Json.Serialization;

namespace RpaRunner.Workflows.Model;

/// <summary>
/// 一次告知: one material (a scan of a certificate, the articles of association, a lease) a bundle asks the applicant
/// for, the matters (steps) that need it, and what the hall may accept in its place: 容缺 (to follow within
/// <see cref="DeferralDays"/> working days; its matters wait for it) or 告知承诺 (the applicant's commitment,
/// <see cref="PromiseText"/>, stands in for it). The engine's step gate applies it (ADR 0019).
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

    /// <summary>The working days a 容缺 material is due in when the bundle names none (ADR 0019).</summary>
    public const decimal DefaultDeferralDays = 5;

    /// <summary>容缺: the working days, from the decision, within which the applicant supplies it; <see cref="DefaultDeferralDays"/> when not named.</summary>
    public decimal? DeferralDays { get; set; }

    /// <summary>告知承诺: the commitment the applicant is shown and confirms in place of the material; a standard text when not named.</summary>
    public LocalizedText? PromiseText { get; set; }

    /// <summary>
    /// 电子证照: the step that fetches this material from a certificate library (电子证照库) instead of asking the applicant
    /// for the scan. Once that step found it, the case holds it like a scan handed in; when the library has none, the
    /// window's usual ways (a scan, 容缺, 告知承诺) stay open.
    /// </summary>
    public string? FetchedBy { get; set; }

    /// <summary>The working days a 容缺 material is due in.</summary>
    [JsonIgnore]
    public decimal DeferralDaysOrDefault => DeferralDays ?? DefaultDeferralDays;

    /// <summary>The commitment text shown to the applicant and recorded with a promise.</summary>
    [JsonIgnore]
    public LocalizedText PromiseTextOrDefault => PromiseText ?? new(
        $"本人承诺：已具备“{Name.Zh}”所证明的条件，所填信息真实有效；如承诺不实，愿承担相应法律责任，并接受撤销相关办理结果的处理。",
        $"I commit that I meet the conditions “{Name.En}” would prove and that what I stated is true; if not, I accept the legal consequences and the revocation of the results.");

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
