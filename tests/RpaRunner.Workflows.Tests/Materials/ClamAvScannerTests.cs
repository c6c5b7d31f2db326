using RpaRunner.Workflows.Materials;

namespace RpaRunner.Workflows.Tests.Materials;

public sealed class ClamAvScannerTests
{
    [Fact]
    public void Interpret_Ok_IsClean() => Assert.True(ClamAvScanner.Interpret("stream: OK").IsClean);

    [Fact]
    public void Interpret_Found_NamesTheSignature() =>
        Assert.Equal("Rpa.Test.EICAR-String.UNOFFICIAL", ClamAvScanner.Interpret("stream: Rpa.Test.EICAR-String.UNOFFICIAL FOUND").Signature);

    /// <summary>An error answer (e.g. the stream is over clamd's limit) is no verdict: the file counts as not scanned.</summary>
    [Fact]
    public void Interpret_Error_IsNoVerdict() =>
        Assert.Throws<ScannerUnavailableException>(() => ClamAvScanner.Interpret("INSTREAM size limit exceeded. ERROR"));

    [Fact]
    public async Task Scan_WithNothingListening_IsUnavailable_NotClean()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var scanner = new ClamAvScanner(
            Microsoft.Extensions.Options.Options.Create(new MaterialOptions { ClamAv = $"tcp://127.0.0.1:{port}", ScanTimeoutSeconds = 5 }),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<ClamAvScanner>.Instance);
        await Assert.ThrowsAsync<ScannerUnavailableException>(() => scanner.ScanAsync("%PDF-1.4"u8.ToArray()));
    }
}
