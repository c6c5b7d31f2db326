using System.Security.Cryptography;
using System.Text;

namespace RpaRunner.Workflows.Privacy;

/// <summary>
/// Encrypts personal data and secrets at rest with AES-256-GCM: an application's form, a step's inputs and
/// outputs, department systems' error messages, evidence files, and protected configuration values.
/// <para>
/// A protected value reads <c>rpa1:&lt;key id&gt;:&lt;base64 of nonce, ciphertext and tag&gt;</c>. The key id
/// names which key of the ring sealed it, so keys can be rotated: the last key of the ring seals new values
/// and every key still opens the values it sealed. The purpose (e.g. the column) is bound in as associated
/// data, so a value copied into another column does not open. A value without the prefix was written before
/// encryption was turned on and is read as it is.
/// </para>
/// </summary>
public sealed class PersonalDataCipher
{
    public const string Prefix = "rpa1:";
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private static readonly byte[] FileMagic = "RPA1"u8.ToArray();

    private readonly Dictionary<string, byte[]> _keys = new(StringComparer.Ordinal);
    private readonly byte[] _currentKey;

    /// <param name="keys">The key ring, oldest first; each key 32 bytes. The last one seals new values.</param>
    public PersonalDataCipher(IReadOnlyList<byte[]> keys)
    {
        if (keys.Count == 0)
        {
            throw new ArgumentException("The key ring is empty.", nameof(keys));
        }

        foreach (var key in keys)
        {
            if (key.Length != 32)
            {
                throw new ArgumentException($"A data key must be 32 bytes (AES-256); one has {key.Length}.", nameof(keys));
            }

            _keys[KeyIdOf(key)] = key;
        }

        _currentKey = keys[^1];
        CurrentKeyId = KeyIdOf(_currentKey);
    }

    /// <summary>The id of the key that seals new values: the first 8 hex digits of its SHA-256 (not secret).</summary>
    public string CurrentKeyId { get; }

    public static byte[] NewKey() => RandomNumberGenerator.GetBytes(32);

    public static string KeyIdOf(byte[] key) => Convert.ToHexStringLower(SHA256.HashData(key))[..8];

    public static bool IsProtected(string? value) => value is not null && value.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>
    /// Keys for another use of the data key (e.g. keyed fingerprints), derived with HKDF-SHA256 and bound to
    /// <paramref name="purpose"/>, so the data key itself never leaves this class and each use has its own key. The
    /// current key's derivation comes first, then those of the older keys of the ring.
    /// </summary>
    public IReadOnlyList<byte[]> DeriveKeys(string purpose)
    {
        var info = Encoding.UTF8.GetBytes(purpose);
        return [.. new[] { _currentKey }.Concat(_keys.Values.Where(k => !ReferenceEquals(k, _currentKey)))
            .Select(key => HKDF.DeriveKey(HashAlgorithmName.SHA256, key, 32, salt: null, info: info))];
    }

    public string Protect(string plaintext, string purpose)
    {
        var sealedBytes = Seal(Encoding.UTF8.GetBytes(plaintext), purpose);
        return $"{Prefix}{CurrentKeyId}:{Convert.ToBase64String(sealedBytes)}";
    }

    /// <summary>What people read for a value sealed with a data key this runner does not hold.</summary>
    public const string UnreadableText = "（无法解密）/ unreadable";

    /// <summary>The value is sealed with a data key that is not in this runner's key ring (another runner's, or a lost one).</summary>
    public bool IsSealedWithUnknownKey(string? stored)
    {
        if (!IsProtected(stored))
        {
            return false;
        }

        var rest = stored.AsSpan(Prefix.Length);
        var colon = rest.IndexOf(':');
        return colon > 0 && !_keys.ContainsKey(rest[..colon].ToString());
    }

    /// <summary>
    /// Opens a stored column value, but keeps a value sealed with an unknown key as it is: only that value is
    /// unreadable (readers show <see cref="UnreadableText"/>), not every row read with it, and it is written back
    /// unchanged (<see cref="ProtectColumn"/>), so a runner holding the key still opens it.
    /// </summary>
    public string UnprotectColumn(string stored, string purpose) => IsSealedWithUnknownKey(stored) ? stored : Unprotect(stored, purpose);

    /// <summary>Seals a column value; one this runner could not open (<see cref="UnprotectColumn"/>) is kept as it was sealed.</summary>
    public string ProtectColumn(string value, string purpose) => IsSealedWithUnknownKey(value) ? value : Protect(value, purpose);

    /// <summary>Opens a protected value; a value without the prefix is returned as it is.</summary>
    /// <exception cref="CryptographicException">The key is not in the ring, or the value was changed.</exception>
    public string Unprotect(string stored, string purpose)
    {
        if (!IsProtected(stored))
        {
            return stored;
        }

        var rest = stored.AsSpan(Prefix.Length);
        var colon = rest.IndexOf(':');
        if (colon < 0)
        {
            throw new CryptographicException("A protected value has no key id.");
        }

        var keyId = rest[..colon].ToString();
        var key = _keys.GetValueOrDefault(keyId)
            ?? throw new CryptographicException($"A value was sealed with data key {keyId}, which is not in this runner's key ring (Security:DataKey / Security:DataKeyFile).");
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(rest[(colon + 1)..].ToString());
        }
        catch (FormatException ex)
        {
            throw new CryptographicException("A protected value is not valid base64.", ex);
        }

        return Encoding.UTF8.GetString(Open(bytes, key, purpose));
    }

    /// <summary>Seals a file's bytes: "RPA1", the key id, then nonce, ciphertext and tag.</summary>
    public byte[] ProtectBytes(ReadOnlySpan<byte> plaintext, string purpose)
    {
        var sealedBytes = Seal(plaintext, purpose);
        var keyId = Encoding.ASCII.GetBytes(CurrentKeyId);
        return [.. FileMagic, .. keyId, .. sealedBytes];
    }

    public static bool IsProtected(ReadOnlySpan<byte> bytes) => bytes.StartsWith(FileMagic);

    /// <summary>Opens bytes sealed by <see cref="ProtectBytes"/>; other bytes are returned as they are.</summary>
    public byte[] UnprotectBytes(byte[] stored, string purpose)
    {
        if (!IsProtected(stored))
        {
            return stored;
        }

        if (stored.Length < FileMagic.Length + 8 + NonceSize + TagSize)
        {
            throw new CryptographicException("A protected file is truncated.");
        }

        var keyId = Encoding.ASCII.GetString(stored, FileMagic.Length, 8);
        var key = _keys.GetValueOrDefault(keyId)
            ?? throw new CryptographicException($"A file was sealed with data key {keyId}, which is not in this runner's key ring.");
        return Open(stored.AsSpan(FileMagic.Length + 8), key, purpose);
    }

    private byte[] Seal(ReadOnlySpan<byte> plaintext, string purpose)
    {
        var output = new byte[NonceSize + plaintext.Length + TagSize];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_currentKey, TagSize);
        aes.Encrypt(nonce, plaintext, output.AsSpan(NonceSize, plaintext.Length), output.AsSpan(NonceSize + plaintext.Length), Encoding.UTF8.GetBytes(purpose));
        return output;
    }

    private static byte[] Open(ReadOnlySpan<byte> sealedBytes, byte[] key, string purpose)
    {
        if (sealedBytes.Length < NonceSize + TagSize)
        {
            throw new CryptographicException("A protected value is truncated.");
        }

        var plaintext = new byte[sealedBytes.Length - NonceSize - TagSize];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(sealedBytes[..NonceSize], sealedBytes[NonceSize..^TagSize], sealedBytes[^TagSize..], plaintext, Encoding.UTF8.GetBytes(purpose));
        return plaintext;
    }
}
