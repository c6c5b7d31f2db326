using System.Security.Cryptography;
using RpaRunner.Workflows.Engine.Contracts;

namespace RpaRunner.Bots.Runtime;

/// <summary>Where a worker gets a material's bytes for the step it runs: the engine in its own process, or the runner over HTTP.</summary>
public interface IMaterialSource
{
    /// <summary>
    /// The bytes of <paramref name="reference"/> for the attempt <paramref name="step"/> that <paramref name="worker"/> runs.
    /// Throws <see cref="BotFailureException"/> when the runner does not hand them out.
    /// </summary>
    Task<byte[]> FetchAsync(RunStep step, string worker, MaterialReference reference, CancellationToken cancellationToken);
}

/// <summary>A material's file, checked, ready to hand to a department system.</summary>
public sealed record MaterialPayload(string MaterialId, string Name, string FileName, string MediaType, byte[] Content);

/// <summary>
/// The materials of one attempt: what the dispatch says the step needs (<see cref="RunStep.Materials"/>) and a way to fetch
/// their bytes. A fetched file is handed on only when its size and SHA-256 match the dispatch's reference: otherwise the
/// attempt fails as transient (the file may have been replaced since the dispatch; the next dispatch carries the new one).
/// </summary>
public sealed class StepMaterials(RunStep step, Func<MaterialReference, CancellationToken, Task<byte[]>>? fetch)
{
    /// <summary>No materials and no way to fetch any (a rehearsal, a test).</summary>
    public static StepMaterials None(RunStep step) => new(step, null);

    /// <summary>The material's reference when the step needs it (supplied or not), else null.</summary>
    public MaterialReference? Find(string materialId) => step.Materials.FirstOrDefault(m => m.MaterialId == materialId);

    /// <summary>
    /// The checked file of a material the case holds, or null when it holds none for it (or the step does not need it).
    /// </summary>
    /// <exception cref="TransientBotException">The bytes could not be fetched, or they are not the file the dispatch names.</exception>
    public async Task<MaterialPayload?> OpenAsync(string materialId, CancellationToken cancellationToken)
    {
        if (Find(materialId) is not { Supplied: true } reference)
        {
            return null;
        }

        if (fetch is null)
        {
            throw new TransientBotException($"本工作机无法获取材料「{reference.Name}」/ this worker has no way to fetch the material {reference.EnglishName ?? materialId}");
        }

        var content = await fetch(reference, cancellationToken);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(content));
        if (content.LongLength != reference.Size || !string.Equals(sha256, reference.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new TransientBotException(
                $"材料「{reference.Name}」校验不符（SHA-256 与派发时不一致），未上传 / the file of {reference.EnglishName ?? materialId} does not match the dispatch "
                + $"(SHA-256 {Short(sha256)} instead of {Short(reference.Sha256!)}); it was not uploaded");
        }

        return new MaterialPayload(reference.MaterialId, reference.Name, reference.FileName ?? materialId, reference.ContentType ?? "application/octet-stream", content);
    }

    private static string Short(string sha256) => sha256.Length > 12 ? sha256[..12] + "…" : sha256;
}
