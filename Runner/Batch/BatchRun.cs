using System.Text.Json.Nodes;
using RpaRunner.Workflows.Engine;

namespace RpaRunner.Runner.Batch;

/// <summary>Submits a batch of cases of one bundle to the engine; bad rows are reported with every field error and not stored.</summary>
public sealed class BatchRun(CaseEngine engine)
{
    public async Task<BatchSubmission> SubmitAsync(string bundleId, IReadOnlyList<BatchRow> rows, string actor, CancellationToken cancellationToken)
    {
        var codes = new List<string>();
        var rejected = new List<(int Line, string Problem)>();
        foreach (var row in rows)
        {
            if (row.Form is null)
            {
                rejected.Add((row.Line, row.Problem ?? "unreadable"));
                continue;
            }

            try
            {
                var result = await engine.SubmitAsync(new SubmitCase(bundleId, row.Form, actor), cancellationToken);
                codes.Add(result.CaseCode);
            }
            catch (FormRejectedException ex)
            {
                rejected.Add((row.Line, string.Join("; ", ex.Errors.Select(e => $"{e.Path}: {e.Message}"))));
            }
        }

        return new BatchSubmission(codes, rejected);
    }

    public Task<BatchSubmission> SubmitAsync(string bundleId, IEnumerable<JsonObject> forms, string actor, CancellationToken cancellationToken) =>
        SubmitAsync(bundleId, [.. forms.Select((f, i) => new BatchRow(i + 1, f, null))], actor, cancellationToken);
}

public sealed record BatchSubmission(IReadOnlyList<string> CaseCodes, IReadOnlyList<(int Line, string Problem)> Rejected);
