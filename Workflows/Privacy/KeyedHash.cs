using System.Security.Cryptography;
using System.Text;

namespace RpaRunner.Workflows.Privacy;

/// <summary>
/// HMAC-SHA256 under a key derived (HKDF, <see cref="PersonalDataCipher.DeriveKeys"/>) from the data key for one
/// <c>purpose</c>: the one way a value is turned into a keyed fingerprint that can be compared without being kept in
/// clear (idempotency fingerprints, the case search index). The database alone does not let anyone try guesses
/// against it. After a key rotation a value has a hash under each key of the ring, the current one first, so rows
/// written under an older key are still found.
/// </summary>
public sealed class KeyedHash
{
    private readonly IReadOnlyList<byte[]> _keys;

    /// <param name="cipher">The data key ring; without one (a store that seals nothing) a fixed key of the purpose is used.</param>
    public KeyedHash(PersonalDataCipher? cipher, string purpose) =>
        _keys = cipher?.DeriveKeys(purpose) ?? [SHA256.HashData(Encoding.UTF8.GetBytes("rpa-unsealed:" + purpose))];

    /// <summary>The value's hash (lower-case hex) under the current key.</summary>
    public string Current(string value) => Hash(_keys[0], value);

    /// <summary>The value's hash under every key of the ring, the current one first.</summary>
    public IReadOnlyList<string> All(string value) => [.. _keys.Select(k => Hash(k, value))];

    private static string Hash(byte[] key, string value) => Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(value)));
}
