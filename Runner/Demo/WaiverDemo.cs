using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using RpaRunner.Workflows.Calendar;
using Spectre.Console;

namespace RpaRunner.Runner.Demo;

/// <summary>
/// 容缺受理 in the demo (ADR 0019): the first company-setup sample is accepted with its premises proof to follow; its
/// 企业设立登记 waits (待补材料) while the demo shows the due moment, then the demo hands the proof in — or, when no virus
/// scanner is reachable to take a file, records the applicant's 告知承诺 instead — and the registration goes on.
/// </summary>
public static class WaiverDemo
{
    public const string Bundle = "company-setup";
    public const string Material = "premisesProof";

    /// <summary>The demo's one 容缺 case: which sample of the bundle is accepted with the material to follow.</summary>
    public static bool IsWaiverSample(string bundle, int index) => bundle == Bundle && index == 0;

    /// <summary>Submits the sample with the premises proof accepted 容缺, as a clerk through the API.</summary>
    public static Task<HttpResponseMessage> SubmitAsync(HttpClient http, JsonObject form, CancellationToken cancellationToken) =>
        http.PostAsJsonAsync("/api/cases", new
        {
            bundleId = Bundle,
            form,
            materials = new JsonObject { [Material] = new JsonObject { ["decision"] = "deferred" } },
        }, cancellationToken);

    /// <summary>Shows the waiting registration and its due moment, then supplies the proof (or the applicant's promise).</summary>
    public static async Task SupplyAsync(HttpClient http, string code, BureauClock clock, CancellationToken cancellationToken)
    {
        var view = await http.GetFromJsonAsync<JsonObject>($"/api/cases/{code}", cancellationToken);
        var step = view?["steps"]?.AsArray().FirstOrDefault(s => s?["stepId"]?.GetValue<string>() == "registration");
        var waiting = step?["status"]?.GetValue<string>() == "awaitingMaterial";
        var due = step?["dueAt"]?.GetValue<DateTimeOffset>() is { } at ? clock.ToLocal(at).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "—";
        if (waiting)
        {
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture,
                $"[yellow]容缺受理 / deferred:[/] 办件 {code} 已受理，住所（经营场所）证明后补；企业设立登记待补材料，须于 {due} 前补交 / accepted with the premises proof to follow; the registration waits for it, due {due}.");
        }
        else
        {
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture,
                $"[yellow]容缺受理 / deferred:[/] 办件 {code} 已受理，住所（经营场所）证明后补 / accepted with the premises proof to follow.");
        }

        using var file = new MultipartFormDataContent();
        var content = new ByteArrayContent("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"u8.ToArray());
        content.Headers.ContentType = new("application/pdf");
        file.Add(content, "file", "premises-lease.pdf");
        using var upload = await http.PostAsync($"/api/cases/{code}/materials/{Material}", file, cancellationToken);
        if (upload.IsSuccessStatusCode)
        {
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[green]材料补交 / supplied:[/] the premises proof of {code} was handed in (virus-scanned, sealed); its registration goes on.");
            return;
        }

        if (upload.StatusCode != HttpStatusCode.ServiceUnavailable)
        {
            throw new InvalidOperationException($"The premises proof of {code} was refused: {await upload.Content.ReadAsStringAsync(cancellationToken)}");
        }

        // No virus scanner to take a file: the applicant's ticked commitment stands in for the proof.
        using var promise = await http.PostAsJsonAsync($"/api/cases/{code}/materials/{Material}/decision", new { decision = "promised", applicantTicked = true }, cancellationToken);
        if (!promise.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"The promise for {code} was refused: {await promise.Content.ReadAsStringAsync(cancellationToken)}");
        }

        AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[green]告知承诺 / promised:[/] no virus scanner to take a file, so the applicant's ticked commitment replaces the premises proof of {code}; its registration goes on.");
    }
}
