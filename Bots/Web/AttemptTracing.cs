using Microsoft.Playwright;

namespace RpaRunner.Bots.Web;

/// <summary>
/// The Playwright trace of one attempt, kept only when the attempt fails. The robot account's login is never in it:
/// the trace starts after the login, and pauses (its chunk dropped) while the bot logs in again after a session
/// expired, so an operator opening the trace does not see the account's password typed.
/// </summary>
internal sealed class AttemptTracing(IBrowserContext context, AttemptTrace mode, string title)
{
    private bool _started;
    private bool _recording;

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
                Screenshots = mode == AttemptTrace.SnapshotsAndScreencast,
                Snapshots = mode != AttemptTrace.Actions,
                Title = title,
            });
            _started = true;
        }

        _recording = true;
    }

    /// <summary>Stops recording and drops what was recorded (a success, or before a login).</summary>
    public async Task DropAsync()
    {
        if (_recording)
        {
            _recording = false;
            await context.Tracing.StopChunkAsync();
        }
    }

    /// <summary>Writes what was recorded to <paramref name="path"/>; false when nothing was being recorded.</summary>
    public async Task<bool> SaveAsync(string path)
    {
        if (!_recording)
        {
            return false;
        }

        _recording = false;
        await context.Tracing.StopChunkAsync(new TracingStopChunkOptions { Path = path });
        return true;
    }
}
