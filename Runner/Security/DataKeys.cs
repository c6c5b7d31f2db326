using System.Security.Cryptography;
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
            var path = Path.GetFullPath(named, dataDirectory);
            if (!File.Exists(path))
            {
                throw new InvalidOperationException($"Security:DataKeyFile names {path}, which does not exist. Create one with: ./rpa secrets new-key > {path}");
            }

            return FromFile(path);
        }

        var file = Path.Combine(dataDirectory, DefaultFile);
        if (!File.Exists(file))
        {
            Create(file);
        }

        return FromFile(file);
    }

    public static string NewKeyText() => Convert.ToBase64String(PersonalDataCipher.NewKey());

    private static PersonalDataCipher FromFile(string path)
    {
        var keys = File.ReadAllLines(path)
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => Decode(l, path))
            .ToList();
        return keys.Count > 0 ? new PersonalDataCipher(keys) : throw new InvalidOperationException($"The data key file {path} holds no key.");
    }

    private static void Create(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var text = $"# RpaRunner data key (AES-256). Keep it away from database backups;{Environment.NewLine}"
            + $"# losing it loses the personal data it sealed. Add a new key as the last line to rotate.{Environment.NewLine}{NewKeyText()}{Environment.NewLine}";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using var stream = new FileStream(path, options);
            using var writer = new StreamWriter(stream);
            writer.Write(text);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process of this runner created it first.
        }
    }

    private static byte[] Decode(string text, string origin)
    {
        try
        {
            var key = Convert.FromBase64String(text);
            return key.Length == 32 ? key : throw new CryptographicException($"a data key must be 32 bytes, this one has {key.Length}");
        }
        catch (Exception ex) when (ex is FormatException or CryptographicException)
        {
            throw new InvalidOperationException($"A data key in {origin} is not valid: {ex.Message}. Create one with ./rpa secrets new-key.", ex);
        }
    }
}
