using System.Collections.Concurrent;

namespace RpaRunner.Runner.Security;

/// <summary>
/// Locks a user name out of the web UI's sign-in for <see cref="LockoutDuration"/> after
/// <see cref="MaxFailures"/> wrong passwords in a row, so a password cannot be guessed by trying. Counted per
/// runner process (in a farm, per orchestrator); a right password resets the count, a lockout ends by itself.
/// </summary>
public sealed class SignInThrottle(TimeProvider time)
{
    public const int MaxFailures = 5;
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>When the name is locked out, until when; else null.</summary>
    public DateTimeOffset? LockedUntil(string name) =>
        _entries.TryGetValue(name, out var entry) && entry.LockedUntil > time.GetUtcNow() ? entry.LockedUntil : null;

    /// <summary>Counts a wrong password; returns true when this failure locked the name out.</summary>
    public bool Failed(string name)
    {
        var now = time.GetUtcNow();
        var entry = _entries.AddOrUpdate(
            name,
            _ => new Entry(1, DateTimeOffset.MinValue),
            (_, e) => e.LockedUntil > DateTimeOffset.MinValue && e.LockedUntil <= now ? new Entry(1, DateTimeOffset.MinValue) : e with { Failures = e.Failures + 1 });
        if (entry.Failures < MaxFailures || entry.LockedUntil > now)
        {
            return false;
        }

        _entries[name] = entry with { LockedUntil = now + LockoutDuration };
        return true;
    }

    public void Succeeded(string name) => _entries.TryRemove(name, out _);

    private sealed record Entry(int Failures, DateTimeOffset LockedUntil);
}
