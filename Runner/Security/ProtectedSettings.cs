using System.Security.Cryptography;
using RpaRunner.Workflows.Privacy;

namespace RpaRunner.Runner.Security;

/// <summary>
/// Secrets in configuration (department systems' robot passwords, the broker's password, connection strings)
/// may be written sealed, as printed by <c>./rpa secrets protect</c>: "rpa1:…". They are opened in memory at
/// start; configuration files and environment hold only the sealed text.
/// </summary>
public static class ProtectedSettings
{
    public const string Purpose = "configuration";

    /// <summary>Opens every sealed value of the configuration; returns how many there were.</summary>
    public static int Reveal(IConfigurationBuilder builder, IConfiguration configuration, PersonalDataCipher cipher)
    {
        var opened = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in configuration.AsEnumerable())
        {
            if (!PersonalDataCipher.IsProtected(value))
            {
                continue;
            }

            try
            {
                opened[key] = cipher.Unprotect(value!, Purpose);
            }
            catch (CryptographicException ex)
            {
                throw new InvalidOperationException($"The sealed setting {key} does not open with this runner's data keys: {ex.Message}", ex);
            }
        }

        if (opened.Count > 0)
        {
            builder.AddInMemoryCollection(opened);
        }

        return opened.Count;
    }
}
