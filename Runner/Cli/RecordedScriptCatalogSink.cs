using System.Text.Json.Nodes;
using RpaRunner.Bots.Recorder;
using RpaRunner.Runner.Security;
using RpaRunner.Workflows.Catalog;

namespace RpaRunner.Runner.Cli;

/// <summary>
/// Keeps a recording as the action's script in the system's draft in a runner's catalog (ADR 0029), through the runner's
/// API with a designer's key: the draft is opened (or started from the system as published), the action's script replaced,
/// and saved under the draft's revision, so a designer editing the same draft meanwhile is not overwritten. The designer
/// then checks and publishes the draft in the designer or through the API.
/// </summary>
public sealed class RecordedScriptCatalogSink(HttpClient runner) : IRecordedScriptSink
{
    /// <summary>A client of the runner at <paramref name="address"/> with a designer's API key.</summary>
    public static HttpClient Client(Uri address, string apiKey)
    {
        var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, apiKey);
        return http;
    }

    /// <summary>The system as the runner holds it, so a system added as data can be recorded too; null when the runner has none.</summary>
    public static async Task<SystemPackage?> PackageAsync(HttpClient runner, string systemId, CancellationToken cancellationToken)
    {
        using var response = await runner.GetAsync($"/api/systems/{Uri.EscapeDataString(systemId)}/package", cancellationToken);
        return response.IsSuccessStatusCode ? SystemPackage.FromJson(await response.Content.ReadAsStringAsync(cancellationToken)) : null;
    }

    public async Task<string> SaveAsync(RecordedDraft draft, CancellationToken cancellationToken)
    {
        var path = $"/api/systems/{Uri.EscapeDataString(draft.System)}/draft";
        var current = await runner.GetFromJsonAsync<JsonObject>(path, cancellationToken)
            ?? throw new InvalidOperationException($"The runner has no system {draft.System}.");
        var revision = current["revision"]!.GetValue<int>();
        var package = current["package"]!.AsObject();
        var scripts = package["scripts"] as JsonObject ?? [];
        package["scripts"] = scripts;
        scripts[draft.Action] = JsonNode.Parse(draft.Json);
        using var saved = await runner.PutAsJsonAsync($"{path}?expectedRevision={revision}", package, cancellationToken);
        if (!saved.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"The runner did not keep the draft (HTTP {(int)saved.StatusCode}): {await saved.Content.ReadAsStringAsync(cancellationToken)}");
        }

        var answer = await saved.Content.ReadFromJsonAsync<JsonObject>(cancellationToken);
        return $"{runner.BaseAddress}design/systems/{draft.System} (草稿第 {answer?["revision"]} 版 / draft revision {answer?["revision"]})";
    }
}
