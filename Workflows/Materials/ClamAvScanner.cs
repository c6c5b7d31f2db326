using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace RpaRunner.Workflows.Materials;

/// <summary>Settings of materials (configuration section "Materials").</summary>
public sealed class MaterialOptions
{
    /// <summary>
    /// Where clamd listens: <c>tcp://host:port</c> (default <c>tcp://127.0.0.1:3310</c>) or <c>unix:/path/to/clamd.ctl</c>.
    /// A material that cannot be scanned is not accepted.
    /// </summary>
    public string ClamAv { get; set; } = "tcp://127.0.0.1:3310";

    /// <summary>How long one scan may take, connection included, before the upload is refused as unscannable.</summary>
    public double ScanTimeoutSeconds { get; set; } = 30;
}

/// <summary>What a virus scan found.</summary>
/// <param name="Signature">The name of the signature that matched; null when the content is clean.</param>
public sealed record VirusScanResult(string? Signature)
{
    public bool IsClean => Signature is null;
}

/// <summary>Scans content for viruses; throws <see cref="ScannerUnavailableException"/> when it cannot.</summary>
public interface IVirusScanner
{
    Task<VirusScanResult> ScanAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default);
}

/// <summary>The scanner could not be reached or gave no verdict: the content counts as not scanned.</summary>
public sealed class ScannerUnavailableException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>What people read when a file could not be scanned.</summary>
    public static LocalizedText Text { get; } = new("病毒扫描服务暂不可用，文件未接收，请稍后再试。", "The virus scanner is not available; the file was not accepted. Try again later.");
}

/// <summary>
/// Scans with ClamAV's daemon over its socket with the INSTREAM command: the content is sent in length-prefixed chunks
/// ended by an empty one, and clamd answers <c>stream: OK</c>, <c>stream: NAME FOUND</c> or an error. The content never
/// touches the disk of the scanner's host.
/// </summary>
public sealed class ClamAvScanner(IOptions<MaterialOptions> options, ILogger<ClamAvScanner> logger) : IVirusScanner
{
    private const int ChunkSize = 64 * 1024;

    public async Task<VirusScanResult> ScanAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(options.Value.ScanTimeoutSeconds));
        string reply;
        try
        {
            using var socket = await ConnectAsync(options.Value.ClamAv, timeout.Token);
            await using var stream = new NetworkStream(socket, ownsSocket: false);
            await stream.WriteAsync("zINSTREAM\0"u8.ToArray(), timeout.Token);
            var length = new byte[4];
            for (var offset = 0; offset < content.Length; offset += ChunkSize)
            {
                var chunk = content.Slice(offset, Math.Min(ChunkSize, content.Length - offset));
                BinaryPrimitives.WriteUInt32BigEndian(length, (uint)chunk.Length);
                await stream.WriteAsync(length, timeout.Token);
                await stream.WriteAsync(chunk, timeout.Token);
            }

            BinaryPrimitives.WriteUInt32BigEndian(length, 0);
            await stream.WriteAsync(length, timeout.Token);
            reply = await ReadReplyAsync(stream, timeout.Token);
        }
        catch (Exception ex) when (ex is SocketException or IOException or FormatException || ex is OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("The virus scanner at {Address} could not be used ({Error})", options.Value.ClamAv, ex.GetType().Name);
            throw new ScannerUnavailableException($"The virus scanner could not be reached ({ex.GetType().Name}).", ex);
        }

        return Interpret(reply);
    }

    /// <summary>clamd's answer to INSTREAM: <c>stream: OK</c>, <c>stream: NAME FOUND</c>, or <c>… ERROR</c>.</summary>
    internal static VirusScanResult Interpret(string reply)
    {
        var text = reply.StartsWith("stream: ", StringComparison.Ordinal) ? reply["stream: ".Length..] : reply;
        if (text == "OK")
        {
            return new VirusScanResult(null);
        }

        if (text.EndsWith(" FOUND", StringComparison.Ordinal))
        {
            return new VirusScanResult(text[..^" FOUND".Length]);
        }

        throw new ScannerUnavailableException($"The virus scanner gave no verdict: {reply}");
    }

    private static async Task<Socket> ConnectAsync(string address, CancellationToken cancellationToken)
    {
        Socket socket;
        EndPoint endPoint;
        if (address.StartsWith("unix:", StringComparison.Ordinal))
        {
            socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            endPoint = new UnixDomainSocketEndPoint(address["unix:".Length..].TrimStart('/').Insert(0, "/"));
        }
        else
        {
            var uri = new Uri(address.Contains("://", StringComparison.Ordinal) ? address : "tcp://" + address);
            socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            endPoint = new DnsEndPoint(uri.Host, uri.Port < 0 ? 3310 : uri.Port);
        }

        try
        {
            await socket.ConnectAsync(endPoint, cancellationToken);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static async Task<string> ReadReplyAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var reply = new List<byte>();
        var buffer = new byte[256];
        while (true)
        {
            var read = await stream.ReadAsync(buffer, cancellationToken);
            if (read == 0)
            {
                break;
            }

            var end = Array.IndexOf(buffer, (byte)0, 0, read);
            reply.AddRange(buffer.AsSpan(0, end < 0 ? read : end));
            if (end >= 0 || reply.Count > 4096)
            {
                break;
            }
        }

        if (reply.Count == 0)
        {
            throw new IOException("clamd closed the connection without an answer.");
        }

        return Encoding.UTF8.GetString([.. reply]).TrimEnd('\n');
    }
}
