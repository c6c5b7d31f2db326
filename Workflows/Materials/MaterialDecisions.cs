using System.Text.Json.Nodes;
using RpaRunner.Workflows.Engine;
using RpaRunner.Workflows.Forms;
using RpaRunner.Workflows.Model;

namespace RpaRunner.Workflows.Materials;

/// <summary>What the window decided for a material the applicant does not hand in now (ADR 0019).</summary>
public enum MaterialChoice
{
    /// <summary>容缺受理: it follows later, within the material's deferral days; the matters that need it wait for it.</summary>
    Deferred,

    /// <summary>告知承诺: the applicant's commitment stands in for it; the matters run.</summary>
    Promised,
}

/// <summary>
/// One decision for a material, as a door (the API, the hall, the case page) hands it to the engine: 容缺, or 告知承诺
/// confirmed by the applicant's tick or signature image (PNG). The commitment text is the bundle's, never the caller's;
/// the clerk who confirmed it and when are the engine's to record.
/// </summary>
public sealed record MaterialDecision(string MaterialId, MaterialChoice Choice, bool ApplicantTicked = false, byte[]? Signature = null)
{
    /// <summary>The largest signature image taken (it travels in a JSON body of at most 256 KiB as base64).</summary>
    public const int MaxSignatureBytes = 128 * 1024;

    /// <summary>The stable code of a choice, for the API and the audit trail: deferred, promised.</summary>
    public static string CodeOf(MaterialChoice choice) => choice == MaterialChoice.Deferred ? "deferred" : "promised";

    /// <summary>
    /// Reads the <c>materials</c> object of a request: <c>{ "id": { "decision": "deferred" } }</c> or
    /// <c>{ "id": { "decision": "promised", "applicantTicked": true, "signaturePng": "base64…" } }</c>. A shape that cannot be
    /// read is an error at its path (materials.id), in the same form as the rules' errors.
    /// </summary>
    public static IReadOnlyList<MaterialDecision> Read(JsonNode? node, List<FieldError> errors)
    {
        var decisions = new List<MaterialDecision>();
        if (node is null)
        {
            return decisions;
        }

        if (node is not JsonObject materials)
        {
            errors.Add(new("materials", "material.decision-invalid", "materials 须为按材料编号列出的决定", "materials must be an object of decisions by material id"));
            return decisions;
        }

        foreach (var (id, value) in materials)
        {
            var path = $"materials.{id}";
            var decision = value is JsonObject o && o["decision"] is JsonValue d && d.TryGetValue<string>(out var s) ? s : null;
            MaterialChoice? choice = decision switch { "deferred" => MaterialChoice.Deferred, "promised" => MaterialChoice.Promised, _ => null };
            if (choice is null)
            {
                errors.Add(new(path, "material.decision-invalid", "材料的决定须为 容缺后补（deferred）或 告知承诺（promised）", "A material's decision must be deferred or promised"));
                continue;
            }

            var ticked = value!["applicantTicked"] is JsonValue t && t.TryGetValue<bool>(out var b) && b;
            byte[]? signature = null;
            if (value["signaturePng"] is { } sig)
            {
                try
                {
                    signature = Convert.FromBase64String(sig.GetValue<string>());
                }
                catch (Exception ex) when (ex is FormatException or InvalidOperationException)
                {
                    errors.Add(new(path, "material.signature-invalid", "签名图片须为 Base64 编码的 PNG", "The signature must be a base64-encoded PNG"));
                    continue;
                }
            }

            decisions.Add(new(id, choice.Value, ticked, signature));
        }

        return decisions;
    }

    /// <summary>
    /// The one rule for every door: each decision names a material the bundle declares, once; 容缺 only where the
    /// material is <c>deferrable</c>; 告知承诺 only where it allows a <c>promise</c>, confirmed by the applicant's tick or
    /// a signature image that is a PNG (by content) within <see cref="MaxSignatureBytes"/>; never for a material already
    /// supplied. Errors are at materials.id, in Chinese and English.
    /// </summary>
    public static List<FieldError> Validate(BundleDefinition bundle, IEnumerable<MaterialDecision> decisions, IReadOnlySet<string>? supplied = null)
    {
        var errors = new List<FieldError>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var decision in decisions)
        {
            var path = $"materials.{decision.MaterialId}";
            if (bundle.FindMaterial(decision.MaterialId) is not { } material)
            {
                errors.Add(new(path, "material.unknown", $"本一件事没有编号为“{decision.MaterialId}”的材料", $"The bundle declares no material '{decision.MaterialId}'"));
                continue;
            }

            if (!seen.Add(material.Id))
            {
                errors.Add(new(path, "material.decision-twice", $"“{material.Name.Zh}”的决定给了两次", $"“{material.Name.En}” was decided twice"));
                continue;
            }

            if (supplied?.Contains(material.Id) == true)
            {
                errors.Add(new(path, "material.already-supplied", $"“{material.Name.Zh}”已提交，无须容缺或承诺", $"“{material.Name.En}” was supplied; it needs no deferral or promise"));
                continue;
            }

            if (decision.Choice == MaterialChoice.Deferred && !material.Deferrable)
            {
                errors.Add(new(path, "material.not-deferrable", $"“{material.Name.Zh}”不可容缺受理，请提交材料", $"“{material.Name.En}” cannot be deferred; supply it"));
            }
            else if (decision.Choice == MaterialChoice.Promised && !material.Promise)
            {
                errors.Add(new(path, "material.no-promise", $"“{material.Name.Zh}”不适用告知承诺，请提交材料", $"“{material.Name.En}” cannot be replaced by a promise; supply it"));
            }
            else if (decision.Choice == MaterialChoice.Promised && decision.Signature is null && !decision.ApplicantTicked)
            {
                errors.Add(new(path, "material.promise-unconfirmed", $"“{material.Name.Zh}”的告知承诺须由申请人勾选确认或签名", $"The promise for “{material.Name.En}” needs the applicant's tick or signature"));
            }
            else if (decision.Choice == MaterialChoice.Promised && decision.Signature is { } signature
                && (signature.Length == 0 || signature.Length > MaxSignatureBytes || MaterialContent.Sniff(signature) != MaterialType.Png))
            {
                errors.Add(new(path, "material.signature-invalid", $"签名图片须为不超过 {MaxSignatureBytes / 1024} KB 的 PNG 图片（按内容判断）",
                    $"The signature must be a PNG image (judged by its content) of at most {MaxSignatureBytes / 1024} KB"));
            }
        }

        return errors;
    }
}

/// <summary>The decisions for a case's materials break the rules; nothing was stored. Paths are materials.id.</summary>
public sealed class MaterialDecisionRejectedException(IReadOnlyList<FieldError> errors)
    : EngineRequestException("material.decision-invalid", $"{errors.Count} material decision(s) break the bundle's rules; nothing was stored.")
{
    public IReadOnlyList<FieldError> Errors { get; } = errors;
}
