using System.Security.Cryptography;

namespace RpaRunner.Runner.Security;

/// <summary>
/// Keys the runner keeps outside its database (the data key, the audit key): base64 of 32 bytes, given in
/// configuration or in a key file of one key per line ('#' starts a comment), which a runner on one machine
/// creates readable by its owner only.
/// </summary>
internal static class KeyFiles
{
    public const int KeyLength = 32;

    public static string NewKeyText() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(KeyLength));

    /// <summary>The keys of a file, oldest first.</summary>
    public static List<byte[]> Read(string path, string what)
    {
        var keys = File.ReadAllLines(path)
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => Decode(l, path, what))
            .ToList();
        return keys.Count > 0 ? keys : throw new InvalidOperationException($"The {what} file {path} holds no key.");
    }

    /// <summary>The file a setting names, resolved against the data directory; it must exist.</summary>
    public static string Named(string setting, string named, string dataDirectory, string newKeyCommand)
    {
        var path = Path.GetFullPath(named, dataDirectory);
        return File.Exists(path)
            ? path
            : throw new InvalidOperationException($"{setting} names {path}, which does not exist. Create one with: {newKeyCommand} > {path}");
    }

    /// <summary>Writes a new key file readable by its owner only, unless another process of this runner made it first.</summary>
    public static void Create(string path, string comment)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var text = $"{comment}{Environment.NewLine}{NewKeyText()}{Environment.NewLine}";
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

    public static byte[] Decode(string text, string origin, string what)
    {
        try
        {
            var key = Convert.FromBase64String(text);
            return key.Length == KeyLength ? key : throw new CryptographicException($"a {what} must be {KeyLength} bytes, this one has {key.Length}");
        }
        catch (Exception ex) when (ex is FormatException or CryptographicException)
        {
            throw new InvalidOperationException($"A {what} in {origin} is not valid: {ex.Message}. Create one with ./rpa secrets new-key.", ex);
        }
    }
}
