using System.Globalization;
using System.Security.Cryptography;
using RpaRunner.Sandbox.Store;

namespace RpaRunner.Sandbox.Systems;

/// <summary>A file posted for one of a form's attachments, before the system checks it.</summary>
internal sealed record PostedAttachment(AttachmentDefinition Definition, string FileName, byte[] Content);

/// <summary>
/// How the department systems check a scan, as their upload controls do: of a type they take (by its first bytes, as the
/// system's file check does, not by the name), not empty, within their size limit. A bad file is refused with the
/// system's message in its 提示 box, and nothing is stored.
/// </summary>
internal static class AttachmentRules
{
    private static readonly Dictionary<string, string> s_labels = new(StringComparer.Ordinal) { ["pdf"] = "PDF", ["jpeg"] = "JPG", ["png"] = "PNG" };

    public static string? Sniff(ReadOnlySpan<byte> content) =>
        content.StartsWith("%PDF-"u8) ? "pdf"
        : content.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]) ? "jpeg"
        : content.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) ? "png"
        : null;

    /// <summary>The system's refusal of the posted files, or null; a required attachment that is missing is refused too.</summary>
    public static string? Check(IReadOnlyList<AttachmentDefinition> definitions, IReadOnlyList<PostedAttachment> posted)
    {
        foreach (var definition in definitions)
        {
            var file = posted.FirstOrDefault(p => p.Definition == definition);
            if (file is null)
            {
                if (definition.Required)
                {
                    return $"请上传{definition.Label}";
                }

                continue;
            }

            if (file.Content.Length == 0)
            {
                return $"{definition.Label}文件为空，请重新选择";
            }

            if (file.Content.LongLength > definition.MaxBytes)
            {
                return string.Create(CultureInfo.InvariantCulture, $"{definition.Label}文件过大，不得超过 {definition.MaxBytes / (1024 * 1024)}MB");
            }

            if (Sniff(file.Content) is not { } type || !definition.Types.Contains(type))
            {
                return $"{definition.Label}文件格式不正确，仅支持 {string.Join("、", definition.Types.Select(t => s_labels[t]))} 格式";
            }
        }

        return null;
    }

    public static RecordAttachment ToRecord(PostedAttachment file) => new()
    {
        Name = file.Definition.Name,
        FileName = file.FileName,
        ContentType = Sniff(file.Content)!,
        Size = file.Content.LongLength,
        Sha256 = Convert.ToHexStringLower(SHA256.HashData(file.Content)),
        Content = file.Content,
    };

    /// <summary>The HTML accept list of an attachment's file input.</summary>
    public static string Accept(AttachmentDefinition definition) =>
        string.Join(",", definition.Types.Select(t => t switch { "pdf" => ".pdf,application/pdf", "jpeg" => ".jpg,.jpeg,image/jpeg", _ => ".png,image/png" }));
}
