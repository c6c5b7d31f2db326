using RpaRunner.Workflows.Engine;

namespace RpaRunner.Designer.Components;

/// <summary>
/// Keeps an open page current: it reloads when the engine commits a change of a case the page shows
/// (<see cref="CaseChanges"/>), a burst of changes at most once per <c>settle</c>, and otherwise only every
/// <see cref="Fallback"/> (a change made by another process of a farm). It runs until the page is left; a reload that
/// fails is tried again at the next change, it never stops the following. After an action on the page (a retry, an
/// amendment) the page calls <see cref="Nudge"/> and the outcome is followed at once.
/// </summary>
public sealed class CaseFollower : IAsyncDisposable
{
    /// <summary>How often a page reloads when no change was announced.</summary>
    public static readonly TimeSpan Fallback = TimeSpan.FromSeconds(30);

    /// <summary>A case page: changes of its case, gathered for a moment so that one commit burst is one reload.</summary>
    public static readonly TimeSpan CaseSettle = TimeSpan.FromMilliseconds(250);

    /// <summary>A list or dashboard over many cases: at most one reload a second however busy the bots are.</summary>
    public static readonly TimeSpan ListSettle = TimeSpan.FromSeconds(1);

    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _woken = new(0, 1);
    private readonly TimeSpan _settle;
    private readonly TimeSpan _fallback;
    private IDisposable? _subscription;
    private Task? _loop;

    /// <param name="settle">How long a wake-up waits for the rest of a burst of changes: <see cref="CaseSettle"/> or <see cref="ListSettle"/>.</param>
    /// <param name="fallback">How often to reload when nothing was announced (default <see cref="Fallback"/>).</param>
    public CaseFollower(TimeSpan settle, TimeSpan? fallback = null)
    {
        _settle = settle;
        _fallback = fallback ?? Fallback;
    }

    /// <summary>Cancelled when the page is left; pass it to the page's queries.</summary>
    public CancellationToken Stopping => _stop.Token;

    /// <summary>
    /// Starts following (once): <paramref name="reload"/> loads what the page shows and renders it, whenever the engine
    /// announces a change of a case the page <paramref name="concerns"/> (given its code), and at the fallback.
    /// </summary>
    public void Start(CaseChanges changes, Func<string, bool> concerns, Func<CancellationToken, Task> reload)
    {
        if (_loop is not null)
        {
            return;
        }

        _subscription = changes.Subscribe(null, code =>
        {
            if (concerns(code))
            {
                Nudge();
            }
        });
        _loop = FollowAsync(reload);
    }

    private async Task FollowAsync(Func<CancellationToken, Task> reload)
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                if (await _woken.WaitAsync(_fallback, _stop.Token))
                {
                    // Let the rest of a burst of commits arrive: they are read by this one reload.
                    await Task.Delay(_settle, _stop.Token);
                    _woken.Wait(0);
                }

                try
                {
                    await reload(_stop.Token);
                }
                catch (Exception) when (!_stop.IsCancellationRequested)
                {
                    // A reload that failed (a busy database, a query cancelled by the store) is done again at the
                    // next change or the fallback: a page must never stop following because of one bad moment.
                }
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

    /// <summary>Something was just done to the case: reload now.</summary>
    public void Nudge()
    {
        try
        {
            _woken.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already woken.
        }
        catch (ObjectDisposedException)
        {
            // The page was left while the engine announced a change.
        }
    }

    public async ValueTask DisposeAsync()
    {
        _subscription?.Dispose();
        await _stop.CancelAsync();
        if (_loop is not null)
        {
            await _loop;
        }

        _stop.Dispose();
        _woken.Dispose();
    }
}
