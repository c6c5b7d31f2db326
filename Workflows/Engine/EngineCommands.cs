using System.Text.Json.Nodes;

namespace RpaRunner.Workflows.Engine;

/// <param name="HoldForBatchWindow">true: hold the case for its bundle's overnight batch window; false: run it now;
/// null: as the bundle's setting (Bundles:{id}:HoldSubmissions) says.</param>
/// <param name="Unit">The organisation unit of the submitter, which the case belongs to (none: <see cref="CaseScope.DefaultUnit"/>).</param>
/// <param name="RequestId">The client's idempotency key; scoped to <paramref name="Actor"/>: another user's same key is another submission.</param>
/// <param name="RequestFingerprints">Fingerprints of the request body (bundle, version, form) under the current data key first, then
/// under each older one. A resubmission with the same key must match the first submission's fingerprint under one of them, else it is
/// refused (<see cref="IdempotencyConflictException"/>); a key rotation in between does not make a true retry look different.</param>
public sealed record SubmitCase(string BundleId, JsonObject? Form, string Actor, int? BundleVersion = null, string? RequestId = null, bool? HoldForBatchWindow = null, IReadOnlyList<string>? RequestFingerprints = null, string? Unit = null, PlatformOrigin? Platform = null, IReadOnlyList<Materials.MaterialDecision>? Materials = null);

/// <summary>
/// Where a case pushed by the provincial platform (一网通办) came from: the platform's case number (kept on the case),
/// the national matter codes it names and the applicant's channel (kept in the case's audit trail).
/// </summary>
public sealed record PlatformOrigin(string CaseNo, IReadOnlyList<string> MatterCodes, string? Channel);

/// <summary>
/// The same idempotency key was used by the same user with another request body: the key already belongs to
/// <see cref="CaseCode"/>, and a different application is not silently answered with it. Nothing was stored.
/// </summary>
public sealed class IdempotencyConflictException(string caseCode)
    : EngineRequestException("idempotency.conflict", $"This Idempotency-Key was already used for case {caseCode} with a different request (bundle, version or form); use a new key for a new application.")
{
    public string CaseCode { get; } = caseCode;
}

public sealed record SubmitResult(string CaseCode, bool Created);

public enum PersonActionKind
{
    Retry,
    CorrectAndRetry,
    Skip,
    CompleteByHand,
}

/// <summary>An operator's decision on one step. <see cref="Values"/> holds corrected inputs or hand-entered outputs;
/// <see cref="Cascade"/> lets a skip also skip the later steps that need the skipped step's outputs; <see cref="Scope"/>
/// is whose cases the actor may act on (null: every case, for the runner's own doors), a case outside it is unknown.</summary>
public sealed record PersonAction(string CaseCode, string StepId, PersonActionKind Kind, string Actor, string Reason, Dictionary<string, string?>? Values = null, bool Cascade = false, CaseScope? Scope = null);

/// <summary>
/// 更正: a change of the case's unified form. <see cref="Form"/> holds the changed fields by section, as in a
/// submission (a null value clears an optional field). <see cref="Scope"/> is whose cases the actor may amend (null:
/// every case); a case outside it is unknown.
/// </summary>
public sealed record AmendCase(string CaseCode, string Actor, string Reason, JsonObject? Form, CaseScope? Scope = null);

/// <summary>What an amendment changed: the form fields (masked) and the steps it touched.</summary>
public sealed record AmendResult(IReadOnlyList<string> ChangedFields, IReadOnlyList<string> StepsUpdated, IReadOnlyList<string> StepsToAmend);
