using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using RpaRunner.Sandbox.Hosting;
using RpaRunner.Sandbox.Store;

namespace RpaRunner.Sandbox.Systems;

internal enum SubmitStatus
{
    Invalid,
    Rejected,
    Accepted,

    /// <summary>The system holds the matter open until the applicant acts (待缴费); nothing was stored.</summary>
    Pending,
}

internal sealed record SubmitResult(SubmitStatus Status, IReadOnlyList<FieldError> Errors, string? Message, BusinessRecord? Record)
{
    public string ErrorText => Message ?? string.Join("；", Errors.Select(e => e.Message));
}

/// <summary>A 更正 as the system answered it: refused, or saved (<see cref="Correction"/> null when nothing changed).</summary>
internal sealed record AmendResult(SubmitStatus Status, IReadOnlyList<FieldError> Errors, string? Message, BusinessRecord? Record, CorrectionEntry? Correction)
{
    public string ErrorText => Message ?? string.Join("；", Errors.Select(e => e.Message));
}

/// <summary>Runs one matter: form checks, business rules, then stores the record with its numbers.</summary>
internal sealed class ActionProcessor(SandboxRuntime runtime)
{
    public async Task<SubmitResult> SubmitAsync(
        SystemDefinition system,
        ActionDefinition action,
        IReadOnlyDictionary<string, string> raw,
        string? externalNo,
        string operatorName,
        string channel,
        CancellationToken cancellationToken,
        IReadOnlyList<PostedAttachment>? attachments = null)
    {
        var (values, errors) = FormValidation.Validate(action.Fields, raw);
        if (errors.Count > 0)
        {
            return new SubmitResult(SubmitStatus.Invalid, errors, null, null);
        }

        externalNo = string.IsNullOrWhiteSpace(externalNo) ? null : externalNo.Trim();
        var store = runtime.Stores.ForSystem(system.Id);
        using (await store.LockAsync(cancellationToken))
        {
            await using var db = store.CreateContext();
            var context = new BusinessContext(runtime, system, db);
            var request = new ActionRequest(system, action, values, externalNo, operatorName, channel);
            var outcome = await action.Handler(request, context);
            if (outcome.Pending is not null)
            {
                return new SubmitResult(SubmitStatus.Pending, [], outcome.Pending, null);
            }

            if (!outcome.Accepted)
            {
                return new SubmitResult(SubmitStatus.Rejected, [], outcome.Rejection, null);
            }

            var day = context.Stamp("yyyyMMdd");
            var sequence = await context.NextAsync("receipt:" + day);
            var record = new BusinessRecord
            {
                SystemId = system.Id,
                ActionId = action.Id,
                ReceiptNo = string.Create(CultureInfo.InvariantCulture, $"{system.ReceiptPrefix}{day}{sequence:000000}"),
                ExternalNo = externalNo,
                SubjectId = request[action.SubjectField],
                SubjectName = outcome.SubjectName ?? request[action.SubjectNameField],
                DocumentNo = outcome.Outputs.TryGetValue(action.DocumentOutput, out var doc) ? doc : null,
                InputsJson = JsonSerializer.Serialize(values),
                OutputsJson = JsonSerializer.Serialize(outcome.Outputs),
                CreatedAt = context.Now.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                Operator = operatorName,
                Channel = channel,
                Attachments = [.. (attachments ?? []).Select(AttachmentRules.ToRecord)],
            };
            db.Records.Add(record);
            await db.SaveChangesAsync(cancellationToken);
            if (action.Id == "weijian.issueBirthCertificate" && record.DocumentNo is { } certificateNo)
            {
                // As hospitals' certificates reach the real 电子证照库: filed under the mother's number.
                runtime.Licences.DepositBirthCertificate(certificateNo, request["motherIdNumber"], request["motherName"], request["birthPlace"], context.Today,
                    request["childName"], request["childSex"], BusinessContext.ParseDate(request["birthDate"]));
            }

            return new SubmitResult(SubmitStatus.Accepted, [], null, record);
        }
    }

    /// <summary>
    /// Corrects (更正) the record <paramref name="receiptNo"/> of the action <paramref name="amend"/> amends: the same
    /// form checks and business rules as issuing, then the record's inputs and outputs are replaced in place, its
    /// revision goes up and the changed fields are added to its history. The same values again change nothing.
    /// </summary>
    public async Task<AmendResult> AmendAsync(
        SystemDefinition system,
        ActionDefinition amend,
        string receiptNo,
        IReadOnlyDictionary<string, string> raw,
        string reason,
        string note,
        string operatorName,
        string channel,
        CancellationToken cancellationToken)
    {
        var original = system.FindAction(amend.Amends ?? throw new ArgumentException($"{amend.Id} amends nothing.", nameof(amend)))!;
        var (values, errors) = FormValidation.Validate(amend.Fields, raw);
        if (errors.Count > 0)
        {
            return new AmendResult(SubmitStatus.Invalid, errors, null, null, null);
        }

        var store = runtime.Stores.ForSystem(system.Id);
        using (await store.LockAsync(cancellationToken))
        {
            await using var db = store.CreateContext();
            var record = await db.Records.FirstOrDefaultAsync(r => r.ReceiptNo == receiptNo && r.ActionId == original.Id, cancellationToken);
            if (record is null)
            {
                return new AmendResult(SubmitStatus.Rejected, [], "未找到待更正的业务记录，请重新查询", null, null);
            }

            var context = new BusinessContext(runtime, system, db);
            var request = new ActionRequest(system, amend, values, record.ExternalNo, operatorName, channel) { Existing = record };
            var outcome = await amend.Handler(request, context);
            if (!outcome.Accepted)
            {
                return new AmendResult(SubmitStatus.Rejected, [], outcome.Rejection, record, null);
            }

            var oldInputs = record.Inputs;
            var oldOutputs = record.Outputs;
            var newInputs = original.Fields.Where(f => request.Has(f.Name)).ToDictionary(f => f.Name, f => request[f.Name]);
            var newOutputs = original.Outputs.ToDictionary(o => o.Name, o => outcome.Outputs.TryGetValue(o.Name, out var v) ? v : oldOutputs.GetValueOrDefault(o.Name, ""));
            var changes = original.Fields
                .Select(f => new FieldChange(f.Name, f.Label, oldInputs.GetValueOrDefault(f.Name, ""), newInputs.GetValueOrDefault(f.Name, "")))
                .Concat(original.Outputs.Select(o => new FieldChange(o.Name, o.Label, oldOutputs.GetValueOrDefault(o.Name, ""), newOutputs[o.Name])))
                .Where(c => c.Old != c.New)
                .ToList();
            if (changes.Count == 0)
            {
                return new AmendResult(SubmitStatus.Accepted, [], null, record, null);
            }

            var at = context.Now.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            var correction = new CorrectionEntry(record.Revision + 1, at, operatorName, channel, reason, note, changes);
            record.InputsJson = JsonSerializer.Serialize(newInputs);
            record.OutputsJson = JsonSerializer.Serialize(newOutputs);
            record.SubjectId = request[original.SubjectField];
            record.SubjectName = outcome.SubjectName ?? request[original.SubjectNameField];
            record.DocumentNo = newOutputs.GetValueOrDefault(original.DocumentOutput) ?? record.DocumentNo;
            record.Revision = correction.Revision;
            record.UpdatedAt = at;
            record.CorrectionsJson = JsonSerializer.Serialize(record.Corrections.Append(correction));
            await db.SaveChangesAsync(cancellationToken);
            return new AmendResult(SubmitStatus.Accepted, [], null, record, correction);
        }
    }
}
