using System.Text.Json.Nodes;
using RpaRunner.Sandbox.Hosting;
using RpaRunner.Workflows.Catalog;
using RpaRunner.Workflows.Engine;
using RpaRunner.Workflows.Notifications;

namespace RpaRunner.Runner.Demo;

/// <summary>What the demo and batches prove through the sandbox's inspection API.</summary>
public static class DemoChecks
{
    /// <summary>Counts the sandbox records of every succeeded step's idempotency key; more than one is a duplicate.</summary>
    public static async Task<(int Matters, int Duplicates, int Missing)> RecordsPerMatterAsync(SandboxHost sandbox, IEnumerable<CaseView> cases, SystemCatalog systems, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = sandbox.InspectionUrl };
        http.DefaultRequestHeaders.Add("X-Inspection-Key", sandbox.InspectionKey);
        var counts = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        int matters = 0, duplicates = 0, missing = 0;
        // A certificate library's fetch only reads: it enters no record to count.
        foreach (var step in cases.SelectMany(c => c.Steps).Where(s => s.Status == StepStatus.Succeeded && s.ResolvedBy is null && systems.FindSystem(s.System)?.ReadsOnly != true))
        {
            if (!counts.TryGetValue(step.System, out var bySystem))
            {
                bySystem = (await http.GetFromJsonAsync<JsonObject>($"systems/{step.System}/counts?by=externalNo", cancellationToken))!
                    .ToDictionary(p => p.Key, p => p.Value!.GetValue<int>(), StringComparer.Ordinal);
                counts[step.System] = bySystem;
            }

            matters++;
            var count = bySystem.GetValueOrDefault(step.IdempotencyKey);
            duplicates += count > 1 ? 1 : 0;
            missing += count == 0 ? 1 : 0;
        }

        return (matters, duplicates, missing);
    }

    /// <summary>
    /// 结果回传: waits (a few seconds at most) until the outbox has nothing pending, then counts what the platform
    /// stand-in received for these cases: events, cases, any with a bad signature, any received twice.
    /// </summary>
    public static async Task<(int Events, int Cases, int BadSignatures, int Repeats, int Pending)> NotificationsAsync(
        SandboxHost sandbox, OutboxStore outbox, IEnumerable<CaseView> cases, CancellationToken cancellationToken)
    {
        for (var waited = 0; waited < 60 && await outbox.NextDueAsync(cancellationToken) is not null; waited++)
        {
            await Task.Delay(250, cancellationToken);
        }

        var codes = cases.Select(c => c.Code).ToHashSet(StringComparer.Ordinal);
        var received = sandbox.Platform.Received().Where(r => r.CaseCode is { } code && codes.Contains(code)).ToList();
        return (received.Count, received.Select(r => r.CaseCode).Distinct().Count(), received.Count(r => !r.SignatureValid), received.Count(r => r.Repeat),
            (await outbox.RecentAsync(1000, Workflows.Engine.CaseScope.All, cancellationToken: cancellationToken)).Count(e => e.State != Workflows.Engine.Storage.OutboxState.Delivered && codes.Contains(e.CaseCode)));
    }
}
