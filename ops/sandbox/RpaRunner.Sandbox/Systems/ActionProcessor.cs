using System.Globalization;
using System.Text.Json;
using RpaRunner.Sandbox.Hosting;
using RpaRunner.Sandbox.Store;

namespace RpaRunner.Sandbox.Systems;

internal enum SubmitStatus
{
    Invalid,
    Rejected,
    Accepted,
}

internal sealed record SubmitResult(SubmitStatus Status, IReadOnlyList<FieldError> Errors, string? Message, BusinessRecord? Record)
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
        CancellationToken cancellationToken)
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
            };
            db.Records.Add(record);
            await db.SaveChangesAsync(cancellationToken);
            return new SubmitResult(SubmitStatus.Accepted, [], null, record);
        }
    }
}
