using Microsoft.Extensions.Options;
using RpaRunner.Workflows.Privacy;

namespace RpaRunner.Bots.Evidence;

/// <summary>Settings of failure evidence (configuration section "Evidence").</summary>
public sealed class EvidenceOptions
{
    /// <summary>Where evidence is kept. Default: "evidence" under the runner's data directory.</summary>
    public string? Folder { get; set; }

    /// <summary>Days evidence is kept before it is deleted. Default 30.</summary>
    public int RetentionDays { get; set; } = 30;
}

/// <summary>
/// Keeps the evidence of failed attempts (screenshot, page HTML, console errors, Playwright trace, accessibility
/// tree, log lines) under case/step/attempt, and hands back paths relative to its root for the step's state.
/// Evidence shows applicants' data, so with a cipher (every runner has one) each file is sealed once its
/// attempt is over (<see cref="Seal"/>) and opened only when an operator reads it (<see cref="Read"/>).
/// </summary>
public sealed class EvidenceStore(IOptions<EvidenceOptions> options, TimeProvider time, PersonalDataCipher? cipher = null)
{
    private const string Purpose = "evidence";

    public string Root { get; } = Path.GetFullPath(options.Value.Folder ?? Path.Combine("data", "evidence"));

    public int RetentionDays => options.Value.RetentionDays;

    /// <summary>The folder for one attempt, created; and the relative path prefix that names it.</summary>
    public (string Folder, string Relative) FolderFor(string caseCode, string stepId, int attempt)
    {
        var relative = $"{Safe(caseCode)}/{Safe(stepId)}/{attempt}";
        var folder = Path.Combine(Root, relative);
        Directory.CreateDirectory(folder);
        return (folder, relative);
    }

    /// <summary>The file behind a relative path, or null when the path leaves the store or does not exist.</summary>
    public string? Resolve(string relative)
    {
        var full = Path.GetFullPath(Path.Combine(Root, relative));
        return full.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal) && File.Exists(full) ? full : null;
    }

    /// <summary>Seals every file of an attempt's folder that is not sealed yet.</summary>
    public void Seal(string folder)
    {
        if (cipher is null || !Directory.Exists(folder))
        {
            return;
        }

        foreach (var file in Directory.EnumerateFiles(folder))
        {
            var bytes = File.ReadAllBytes(file);
            if (PersonalDataCipher.IsProtected(bytes))
            {
                continue;
            }

            var sealedFile = file + ".sealing";
            File.WriteAllBytes(sealedFile, cipher.ProtectBytes(bytes, Purpose));
            File.Move(sealedFile, file, overwrite: true);
        }
    }

    /// <summary>The content of a piece of evidence, opened; null when the path leaves the store or does not exist.</summary>
    public byte[]? Read(string relative)
    {
        if (Resolve(relative) is not { } file)
        {
            return null;
        }

        var bytes = File.ReadAllBytes(file);
        return cipher is null ? bytes : cipher.UnprotectBytes(bytes, Purpose);
    }

    /// <summary>Deletes attempt folders older than the retention period; returns how many.</summary>
    public int DeleteExpired()
    {
        if (!Directory.Exists(Root))
        {
            return 0;
        }

        var cutoff = time.GetUtcNow().UtcDateTime.AddDays(-RetentionDays);
        var deleted = 0;
        foreach (var attempt in Directory.EnumerateDirectories(Root, "*", SearchOption.AllDirectories).Where(d => Directory.GetFiles(d).Length > 0).ToList())
        {
            if (Directory.GetLastWriteTimeUtc(attempt) < cutoff)
            {
                Directory.Delete(attempt, recursive: true);
                deleted++;
            }
        }

        return deleted;
    }

    private static string Safe(string part) => string.Concat(part.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '_'));
}
