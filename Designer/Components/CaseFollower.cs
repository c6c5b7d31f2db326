namespace RpaRunner.Designer.Components;

/// <summary>
/// Keeps an open case page current: it reloads the case every second while bots are at work on it
/// (<see cref="RpaRunner.Workflows.Engine.CaseView.InMotion"/>) and every few seconds otherwise, since a colleague
/// may act on the case meanwhile. It runs until the page is left; after an action on the page (a retry, an
/// amendment) the page calls <see cref="Nudge"/> and the outcome is followed at once.
/// </summary>
public sealed class CaseFollower : IAsyncDisposable
{
    public static readonly TimeSpan WhileInMotion = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan WhileQuiet = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _nudged = new(0, 1);
    private Task? _loop;

    /// <summary>Cancelled when the page is left; pass it to the page's queries.</summary>
    public CancellationToken Stopping => _stop.Token;

    /// <summary>Starts following (once). <paramref name="reload"/> loads the case, renders it and says whether it is in motion.</summary>
    public void Start(Func<CancellationToken, Task<bool>> reload)
    {
        _loop ??= FollowAsync(reload);
    }

    private async Task FollowAsync(Func<CancellationToken, Task<bool>> reload)
    {
        var inMotion = true;
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                await _nudged.WaitAsync(inMotion ? WhileInMotion : WhileQuiet, _stop.Token);
                inMotion = await reload(_stop.Token);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // The page was left.
        }
        catch (ObjectDisposedException)
        {
            // The circuit ended while a reload was under way.
        }
    }

    /// <summary>Something was just done to the case: reload now and follow it closely.</summary>
    public void Nudge()
    {
        try
        {
            _nudged.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already nudged.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_loop is not null)
        {
            await _loop;
        }

        _stop.Dispose();
        _nudged.Dispose();
    }
}
