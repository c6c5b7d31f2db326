using System.Text.Json;
using System.Text.Json.Nodes;
using RpaRunner.Workflows.Engine.Storage;
using RpaRunner.Workflows.Privacy;

namespace RpaRunner.Runner.Api;

/// <summary>
/// The Idempotency-Key of a submission, treated as payment APIs treat it: scoped to the user, answered with the first
/// result only for the same request, and refused (422) for another one. What makes two requests "the same" is their
/// fingerprint: an HMAC of the bundle, version and form in a canonical form (object keys sorted, no whitespace), so
/// reordered keys are the same request. The HMAC key is derived from the data key, so the stored fingerprint does not
/// let anyone with the database alone try guesses of an applicant's data against it.
/// </summary>
public sealed class IdempotencyKeys(PersonalDataCipher cipher)
{
    public const string HeaderName = "Idempotency-Key";

    /// <summary>The rule a key must follow, as told to a client that broke it.</summary>
    public static readonly string Rule = $"An {HeaderName} is 1 to {CaseRecord.RequestIdMaxLength} printable ASCII characters (space to '~'), sent once.";

    private const string FingerprintPurpose = "idempotency-fingerprint";

    private readonly KeyedHash _hash = new(cipher, FingerprintPurpose);

    /// <summary>The request's key (null when it has none), or false when the header breaks <see cref="Rule"/>.</summary>
    public static bool TryRead(HttpRequest request, out string? key)
    {
        key = null;
        var values = request.Headers[HeaderName];
        if (values.Count == 0 || (values.Count == 1 && string.IsNullOrEmpty(values[0])))
        {
            return true;
        }

        if (values.Count > 1 || values[0] is not { } value || value.Length > CaseRecord.RequestIdMaxLength || !value.All(c => c is >= ' ' and <= '~'))
        {
            return false;
        }

        key = value;
        return true;
    }

    /// <summary>The request's fingerprint under the current data key first, then under each older one.</summary>
    public IReadOnlyList<string> FingerprintsOf(string bundleId, int? bundleVersion, JsonObject? form)
    {
        var canonical = new JsonObject
        {
            ["bundleId"] = bundleId,
            ["bundleVersion"] = bundleVersion,
            ["form"] = Canonical(form),
        };
        return _hash.All(canonical.ToJsonString(s_compact));
    }

    /// <summary>The fingerprint of a whole request document (a pushed case: its number, bundle, matter codes, channel and form), under each data key.</summary>
    public IReadOnlyList<string> FingerprintsOf(JsonObject document) => _hash.All(Canonical(document)!.ToJsonString(s_compact));

    private static readonly JsonSerializerOptions s_compact = new() { WriteIndented = false };

    /// <summary>A copy with every object's keys in ordinal order, so key order does not make another request.</summary>
    private static JsonNode? Canonical(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Canonical(p.Value)))),
        JsonArray array => new JsonArray([.. array.Select(Canonical)]),
        _ => node?.DeepClone(),
    };
}
