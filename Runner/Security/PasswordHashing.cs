using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace RpaRunner.Runner.Security;

/// <summary>
/// Passwords of the web UI, hashed with PBKDF2-HMAC-SHA512 (210,000 iterations, 16-byte random salt,
/// 32-byte key; the OWASP recommendation for PBKDF2-SHA512). Stored as
/// <c>pbkdf2-sha512$iterations$salt$key</c> (salt and key in base64), so the cost can rise later while
/// old hashes keep verifying.
/// </summary>
public static class PasswordHashing
{
    public const int Iterations = 210_000;
    private const string Prefix = "pbkdf2-sha512";
    private const int SaltBytes = 16;
    private const int KeyBytes = 32;

    public static string Hash(string password)
    {
        ArgumentException.ThrowIfNullOrEmpty(password);
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var key = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, Iterations, HashAlgorithmName.SHA512, KeyBytes);
        return string.Join('$', Prefix, Iterations.ToString(CultureInfo.InvariantCulture), Convert.ToBase64String(salt), Convert.ToBase64String(key));
    }

    /// <summary>True when the password matches the hash; false for a wrong password or a malformed hash.</summary>
    public static bool Verify(string? password, string? hash)
    {
        if (string.IsNullOrEmpty(password) || string.IsNullOrEmpty(hash))
        {
            return false;
        }

        var parts = hash.Split('$');
        if (parts.Length != 4 || parts[0] != Prefix
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) || iterations < 10_000)
        {
            return false;
        }

        try
        {
            var salt = Convert.FromBase64String(parts[2]);
            var expected = Convert.FromBase64String(parts[3]);
            var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA512, expected.Length);
            return CryptographicOperations.FixedTimeEquals(actual, expected);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>Spends the time of one verification, so an unknown user name answers as slowly as a wrong password.</summary>
    internal static void SpendVerificationTime(string? password) =>
        _ = Verify(password ?? "x", s_decoy);

    private static readonly string s_decoy = Hash("decoy-password-never-matches");

    /// <summary>A fresh password for a development user: 14 characters without look-alikes (no 0/O, 1/l/I).</summary>
    public static string NewPassword()
    {
        const string alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        return RandomNumberGenerator.GetString(alphabet, 14);
    }
}
