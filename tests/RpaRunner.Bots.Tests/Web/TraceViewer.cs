using System.Diagnostics;
using System.Text.RegularExpressions;

namespace RpaRunner.Bots.Tests.Web;

/// <summary>
/// Playwright's own trace viewer (the <c>show-trace</c> command of the driver that ships with Microsoft.Playwright),
/// served on a free local port: what an operator opens a failed attempt's <c>trace.zip</c> with.
/// </summary>
internal sealed partial class TraceViewer : IAsyncDisposable
{
    private readonly Process _process;

    private TraceViewer(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>The viewer's page showing the trace file at <paramref name="tracePath"/>.</summary>
    public string PageFor(string tracePath) =>
        new Uri(Address, "trace/index.html?trace=" + Uri.EscapeDataString("file?path=" + tracePath)).ToString();

    public static async Task<TraceViewer> StartAsync(string tracePath)
    {
        var driver = Path.Combine(AppContext.BaseDirectory, ".playwright");
        var start = new ProcessStartInfo(Path.Combine(driver, "node", "linux-x64", "node"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { Path.Combine(driver, "package", "cli.js"), "show-trace", "--host", "127.0.0.1", "--port", "0", tracePath })
        {
            start.ArgumentList.Add(argument);
        }

        // The command also asks the desktop to open the page (xdg-open): with no display and a browser that does
        // nothing, no window opens; the test opens the page itself.
        start.Environment.Remove("DISPLAY");
        start.Environment.Remove("WAYLAND_DISPLAY");
        start.Environment["BROWSER"] = "true";
        var process = Process.Start(start) ?? throw new InvalidOperationException("the trace viewer did not start");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (Listening().Match(line) is { Success: true } match)
            {
                return new TraceViewer(process, new Uri(match.Groups[1].Value + "/"));
            }
        }

        throw new InvalidOperationException("the trace viewer ended before it served: " + await process.StandardError.ReadToEndAsync());
    }

    public async ValueTask DisposeAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    [GeneratedRegex(@"Listening on (http://\S+)")]
    private static partial Regex Listening();
}
