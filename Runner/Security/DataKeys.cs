using RpaRunner.Workflows.Privacy;

namespace RpaRunner.Runner.Security;

/// <summary>
/// Where the runner's data keys come from (the keys of <see cref="PersonalDataCipher"/>):
/// <list type="bullet">
/// <item><c>Security:DataKey</c> — the current key, base64 of 32 bytes (e.g. the environment variable
/// <c>RPA_Security__DataKey</c> from a secret manager), with <c>Security:PreviousDataKeys</c> (comma-separated)
/// still opening what older keys sealed;</item>
/// <item>else <c>Security:DataKeyFile</c> — one base64 key per line, oldest first, the last one current;</item>
/// <item>else, for a runner on one machine, <c>keys/data.key</c> in the data directory, created with a new key
/// (readable by its owner only) on first start.</item>
/// </list>
/// A farm's nodes must share the keys, so farm roles never create one (<see cref="IsConfigured"/>).
/// </summary>
public static class DataKeys
{
    public const string DefaultFile = "keys/data.key";

    private const string What = "data key";

    public static bool IsConfigured(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration["Security:DataKey"]) || !string.IsNullOrWhiteSpace(configuration["Security:DataKeyFile"]);

    public static PersonalDataCipher Load(IConfiguration configuration, string dataDirectory)
    {
        if (configuration["Security:DataKey"] is { Length: > 0 } current)
        {
            var previous = (configuration["Security:PreviousDataKeys"] ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return new PersonalDataCipher([.. previous.Select(k => Decode(k, "Security:PreviousDataKeys")), Decode(current, "Security:DataKey")]);
        }

        if (configuration["Security:DataKeyFile"] is { Length: > 0 } named)
        {
            return FromFile(KeyFiles.Named("Security:DataKeyFile", named, dataDirectory, "./rpa secrets new-key"));
        }

        var file = Path.Combine(dataDirectory, DefaultFile);
        if (!File.Exists(file))
        {
            KeyFiles.Create(file, $"# RpaRunner data key (AES-256). Keep it away from database backups;{Environment.NewLine}"
                + "# losing it loses the personal data it sealed. Add a new key as the last line to rotate.");
        }

        return FromFile(file);
    }

    public static string NewKeyText() => KeyFiles.NewKeyText();

    private static PersonalDataCipher FromFile(string path) => new(KeyFiles.Read(path, What));

    private static byte[] Decode(string text, string origin) => KeyFiles.Decode(text, origin, What);
}
