using Microsoft.Extensions.Logging;
using RpaRunner.Workflows.Engine;
using RpaRunner.Workflows.Model;

namespace RpaRunner.Workflows.Materials;

/// <summary>
/// Takes in a material for a case, the one door for the hall and the API: the file must be one the bundle declares
/// for the case, not empty and within the material's size limit, of an accepted type recognised by its content, and
/// scanned clean by the virus scanner. A file that fails any check is refused with the reason in Chinese and English,
/// and the refusal is audited; a file that cannot be scanned is not accepted. Only then is it stored, sealed.
/// </summary>
public sealed class CaseMaterials(CaseEngine engine, IVirusScanner scanner, ILogger<CaseMaterials> logger)
{
    /// <summary>
    /// Who supplied a material fetched from the certificate library (电子证照) rather than handed in at the window: it
    /// enters through the bot's report (ADR 0027), checked by type, size and the library's SHA-256, not by the scanner.
    /// </summary>
    public const string LicenceLibraryActor = "电子证照库";

    /// <exception cref="NotFoundException">No such case in <paramref name="scope"/>, or the case declares no such material.</exception>
    /// <exception cref="MaterialRefusedException">The file is refused (audited); nothing stored.</exception>
    /// <exception cref="ScannerUnavailableException">The file could not be scanned (audited); nothing stored.</exception>
    public async Task<MaterialView> AddAsync(MaterialUpload upload, CaseScope? scope, CancellationToken cancellationToken = default)
    {
        var material = await engine.DeclaredMaterialAsync(upload.CaseCode, upload.MaterialId, scope, cancellationToken);
        if (Check(material, upload.Content) is { } refused)
        {
            await RefuseAsync(upload, refused, null, scope, cancellationToken);
        }

        VirusScanResult scan;
        try
        {
            scan = await scanner.ScanAsync(upload.Content, cancellationToken);
        }
        catch (ScannerUnavailableException)
        {
            await engine.RecordMaterialRefusedAsync(upload, MaterialRefusal.Unscanned, null, scope, cancellationToken);
            throw;
        }

        if (!scan.IsClean)
        {
            logger.LogWarning("A file for material {Material} of case {Case} holds {Signature}; refused", upload.MaterialId, upload.CaseCode, scan.Signature);
            await RefuseAsync(upload, new(MaterialRefusal.Infected, new(
                $"文件含有病毒或恶意代码（{scan.Signature}），不予接收", $"The file contains a virus or malicious code ({scan.Signature}); it was not accepted")),
                scan.Signature, scope, cancellationToken);
        }

        return await engine.AddMaterialAsync(upload, MaterialContent.Sniff(upload.Content)!.Value, scope, cancellationToken);
    }

    /// <summary>
    /// Scans the signature images of 告知承诺 decisions as a material's file is scanned (their type and size are the
    /// engine's rule, <see cref="MaterialDecision.Validate"/>): an infected image is <see cref="MaterialRefusedException"/>,
    /// one that cannot be scanned <see cref="ScannerUnavailableException"/>. Decisions without an image need no scanner.
    /// </summary>
    public async Task ScanSignaturesAsync(IEnumerable<MaterialDecision> decisions, CancellationToken cancellationToken = default)
    {
        foreach (var decision in decisions.Where(d => d.Signature is { Length: > 0 }))
        {
            var scan = await scanner.ScanAsync(decision.Signature!, cancellationToken);
            if (!scan.IsClean)
            {
                logger.LogWarning("A signature image for material {Material} holds {Signature}; refused", decision.MaterialId, scan.Signature);
                throw new MaterialRefusedException(MaterialRefusal.Infected, new(
                    $"签名图片含有病毒或恶意代码（{scan.Signature}），不予接收", $"The signature image contains a virus or malicious code ({scan.Signature}); it was not accepted"));
            }
        }
    }

    /// <summary>
    /// What is wrong with a file for <paramref name="material"/> before it is scanned: empty, too large, or of a type the
    /// material does not accept (by content); null when nothing is.
    /// </summary>
    public static MaterialRefusedException? Check(MaterialDefinition material, ReadOnlySpan<byte> content)
    {
        if (CheckSize(material, content.Length) is { } size)
        {
            return size;
        }

        if (MaterialContent.Sniff(content) is not { } type || !material.AcceptedTypes.Contains(type))
        {
            var accepted = string.Join("、", material.AcceptedTypes.Select(MaterialContent.Label));
            return new(MaterialRefusal.WrongType, new(
                $"“{material.Name.Zh}”只接收 {accepted} 文件（按文件内容判断，不看文件名）",
                $"“{material.Name.En}” takes {accepted.Replace("、", ", ", StringComparison.Ordinal)} files only (judged by the content, not the file name)"));
        }

        return null;
    }

    /// <summary>What is wrong with a file of <paramref name="size"/> bytes for <paramref name="material"/> (empty or too large), before it is read.</summary>
    public static MaterialRefusedException? CheckSize(MaterialDefinition material, long size)
    {
        if (size <= 0)
        {
            return new(MaterialRefusal.Empty, new($"“{material.Name.Zh}”的文件是空的", $"The file for “{material.Name.En}” is empty"));
        }

        if (size > material.MaxBytes)
        {
            var limit = $"{material.MaxBytes / (1024.0 * 1024):0.#} MB";
            return new(MaterialRefusal.TooLarge, new($"“{material.Name.Zh}”的文件超过 {limit} 的上限", $"The file for “{material.Name.En}” is larger than the {limit} limit"));
        }

        return null;
    }

    private async Task RefuseAsync(MaterialUpload upload, MaterialRefusedException refused, string? signature, CaseScope? scope, CancellationToken cancellationToken)
    {
        await engine.RecordMaterialRefusedAsync(upload, refused.Reason, signature, scope, cancellationToken);
        throw refused;
    }
}
