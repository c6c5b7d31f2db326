using RpaRunner.Runner.Security;
using RpaRunner.Workflows.Audit;

namespace RpaRunner.Runner.Audit;

/// <summary>
/// Where the audit key comes from (the HMAC key of the audit chain and its checkpoints, ADR 0011), like the
/// data key (<see cref="DataKeys"/>):
/// <list type="bullet">
/// <item><c>Audit:Key</c> — base64 of 32 bytes (e.g. the environment variable <c>RPA_Audit__Key</c> from a secret manager);</item>
/// <item>else <c>Audit:KeyFile</c> — a file holding the key;</item>
/// <item>else, for a runner on one machine, <c>keys/audit.key</c> in the data directory, created (readable by its
/// owner only) on first start.</item>
/// </list>
/// A farm's orchestrators must share the key, so farm roles never create one (<see cref="IsConfigured"/>); nor does
/// <c>./rpa audit verify</c>, which needs the key the trail was sealed with.
/// </summary>
public static class AuditKeys
{
    public const string DefaultFile = "keys/audit.key";

    private const string What = "audit key";

    public static bool IsConfigured(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration["Audit:Key"]) || !string.IsNullOrWhiteSpace(configuration["Audit:KeyFile"]);

    /// <param name="create">Create the data directory's key file when no key is configured (a runner on one machine).</param>
    public static AuditKey Load(IConfiguration configuration, string dataDirectory, bool create)
    {
        if (configuration["Audit:Key"] is { Length: > 0 } key)
        {
            return new AuditKey(KeyFiles.Decode(key, "Audit:Key", What));
        }

        if (configuration["Audit:KeyFile"] is { Length: > 0 } named)
        {
            return FromFile(KeyFiles.Named("Audit:KeyFile", named, dataDirectory, "./rpa secrets new-key"));
        }

        var file = Path.Combine(dataDirectory, DefaultFile);
        if (!File.Exists(file))
        {
            if (!create)
            {
                throw new InvalidOperationException($"No audit key: set Audit:Key or Audit:KeyFile, or run where {file} exists.");
            }

            KeyFiles.Create(file, $"# RpaRunner audit key (HMAC-SHA256 of the audit chain). Keep it away from the database and its backups:{Environment.NewLine}"
                + "# whoever holds both can rewrite the trail unnoticed; without it the trail cannot be verified.");
        }

        return FromFile(file);
    }

    /// <summary>The key of a key file: its last key line.</summary>
    private static AuditKey FromFile(string path) => new(KeyFiles.Read(path, What)[^1]);
}
