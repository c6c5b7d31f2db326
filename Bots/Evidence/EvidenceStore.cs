using Microsoft.Extensions.Options;

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
/// </summary>
public sealed class EvidenceStore(IOptions<EvidenceOptions> options, TimeProvider time)
{
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
