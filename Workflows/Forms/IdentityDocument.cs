using System.Globalization;
using System.Text.Json.Serialization;

namespace RpaRunner.Workflows.Forms;

/// <summary>
/// 有效身份证件类型: the identity documents a person may show at the hall. The JSON codes are what a form's
/// <see cref="FieldType.DocumentType"/> field carries; people see <see cref="DocumentTypes.Label"/>.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<DocumentType>))]
public enum DocumentType
{
    /// <summary>居民身份证: the 18-character citizen ID number (GB 11643).</summary>
    [JsonStringEnumMemberName("residentId")]
    ResidentId,

    /// <summary>港澳居民居住证: 18 characters like GB 11643, region 810000 (Hong Kong) or 820000 (Macao).</summary>
    [JsonStringEnumMemberName("hkMacaoResidencePermit")]
    HkMacaoResidencePermit,

    /// <summary>台湾居民居住证: 18 characters like GB 11643, region 830000.</summary>
    [JsonStringEnumMemberName("taiwanResidencePermit")]
    TaiwanResidencePermit,

    /// <summary>外国人永久居留身份证: the 2017 format (15 characters) or the 2023 format (18, starting with 9).</summary>
    [JsonStringEnumMemberName("foreignPermanentResidence")]
    ForeignPermanentResidence,

    /// <summary>护照: 5 to 17 letters and digits.</summary>
    [JsonStringEnumMemberName("passport")]
    Passport,

    /// <summary>港澳居民来往内地通行证: H (Hong Kong) or M (Macao) and 8 or 10 digits.</summary>
    [JsonStringEnumMemberName("hkMacaoPermit")]
    HkMacaoPermit,

    /// <summary>台湾居民来往大陆通行证: 8 digits.</summary>
    [JsonStringEnumMemberName("taiwanPermit")]
    TaiwanPermit,
}

/// <summary>The codes, labels and name rules of <see cref="DocumentType"/>.</summary>
public static class DocumentTypes
{
    private static readonly (DocumentType Type, string Code, LocalizedText Label)[] Table =
    [
        (DocumentType.ResidentId, "residentId", new("居民身份证", "Resident identity card")),
        (DocumentType.HkMacaoResidencePermit, "hkMacaoResidencePermit", new("港澳居民居住证", "Residence permit for Hong Kong and Macao residents")),
        (DocumentType.TaiwanResidencePermit, "taiwanResidencePermit", new("台湾居民居住证", "Residence permit for Taiwan residents")),
        (DocumentType.ForeignPermanentResidence, "foreignPermanentResidence", new("外国人永久居留身份证", "Foreign permanent resident ID card")),
        (DocumentType.Passport, "passport", new("护照", "Passport")),
        (DocumentType.HkMacaoPermit, "hkMacaoPermit", new("港澳居民来往内地通行证", "Mainland travel permit for Hong Kong and Macao residents")),
        (DocumentType.TaiwanPermit, "taiwanPermit", new("台湾居民来往大陆通行证", "Mainland travel permit for Taiwan residents")),
    ];

    /// <summary>The choices of a document-type field, in the order the hall offers them.</summary>
    public static IReadOnlyList<EnumOption> Options { get; } =
        [.. Table.Select(t => new EnumOption { Code = t.Code, Label = t.Label })];

    /// <summary>The document read when a form's document-type field is left empty.</summary>
    public const DocumentType Default = DocumentType.ResidentId;

    public static string Code(DocumentType type) => Table.First(t => t.Type == type).Code;

    public static LocalizedText Label(DocumentType type) => Table.First(t => t.Type == type).Label;

    public static bool TryParse(string? code, out DocumentType type)
    {
        foreach (var t in Table)
        {
            if (string.Equals(t.Code, code, StringComparison.Ordinal))
            {
                type = t.Type;
                return true;
            }
        }

        type = default;
        return false;
    }

    /// <summary>
    /// Whether the holder's name may be written in Latin letters: a passport or a foreign permanent resident ID
    /// is held by foreigners, whose names are in Latin letters (a Chinese name is accepted too). Residence permits
    /// and travel permits are held by Chinese citizens of Hong Kong, Macao and Taiwan, whose names are in
    /// Chinese characters.
    /// </summary>
    public static bool AllowsLatinName(DocumentType type) =>
        type is DocumentType.Passport or DocumentType.ForeignPermanentResidence;
}

/// <summary>
/// A checked identity-document number of one <see cref="DocumentType"/>, with the birth date and sex the number
/// encodes when it encodes them (the resident ID, the residence permits and the 2023 permanent resident ID).
/// </summary>
public readonly record struct IdentityDocument
{
    public const int PassportMinLength = 5;
    public const int PassportMaxLength = 17;

    /// <summary>The length of the 2017 foreign permanent resident ID: 3 letters and 12 digits.</summary>
    public const int PermanentResidence2017Length = 15;

    /// <summary>The length of the 2023 foreign permanent resident ID: 17 digits and a check character.</summary>
    public const int PermanentResidence2023Length = 18;

    private IdentityDocument(DocumentType type, string number, DateOnly? birthDate, Sex? sex)
    {
        Type = type;
        Number = number;
        BirthDate = birthDate;
        Sex = sex;
    }

    public DocumentType Type { get; }

    /// <summary>The number, trimmed and upper-cased.</summary>
    public string Number { get; }

    /// <summary>The birth date the number encodes, or null when it encodes none (passports, permits, the 2017 permanent resident ID).</summary>
    public DateOnly? BirthDate { get; }

    /// <summary>The sex the number encodes, or null when it encodes none.</summary>
    public Sex? Sex { get; }

    public override string ToString() => Number ?? string.Empty;

    /// <summary>The resident ID as a document.</summary>
    public static IdentityDocument FromCitizenId(CitizenIdNumber id) => new(DocumentType.ResidentId, id.Value, id.BirthDate, id.Sex);

    /// <summary>
    /// Checks a number as a document of <paramref name="type"/>. On failure errorCode is, for the resident ID, one
    /// of the id.* codes of <see cref="CitizenIdNumber.TryParse(string?, DateOnly?, out CitizenIdNumber, out string?)"/>;
    /// for the other documents document.format, document.region, document.birthDate or document.checksum.
    /// </summary>
    public static bool TryParse(DocumentType type, string? text, DateOnly? today, out IdentityDocument document, out string? errorCode)
    {
        document = default;
        var value = text?.Trim().ToUpperInvariant() ?? string.Empty;
        switch (type)
        {
            case DocumentType.ResidentId:
                if (!CitizenIdNumber.TryParse(value, today, out var id, out errorCode))
                {
                    return false;
                }

                document = FromCitizenId(id);
                return true;
            case DocumentType.HkMacaoResidencePermit:
            case DocumentType.TaiwanResidencePermit:
                return TryParseResidencePermit(type, value, today, out document, out errorCode);
            case DocumentType.ForeignPermanentResidence:
                return value.Length == PermanentResidence2023Length
                    ? TryParsePermanentResidence2023(value, today, out document, out errorCode)
                    : TryParsePermanentResidence2017(value, out document, out errorCode);
            case DocumentType.Passport:
                return Accept(type, value, value.Length is >= PassportMinLength and <= PassportMaxLength && IsAsciiLettersOrDigits(value), out document, out errorCode);
            case DocumentType.HkMacaoPermit:
                return Accept(type, value, value.Length is 9 or 11 && value[0] is 'H' or 'M' && IsAsciiDigits(value.AsSpan(1)), out document, out errorCode);
            case DocumentType.TaiwanPermit:
                return Accept(type, value, value.Length == 8 && IsAsciiDigits(value), out document, out errorCode);
            default:
                throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown document type.");
        }
    }

    /// <summary>Residence permits follow GB 11643 with the region code 810000, 820000 or 830000.</summary>
    private static bool TryParseResidencePermit(DocumentType type, string value, DateOnly? today, out IdentityDocument document, out string? errorCode)
    {
        document = default;
        if (!CitizenIdNumber.TryParse(value, today, out var id, out var code))
        {
            errorCode = code == FormErrorCodes.IdFormat ? FormErrorCodes.DocumentFormat
                : code == FormErrorCodes.IdBirthDate ? FormErrorCodes.DocumentBirthDate
                : code == FormErrorCodes.IdChecksum ? FormErrorCodes.DocumentChecksum
                : FormErrorCodes.DocumentRegion;
            return false;
        }

        var regionOk = type == DocumentType.TaiwanResidencePermit
            ? id.RegionCode == "830000"
            : id.RegionCode is "810000" or "820000";
        if (!regionOk)
        {
            errorCode = FormErrorCodes.DocumentRegion;
            return false;
        }

        document = new(type, id.Value, id.BirthDate, id.Sex);
        errorCode = null;
        return true;
    }

    /// <summary>
    /// The 2023 permanent resident ID: 9, the 2-digit province code of the accepting authority, a 3-digit
    /// nationality code, the 8-digit birth date, a 3-digit sequence whose parity gives the sex, and the
    /// GB 11643 MOD 11-2 check character.
    /// </summary>
    private static bool TryParsePermanentResidence2023(string value, DateOnly? today, out IdentityDocument document, out string? errorCode)
    {
        document = default;
        if (value[0] != '9' || !IsAsciiDigits(value.AsSpan(0, 17)) || !(char.IsAsciiDigit(value[17]) || value[17] == 'X'))
        {
            errorCode = FormErrorCodes.DocumentFormat;
            return false;
        }

        if (!CitizenIdNumber.IsValidProvinceCode(((value[1] - '0') * 10) + (value[2] - '0')))
        {
            errorCode = FormErrorCodes.DocumentRegion;
            return false;
        }

        if (!DateOnly.TryParseExact(value.AsSpan(6, 8), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var birthDate)
            || birthDate < CitizenIdNumber.EarliestBirthDate
            || (today is { } t && birthDate > t))
        {
            errorCode = FormErrorCodes.DocumentBirthDate;
            return false;
        }

        if (CitizenIdNumber.ComputeCheckCharacter(value.AsSpan(0, 17)) != value[17])
        {
            errorCode = FormErrorCodes.DocumentChecksum;
            return false;
        }

        var sex = (value[16] - '0') % 2 == 1 ? Forms.Sex.Male : Forms.Sex.Female;
        document = new(DocumentType.ForeignPermanentResidence, value, birthDate, sex);
        errorCode = null;
        return true;
    }

    /// <summary>
    /// The 2017 permanent resident ID: the 3-letter nationality code, the 2-digit province code of the accepting
    /// authority, the birth date as yyMMdd, and a 4-digit sequence and check. The two-digit year leaves the century
    /// open, so no birth date is derived from it.
    /// </summary>
    private static bool TryParsePermanentResidence2017(string value, out IdentityDocument document, out string? errorCode)
    {
        document = default;
        if (value.Length != PermanentResidence2017Length || !IsAsciiLetters(value.AsSpan(0, 3)) || !IsAsciiDigits(value.AsSpan(3)))
        {
            errorCode = FormErrorCodes.DocumentFormat;
            return false;
        }

        if (!CitizenIdNumber.IsValidProvinceCode(((value[3] - '0') * 10) + (value[4] - '0')))
        {
            errorCode = FormErrorCodes.DocumentRegion;
            return false;
        }

        if (!DateOnly.TryParseExact(value.AsSpan(5, 6), "yyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            errorCode = FormErrorCodes.DocumentBirthDate;
            return false;
        }

        document = new(DocumentType.ForeignPermanentResidence, value, null, null);
        errorCode = null;
        return true;
    }

    private static bool Accept(DocumentType type, string value, bool valid, out IdentityDocument document, out string? errorCode)
    {
        document = valid ? new(type, value, null, null) : default;
        errorCode = valid ? null : FormErrorCodes.DocumentFormat;
        return valid;
    }

    private static bool IsAsciiDigits(ReadOnlySpan<char> span) => span.Length > 0 && !span.ContainsAnyExceptInRange('0', '9');

    private static bool IsAsciiLetters(ReadOnlySpan<char> span)
    {
        foreach (var c in span)
        {
            if (!char.IsAsciiLetterUpper(c))
            {
                return false;
            }
        }

        return span.Length > 0;
    }

    private static bool IsAsciiLettersOrDigits(string value) => value.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c));
}
