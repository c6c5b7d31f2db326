using System.Text.Json.Nodes;
using RpaRunner.Sandbox.Hosting;
using RpaRunner.Workflows.Engine;

namespace RpaRunner.Runner.Demo;

/// <summary>What the demo and batches prove through the sandbox's inspection API.</summary>
public static class DemoChecks
{
    /// <summary>Counts the sandbox records of every succeeded step's idempotency key; more than one is a duplicate.</summary>
    public static async Task<(int Matters, int Duplicates, int Missing)> RecordsPerMatterAsync(SandboxHost sandbox, IEnumerable<CaseView> cases, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = sandbox.InspectionUrl };
        http.DefaultRequestHeaders.Add("X-Inspection-Key", sandbox.InspectionKey);
        var counts = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        int matters = 0, duplicates = 0, missing = 0;
        foreach (var step in cases.SelectMany(c => c.Steps).Where(s => s.Status == StepStatus.Succeeded && s.ResolvedBy is null))
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
}
