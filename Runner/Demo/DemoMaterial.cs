using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RpaRunner.Sandbox.Hosting;
using RpaRunner.Workflows.Engine;
using RpaRunner.Workflows.Materials;

namespace RpaRunner.Runner.Demo;

/// <summary>
/// The demo's case with a material: a private clamd (ops/clamav/start-clamd.sh, the signatures the repository ships) so the
/// runner can take a scan in, a sample PDF of the 出生医学证明 handed in for one newborn case through the API as a clerk
/// would, and the check that 公安's 户口登记 record holds the file with the SHA-256 the hall stored. Without clamd the demo
/// says so and goes on without the material.
/// </summary>
public sealed class DemoMaterial : IAsyncDisposable
{
    public const string NewbornMaterial = "birthCertificateScan";

    private readonly Process? _clamd;

    private DemoMaterial(string? address, string? unavailable, Process? clamd)
    {
        ClamAvAddress = address;
        Unavailable = unavailable;
        _clamd = clamd;
    }

    /// <summary>Where the private clamd listens (for Materials:ClamAv), or null when it could not start.</summary>
    public string? ClamAvAddress { get; }

    /// <summary>Why there is no scanner, in Chinese and English; null when there is one.</summary>
    public string? Unavailable { get; }

    /// <summary>The case the sample scan was handed in for, and the SHA-256 the runner stored; set by <see cref="HandInAsync"/>.</summary>
    public (string CaseCode, string Sha256)? HandedIn { get; private set; }

    /// <summary>A small valid PDF standing for the scan of a 出生医学证明 (no personal data).</summary>
    public static byte[] SamplePdf { get; } = """
        %PDF-1.4
        1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj
        2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj
        3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj
        trailer << /Root 1 0 R >>
        %%EOF

        """u8.ToArray();

    /// <summary>Starts a private clamd in <paramref name="dataDirectory"/> and waits (at most a minute) until it scans; never throws.</summary>
    public static async Task<DemoMaterial> StartScannerAsync(string dataDirectory, CancellationToken cancellationToken)
    {
        const string clamdBinary = "/usr/sbin/clamd";
        var script = FindScript();
        if (!File.Exists(clamdBinary) || script is null)
        {
            return new DemoMaterial(null, $"未安装 clamd（Debian 软件包 clamav-daemon），本次演示不上传材料 / clamd is not installed (package clamav-daemon); the demo runs without a material", null);
        }

        var folder = Path.Combine(dataDirectory, "clamd");
        Directory.CreateDirectory(folder);
        var port = FreePort();
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(script);
        info.ArgumentList.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        info.ArgumentList.Add(folder);
        Process? process = null;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException("bash did not start");
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var address = $"tcp://127.0.0.1:{port}";
            var scanner = new ClamAvScanner(Options.Create(new MaterialOptions { ClamAv = address, ScanTimeoutSeconds = 5 }), NullLogger<ClamAvScanner>.Instance);
            var waited = Stopwatch.StartNew();
            while (waited.Elapsed < TimeSpan.FromMinutes(1) && !process.HasExited)
            {
                try
                {
                    await scanner.ScanAsync(SamplePdf, cancellationToken);
                    return new DemoMaterial(address, null, process);
                }
                catch (ScannerUnavailableException)
                {
                    await Task.Delay(300, cancellationToken);
                }
            }

            var why = process.HasExited ? $"clamd exited ({process.ExitCode})" : "clamd did not answer within a minute";
            await StopAsync(process);
            return new DemoMaterial(null, $"病毒扫描服务未能启动，本次演示不上传材料 / {why}; the demo runs without a material", null);
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception or IOException)
        {
            if (process is not null)
            {
                await StopAsync(process);
            }

            return new DemoMaterial(null, $"病毒扫描服务未能启动，本次演示不上传材料 / clamd could not start ({ex.Message}); the demo runs without a material", null);
        }
    }

    /// <summary>Hands the sample scan in for the case through the API as the clerk; says what happened, never throws for a refusal.</summary>
    public async Task<string> HandInAsync(HttpClient clerk, string caseCode, CancellationToken cancellationToken)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(SamplePdf);
        file.Headers.ContentType = MediaTypeHeaderValue.Parse("application/pdf");
        form.Add(file, "file", "出生医学证明.pdf");
        var response = await clerk.PostAsync($"/api/cases/{caseCode}/materials/{NewbornMaterial}", form, cancellationToken);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            return $"材料未被接收 / the material was not taken in ({(int)response.StatusCode}): {body?["title"]}";
        }

        var sha256 = body!["sha256"]!.GetValue<string>();
        HandedIn = (caseCode, sha256);
        return $"出生医学证明扫描件已随办件 {caseCode} 提交（经病毒扫描）/ the scan was handed in for {caseCode}, virus-scanned, SHA-256 {sha256[..12]}…";
    }

    /// <summary>Whether 公安's 户口登记 record of the case holds the scan with the SHA-256 the hall stored; null when nothing was handed in.</summary>
    public async Task<(bool Same, string Text)?> CheckAsync(SandboxHost sandbox, IEnumerable<CaseView> cases, CancellationToken cancellationToken)
    {
        if (HandedIn is not { } handedIn)
        {
            return null;
        }

        var household = cases.FirstOrDefault(c => c.Code == handedIn.CaseCode)?.Steps.FirstOrDefault(s => s.StepId == "household");
        if (household is null || household.Status != StepStatus.Succeeded)
        {
            return (false, $"户口登记未完成，无法核对材料 / 户口登记 of {handedIn.CaseCode} did not succeed; the scan could not be compared");
        }

        using var http = new HttpClient { BaseAddress = sandbox.InspectionUrl };
        http.DefaultRequestHeaders.Add("X-Inspection-Key", sandbox.InspectionKey);
        var records = await http.GetFromJsonAsync<JsonArray>($"systems/gongan/records?externalNo={Uri.EscapeDataString(household.IdempotencyKey)}", cancellationToken);
        var stored = records?.SingleOrDefault()?["attachments"]?.AsArray().FirstOrDefault(a => a?["name"]?.GetValue<string>() == NewbornMaterial)?["sha256"]?.GetValue<string>();
        return stored == handedIn.Sha256
            ? (true, $"公安户口登记记录中的出生医学证明与窗口收取的文件一致（SHA-256 {stored[..12]}…）/ 公安's record holds the scan with the SHA-256 the hall stored")
            : (false, $"公安户口登记记录中的材料与窗口收取的不一致 / 公安's record holds {(stored is null ? "no scan" : $"a scan with SHA-256 {stored[..12]}…")}, the hall stored {handedIn.Sha256[..12]}…");
    }

    public async ValueTask DisposeAsync()
    {
        if (_clamd is not null)
        {
            await StopAsync(_clamd);
        }
    }

    private static async Task StopAsync(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    private static string? FindScript()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                var candidate = Path.Combine(folder.FullName, "ops", "clamav", "start-clamd.sh");
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
