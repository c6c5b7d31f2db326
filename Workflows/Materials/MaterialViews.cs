using RpaRunner.Workflows.Model;

namespace RpaRunner.Workflows.Materials;

/// <summary>Whether the applicant has handed a material in, or what the window decided in its place (ADR 0019).</summary>
public enum MaterialState
{
    Missing,
    Supplied,

    /// <summary>容缺: to follow by the decision's due moment.</summary>
    Deferred,

    /// <summary>告知承诺: the applicant's commitment stands in for it.</summary>
    Promised,
}

/// <summary>
/// The window's decision for a material: 容缺 with its due moment, or 告知承诺 with the commitment text shown, the
/// applicant's tick or the SHA-256 of the signature image, and the clerk who confirmed it and when.
/// </summary>
public sealed record MaterialDecisionView(
    MaterialChoice Choice, DateTimeOffset? DueAt, string? PromiseText, bool ApplicantTicked, string? SignatureSha256, string DecidedBy, DateTimeOffset DecidedAt);

/// <summary>
/// One material of a case's 一次告知 list: what the bundle declares (name, the matters that need it, whether it is
/// required or may follow later, the types and size accepted) and what was supplied for it, if anything.
/// </summary>
/// <param name="Steps">The ids of the case's steps (matters) that need the material.</param>
/// <param name="Sha256">SHA-256 (hex) of the file's plain bytes.</param>
public sealed record MaterialView(
    string Id, LocalizedText Name, IReadOnlyList<string> Steps, bool Required, bool Deferrable, bool Promise,
    IReadOnlyList<MaterialType> Types, long MaxBytes, MaterialState State,
    string? FileName = null, long? Size = null, string? Sha256 = null, MaterialType? ContentType = null,
    string? UploadedBy = null, DateTimeOffset? UploadedAt = null, MaterialDecisionView? Decision = null)
{
    /// <summary>The working days a 容缺 of it is due in.</summary>
    public decimal DeferralDays { get; init; } = MaterialDefinition.DefaultDeferralDays;

    /// <summary>The commitment the applicant confirms for a 告知承诺 of it.</summary>
    public LocalizedText? PromiseText { get; init; }

    /// <summary>电子证照: the step that fetches it from the certificate library when it has been issued (the window need not ask for it).</summary>
    public string? FetchedBy { get; init; }

    /// <summary>The file came from the certificate library (电子证照库), not from the window.</summary>
    public bool FromLicenceLibrary => State == MaterialState.Supplied && UploadedBy == CaseMaterials.LicenceLibraryActor;

    public static MaterialView Declared(MaterialDefinition material) => new(
        material.Id, material.Name, material.Steps, material.Required, material.Deferrable, material.Promise,
        material.AcceptedTypes, material.MaxBytes, MaterialState.Missing)
    {
        DeferralDays = material.DeferralDaysOrDefault,
        PromiseText = material.Promise ? material.PromiseTextOrDefault : null,
        FetchedBy = material.FetchedBy,
    };
}

/// <summary>A supplied material's file, opened, for a person of the case's unit or a bot that hands it to a department.</summary>
public sealed record MaterialFile(string FileName, MaterialType ContentType, string Sha256, byte[] Content)
{
    public string MediaType => MaterialContent.MediaType(ContentType);
}

/// <summary>A file handed in for a case's material, before it is checked.</summary>
public sealed record MaterialUpload(string CaseCode, string MaterialId, string FileName, byte[] Content, string Actor);

/// <summary>Why a material was refused: stable codes for clients and the audit trail.</summary>
public enum MaterialRefusal
{
    Empty,
    TooLarge,
    WrongType,
    Infected,
    Unscanned,
}

/// <summary>A file refused for a material (nothing stored): the reason in Chinese and English.</summary>
public sealed class MaterialRefusedException(MaterialRefusal reason, LocalizedText text)
    : Exception(text.En)
{
    public MaterialRefusal Reason { get; } = reason;

    public LocalizedText Text { get; } = text;

    /// <summary>The stable code clients read: material.empty, material.too-large, material.wrong-type, material.infected, material.unscanned.</summary>
    public string Code => CodeOf(Reason);

    public static string CodeOf(MaterialRefusal reason) => reason switch
    {
        MaterialRefusal.Empty => "material.empty",
        MaterialRefusal.TooLarge => "material.too-large",
        MaterialRefusal.WrongType => "material.wrong-type",
        MaterialRefusal.Infected => "material.infected",
        _ => "material.unscanned",
    };
}

/// <summary>Why a bot is not given a material's file.</summary>
public enum WorkerMaterialRefusal
{
    /// <summary>The dispatch token is not the running attempt's, its lease has run out, or another worker holds it.</summary>
    NotCurrent,

    /// <summary>The bundle does not declare the material for the step.</summary>
    NotNeeded,

    /// <summary>The case holds no file for the material.</summary>
    Missing,
}

/// <summary>A material's file read for a bot, or why not.</summary>
public sealed record WorkerMaterialRead(MaterialFile? File, WorkerMaterialRefusal? Refusal);
