using Microsoft.Playwright;

namespace RpaRunner.Bots.Web;

/// <summary>
/// The Playwright trace of one attempt, kept only when the attempt fails. The robot account's login is never in it:
/// the trace starts after the login, and pauses (its chunk dropped) while the bot logs in again after a session
/// expired, so an operator opening the trace does not see the account's password typed. A person's answer (an SMS code,
/// a U盾 PIN, ADR 0028) is typed with the recording paused too: what came before it is kept as a part of its own
/// (<c>trace-1.zip</c>, …), what came after goes on in a new one with the bot's actions only (a DOM snapshot would show the
/// answer in its field), and the answer is in neither.
/// </summary>
internal sealed class AttemptTracing(IBrowserContext context, AttemptTrace mode, string title) : IDisposable
{
    private readonly List<string> _parts = [];
    private string? _partsFolder;
    private bool _started;
    private bool _recording;
    private bool _answered;

    /// <summary>Runs <paramref name="secret"/> with nothing recorded, keeping what was recorded before it.</summary>
    public async Task UnrecordedAsync(Func<Task> secret)
    {
        if (!_recording)
        {
            await secret();
            return;
        }

        _partsFolder ??= Directory.CreateTempSubdirectory("rpa-trace-").FullName;
        var part = Path.Combine(_partsFolder, $"trace-{_parts.Count + 1}.zip");
        _recording = false;
        // The whole trace ends here, not only its chunk: what follows is recorded without DOM snapshots or screenshots,
        // which would show the answer standing in its field.
        await context.Tracing.StopAsync(new TracingStopOptions { Path = part });
        _started = false;
        _answered = true;
        _parts.Add(part);
        try
        {
            await secret();
        }
        finally
        {
            await StartAsync();
        }
    }

    /// <summary>Starts (or resumes) recording the bot's actions.</summary>
    public async Task StartAsync()
    {
        if (mode == AttemptTrace.None || _recording)
        {
            return;
        }

        if (_started)
        {
            await context.Tracing.StartChunkAsync(new TracingStartChunkOptions { Title = title });
        }
        else
        {
            await context.Tracing.StartAsync(new TracingStartOptions
            {
                Screenshots = mode == AttemptTrace.SnapshotsAndScreencast && !_answered,
                Snapshots = mode != AttemptTrace.Actions && !_answered,
                Title = title,
            });
            _started = true;
        }

        _recording = true;
    }

    /// <summary>Stops recording and drops what was recorded (a success, or before a login), parts kept before an answer included.</summary>
    public async Task DropAsync()
    {
        if (_recording)
        {
            _recording = false;
            await context.Tracing.StopChunkAsync();
        }

        DeleteParts();
    }

    /// <summary>
    /// Writes what was recorded into <paramref name="folder"/>: the parts before each answer as <c>trace-1.zip</c>, … and the
    /// rest as <c>trace.zip</c>. Returns the files written, oldest first (none when nothing was being recorded).
    /// </summary>
    public async Task<IReadOnlyList<string>> SaveAsync(string folder)
    {
        var saved = new List<string>();
        foreach (var part in _parts)
        {
            var target = Path.Combine(folder, Path.GetFileName(part));
            File.Move(part, target, overwrite: true);
            saved.Add(target);
        }

        _parts.Clear();
        if (_recording)
        {
            _recording = false;
            var last = Path.Combine(folder, "trace.zip");
            await context.Tracing.StopChunkAsync(new TracingStopChunkOptions { Path = last });
            saved.Add(last);
        }

        DeleteParts();
        return saved;
    }

    public void Dispose() => DeleteParts();

    private void DeleteParts()
    {
        _parts.Clear();
        if (_partsFolder is not null && Directory.Exists(_partsFolder))
        {
            Directory.Delete(_partsFolder, recursive: true);
        }

        _partsFolder = null;
    }
}
