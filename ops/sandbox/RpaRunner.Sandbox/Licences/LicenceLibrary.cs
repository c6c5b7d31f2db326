using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace RpaRunner.Sandbox.Licences;

/// <summary>One licence the library holds: its metadata, the holder it is filed under, and the document with its SHA-256.</summary>
public sealed record Licence(
    string LicenceNo,
    string LicenceType,
    string HolderIdNumber,
    string HolderName,
    string Issuer,
    DateOnly IssueDate,
    string ChildName,
    string ChildSex,
    DateOnly ChildBirthDate,
    byte[] Document)
{
    public string Sha256 { get; } = Convert.ToHexStringLower(SHA256.HashData(Document));

    public string FileName => $"{LicenceNo}.pdf";
}

/// <summary>One request the library answered, as its inspection lists it (no names: the holder's number is masked).</summary>
public sealed record ServedRequest(long Order, DateTimeOffset At, string? AppKey, string Kind, string? LicenceType, string? Holder, string? LicenceNo, int Status, string? Sha256);

/// <summary>
/// The sandbox 电子证照库 (certificate library): licences filed by the holder's citizen ID number and a licence type code,
/// each with a PDF and its SHA-256, served to callers that sign their requests with an app key and secret. 卫健 deposits
/// every 出生医学证明 it issues (as hospitals' certificates reach the real library); tests may seed more. It keeps what it
/// holds in memory: the sandbox's stores are reset on start, and so is it.
/// </summary>
public sealed class LicenceLibrary(string appKey, string appSecret, TimeProvider time)
{
    /// <summary>The licence type code of the 出生医学证明 (a sample code of this sandbox, pinyin initials of 出生医学证明).</summary>
    public const string BirthCertificateType = "CSYXZM";

    /// <summary>How far a request's timestamp may be from the library's clock.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Licence> _byNumber = new(StringComparer.Ordinal);
    private readonly List<ServedRequest> _served = [];
    private DateTimeOffset _downUntil = DateTimeOffset.MinValue;

    /// <summary>The app key of the one caller this sandbox library knows (the runner's bots).</summary>
    public string AppKey => appKey;

    /// <summary>That caller's secret: it signs requests with it and never sends it.</summary>
    public string AppSecret => appSecret;

    public bool IsDown => time.GetUtcNow() < _downUntil;

    /// <summary>Answer 503 to every request for this long (zero: up again now).</summary>
    public void GoDown(TimeSpan span) => _downUntil = time.GetUtcNow() + span;

    /// <summary>Files a licence (a later one with the same number replaces it: a re-issue).</summary>
    public void Deposit(Licence licence)
    {
        lock (_gate)
        {
            _byNumber[licence.LicenceNo] = licence;
        }
    }

    /// <summary>Files the 出生医学证明 卫健 issued, with a document made from it.</summary>
    public Licence DepositBirthCertificate(string certificateNo, string motherIdNumber, string motherName, string birthPlace, DateOnly issueDate,
        string childName, string childSex, DateOnly childBirthDate)
    {
        var document = LicenceDocument.BirthCertificate(certificateNo, issueDate, childBirthDate, childSex);
        var licence = new Licence(certificateNo, BirthCertificateType, motherIdNumber.ToUpperInvariant(), motherName, birthPlace, issueDate, childName, childSex, childBirthDate, document);
        Deposit(licence);
        return licence;
    }

    /// <summary>The licences of a type filed under a holder's number.</summary>
    public IReadOnlyList<Licence> Find(string holderIdNumber, string licenceType)
    {
        lock (_gate)
        {
            return [.. _byNumber.Values.Where(l => string.Equals(l.HolderIdNumber, holderIdNumber, StringComparison.OrdinalIgnoreCase) && l.LicenceType == licenceType).OrderBy(l => l.LicenceNo, StringComparer.Ordinal)];
        }
    }

    public Licence? Get(string licenceNo)
    {
        lock (_gate)
        {
            return _byNumber.GetValueOrDefault(licenceNo);
        }
    }

    /// <summary>Forgets every licence and what was served.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _byNumber.Clear();
            _served.Clear();
        }
    }

    /// <summary>What the library answered, in order.</summary>
    public IReadOnlyList<ServedRequest> Served()
    {
        lock (_gate)
        {
            return [.. _served];
        }
    }

    internal void Note(string? key, string kind, string? licenceType, string? holder, string? licenceNo, int status, string? sha256)
    {
        lock (_gate)
        {
            _served.Add(new ServedRequest(_served.Count + 1, time.GetUtcNow(), key, kind, licenceType, Mask(holder), licenceNo, status, sha256));
        }
    }

    /// <summary>
    /// Whether a request is signed by the known caller: X-App-Key, X-Timestamp (Unix seconds, within <see cref="ClockSkew"/>)
    /// and X-Signature = hex HMAC-SHA256 with the secret over "{method}\n{path and query}\n{timestamp}".
    /// </summary>
    public bool Verify(string? key, string? timestamp, string? signature, string method, string pathAndQuery)
    {
        if (key is null || signature is null || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(appKey))
            || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || Math.Abs(time.GetUtcNow().ToUnixTimeSeconds() - seconds) > ClockSkew.TotalSeconds)
        {
            return false;
        }

        try
        {
            return CryptographicOperations.FixedTimeEquals(Convert.FromHexString(signature), Sign(appSecret, method, pathAndQuery, timestamp!));
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>The signature of a request (what a caller sends in X-Signature, hex).</summary>
    public static byte[] Sign(string secret, string method, string pathAndQuery, string timestamp) =>
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{method.ToUpperInvariant()}\n{pathAndQuery}\n{timestamp}"));

    private static string? Mask(string? idNumber) =>
        idNumber is { Length: 18 } ? idNumber[..6] + "********" + idNumber[14..] : idNumber is null ? null : "***";
}
