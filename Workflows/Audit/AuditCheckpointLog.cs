using System.Text;
using System.Text.Json;

namespace RpaRunner.Workflows.Audit;

/// <summary>
/// The checkpoints as JSON lines in an append-only file outside the database (<c>Audit:CheckpointFile</c>): a
/// witness that still says how far the chain went when rows and checkpoints are removed from the database.
/// Each line is flushed to the disk before the sealer goes on.
/// </summary>
public sealed class AuditCheckpointLog(string path)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Path { get; } = path;

    public void Append(IReadOnlyCollection<AuditCheckpointRecord> checkpoints)
    {
        if (checkpoints.Count == 0)
        {
            return;
        }

        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!);
        var text = new StringBuilder();
        foreach (var checkpoint in checkpoints)
        {
            text.Append(JsonSerializer.Serialize(AuditCheckpointLine.Of(checkpoint), Json)).Append('\n');
        }

        using var stream = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read);
        stream.Write(Encoding.UTF8.GetBytes(text.ToString()));
        stream.Flush(flushToDisk: true);
    }

    /// <summary>Every checkpoint in the file (none when there is no file yet); a line that does not parse is an error.</summary>
    public IReadOnlyList<AuditCheckpointRecord> Read()
    {
        if (!File.Exists(Path))
        {
            return [];
        }

        var checkpoints = new List<AuditCheckpointRecord>();
        var number = 0;
        foreach (var line in File.ReadLines(Path))
        {
            number++;
            if (line.Length == 0)
            {
                continue;
            }

            try
            {
                checkpoints.Add(JsonSerializer.Deserialize<AuditCheckpointLine>(line, Json)!.ToRecord());
            }
            catch (Exception ex) when (ex is JsonException or NullReferenceException)
            {
                throw new InvalidDataException($"Line {number} of the audit checkpoint file {Path} is not a checkpoint: {ex.Message}", ex);
            }
        }

        return checkpoints;
    }
}

/// <summary>A checkpoint as one JSON line, in the checkpoint file and in an export.</summary>
public sealed record AuditCheckpointLine(long Checkpoint, long Seq, string Hash, DateTimeOffset At, long Cases, string PreviousMac, string Mac)
{
    public static AuditCheckpointLine Of(AuditCheckpointRecord c) => new(c.Number, c.Seq, c.Hash, c.At, c.Cases, c.PreviousMac, c.Mac);

    public AuditCheckpointRecord ToRecord() => new() { Number = Checkpoint, Seq = Seq, Hash = Hash, At = At, Cases = Cases, PreviousMac = PreviousMac, Mac = Mac };
}
