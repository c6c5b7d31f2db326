namespace RpaRunner.Workflows.Engine;

/// <summary>
/// Tells open pages that the engine changed a case: every transition publishes the codes of the cases it touched right
/// after its transaction commits (<c>EngineTransaction</c>), so a page reloads what changed instead of polling. A
/// subscriber follows one case or every case; its callback runs on the committing thread and must only wake the page
/// (never query or block there). In-process: every transition of a runner runs in the process that hosts its web UI.
/// </summary>
public sealed class CaseChanges
{
    private readonly Lock _gate = new();
    private ImmutableSubscribers _subscribers = ImmutableSubscribers.Empty;

    /// <summary>
    /// Calls <paramref name="changed"/> with the case's code whenever the engine commits a change of case
    /// <paramref name="caseCode"/> (null: of any case). Dispose the answer to stop.
    /// </summary>
    public IDisposable Subscribe(string? caseCode, Action<string> changed)
    {
        var subscription = new Subscription(this, caseCode, changed);
        lock (_gate)
        {
            _subscribers = _subscribers.Add(subscription);
        }

        return subscription;
    }

    /// <summary>How many pages follow cases now (for tests and health).</summary>
    public int SubscriberCount => _subscribers.Items.Length;

    /// <summary>The engine committed changes of these cases.</summary>
    public void Publish(IEnumerable<string> caseCodes)
    {
        var subscribers = _subscribers.Items;
        if (subscribers.Length == 0)
        {
            return;
        }

        foreach (var code in caseCodes.Distinct(StringComparer.Ordinal))
        {
            foreach (var subscriber in subscribers)
            {
                if (subscriber.CaseCode is null || string.Equals(subscriber.CaseCode, code, StringComparison.Ordinal))
                {
                    subscriber.Notify(code);
                }
            }
        }
    }

    private void Remove(Subscription subscription)
    {
        lock (_gate)
        {
            _subscribers = _subscribers.Remove(subscription);
        }
    }

    /// <summary>A copy-on-write array: publishing reads it without a lock.</summary>
    private sealed record ImmutableSubscribers(Subscription[] Items)
    {
        public static readonly ImmutableSubscribers Empty = new([]);

        public ImmutableSubscribers Add(Subscription s) => new([.. Items, s]);

        public ImmutableSubscribers Remove(Subscription s) => new([.. Items.Where(i => !ReferenceEquals(i, s))]);
    }

    private sealed class Subscription(CaseChanges owner, string? caseCode, Action<string> changed) : IDisposable
    {
        private int _disposed;

        public string? CaseCode => caseCode;

        public void Notify(string code)
        {
            if (Volatile.Read(ref _disposed) == 0)
            {
                changed(code);
            }
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Remove(this);
            }
        }
    }
}
