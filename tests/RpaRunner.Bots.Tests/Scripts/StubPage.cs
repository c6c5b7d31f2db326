using RpaRunner.Bots.Runtime;
using RpaRunner.Bots.Scripts;

namespace RpaRunner.Bots.Tests.Scripts;

/// <summary>
/// A page that shows the css targets in <see cref="Shown"/>; counts clicks (the submit is the record) and looks for
/// trouble, failing with <see cref="Trouble"/> once it is set.
/// </summary>
internal sealed class StubPage(params string[] shown) : IScriptDriver
{
    public HashSet<string> Shown { get; } = [.. shown];

    public int Clicks { get; private set; }

    public List<(IReadOnlyList<Target> Targets, TimeSpan Timeout)> Waits { get; } = [];

    public Task GotoAsync(string address, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<int> SelectAsync(IReadOnlyList<Target> targets, string value, TimeSpan timeout, CancellationToken cancellationToken) => Task.FromResult(0);

    public Task<int> SetDateAsync(IReadOnlyList<Target> targets, string value, TimeSpan timeout, CancellationToken cancellationToken) => Task.FromResult(0);

    public Task<int> CheckAsync(IReadOnlyList<Target> targets, TimeSpan timeout, CancellationToken cancellationToken) => Task.FromResult(0);

    public Task<int> ClickAsync(IReadOnlyList<Target> targets, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Clicks++;
        return Task.FromResult(0);
    }

    /// <summary>The earliest target shown wins, as the real drivers resolve fallbacks.</summary>
    public Task<int> WaitForAsync(IReadOnlyList<Target> targets, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Waits.Add((targets, timeout));
        for (var i = 0; i < targets.Count; i++)
        {
            if (targets[i].Css is { } css && Shown.Contains(css))
            {
                return Task.FromResult(i);
            }
        }

        return Task.FromResult(-1);
    }

    public Task<(string? Text, int Index)> ReadAsync(IReadOnlyList<Target> targets, TimeSpan timeout, CancellationToken cancellationToken) =>
        Task.FromResult<(string?, int)>(("SL0001", 0));

    public Task FrameAsync(IReadOnlyList<string> names, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<bool> WaitForEndingAsync(CommitEnding ending, TimeSpan timeout, CancellationToken cancellationToken) => Task.FromResult(false);

    public int HealthLooks { get; private set; }

    /// <summary>What the page shows as trouble from now on (an inline refusal), or null.</summary>
    public BotFailureException? Trouble { get; set; }

    /// <summary>Called after each field entry with the number of entries so far (to make trouble appear mid-form).</summary>
    public Action<int>? AfterFill { get; set; }

    private int _fills;

    public Task<int> FillAsync(IReadOnlyList<Target> targets, string value, TimeSpan timeout, CancellationToken cancellationToken)
    {
        AfterFill?.Invoke(++_fills);
        return Task.FromResult(0);
    }

    public Task CheckHealthAsync(CancellationToken cancellationToken)
    {
        HealthLooks++;
        return Trouble is { } trouble ? Task.FromException(trouble) : Task.CompletedTask;
    }
}
