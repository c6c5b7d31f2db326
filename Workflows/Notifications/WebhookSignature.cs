using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace RpaRunner.Workflows.Notifications;

/// <summary>
/// The HMAC-SHA256 signature of a webhook body, both ways (ADR 0016): <c>sha256=</c> and the lower-case hex of
/// HMAC-SHA256(secret, "{timestamp}.{raw body}"), the timestamp being Unix seconds sent in its own header. Binding the
/// timestamp into the MAC lets a receiver refuse a replay outside its window; comparing in fixed time tells an
/// attacker nothing about how much of a forged signature was right.
/// </summary>
public static class WebhookSignature
{
    public const string Prefix = "sha256=";

    /// <summary>How far a signed timestamp may be from the receiver's clock, either way, by default.</summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromMinutes(5);

    public static string Sign(string secret, long timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        return Prefix + Convert.ToHexStringLower(Mac(secret, timestamp, body));
    }

    public static string Sign(string secret, long timestamp, string body) => Sign(secret, timestamp, Encoding.UTF8.GetBytes(body));

    /// <summary>Why a signed request is refused, or <see cref="SignatureCheck.Valid"/>.</summary>
    public static SignatureCheck Verify(string secret, string? timestampHeader, string? signatureHeader, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan window)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        if (string.IsNullOrEmpty(signatureHeader) || !signatureHeader.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return SignatureCheck.Missing;
        }

        if (!long.TryParse(timestampHeader, NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp))
        {
            return SignatureCheck.Stale;
        }

        var sent = DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(timestamp, 0, DateTimeOffset.MaxValue.ToUnixTimeSeconds()));
        if ((now - sent).Duration() > window)
        {
            return SignatureCheck.Stale;
        }

        byte[] given;
        try
        {
            given = Convert.FromHexString(signatureHeader.AsSpan(Prefix.Length));
        }
        catch (FormatException)
        {
            return SignatureCheck.Mismatch;
        }

        return CryptographicOperations.FixedTimeEquals(given, Mac(secret, timestamp, body)) ? SignatureCheck.Valid : SignatureCheck.Mismatch;
    }

    private static byte[] Mac(string secret, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.ASCII.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + ".");
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        return HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), message);
    }
}

public enum SignatureCheck
{
    Valid,

    /// <summary>No signature header, or not "sha256=…".</summary>
    Missing,

    /// <summary>No usable timestamp, or one outside the window: a replay or a badly set clock.</summary>
    Stale,

    /// <summary>The signature is not the body's under the secret.</summary>
    Mismatch,
}
